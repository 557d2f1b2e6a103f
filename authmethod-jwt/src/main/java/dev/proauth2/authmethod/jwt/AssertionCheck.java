package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The checks of a client assertion that need no key (RFC 7523 section 3): its form, its header and
 * its claims. Each failure is {@code invalid_client} with a description naming the check; none ever
 * quotes the assertion.
 */
final class AssertionCheck {

  private AssertionCheck() {}

  /**
   * Parses an assertion without verifying it, to find who it claims to be.
   *
   * @throws Proauth2Exception {@code invalid_client} when it is not a readable JWT
   */
  static JWT parse(String assertion) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(assertion);
      jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw invalid(
          "client_assertion is not a JWT with a JSON claims set (RFC 7519); send a signed JWT in"
              + " compact form");
    }
    if (!(jwt instanceof SignedJWT) && !(jwt instanceof PlainJWT)) {
      throw invalid(
          "client_assertion is encrypted (JWE); send a JWT signed with the client's private key");
    }
    return jwt;
  }

  /** The claims of a JWT {@link #parse} accepted. */
  static JWTClaimsSet claimsOf(JWT jwt) {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw invalid("client_assertion has no valid JSON claims set (RFC 7519)");
    }
  }

  /**
   * Checks the header and returns the signed JWT with its accepted algorithm. Header members that
   * name other keys ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) are not read: only the
   * client's registered keys count.
   */
  static SigningAlgorithm header(JWT jwt) {
    if (!(jwt instanceof SignedJWT)) {
      throw invalid(
          "client_assertion is unsigned (alg none); sign it with one of "
              + SigningAlgorithm.names()
              + " and the client's private key");
    }
    JWSHeader header = ((SignedJWT) jwt).getHeader();
    SigningAlgorithm algorithm =
        SigningAlgorithm.of(header.getAlgorithm())
            .orElseThrow(
                () ->
                    invalid(
                        "client_assertion alg is not accepted: sign with one of "
                            + SigningAlgorithm.names()
                            + " (asymmetric only; never none or HMAC)"));
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw invalid(
          "client_assertion header has crit; this server understands no critical header"
              + " extension (RFC 7515 section 4.1.11)");
    }
    return algorithm;
  }

  /**
   * Checks the claims for this client at this server and returns until when its {@code jti} must be
   * remembered: its expiry plus the clock skew, the last moment it could be accepted.
   */
  static Instant checkClaims(
      JWTClaimsSet claims,
      String clientId,
      ClientAuthContext context,
      PrivateKeyJwtSettings settings) {
    if (!clientId.equals(claims.getIssuer())) {
      throw invalid("client_assertion iss is missing or is not the client_id (RFC 7523 section 3)");
    }
    if (!clientId.equals(claims.getSubject())) {
      throw invalid("client_assertion sub is missing or is not the client_id (RFC 7523 section 3)");
    }
    checkAudience(claims.getAudience(), context.audiences());
    Instant now = context.now();
    Duration skew = settings.clockSkew();
    Instant expires = instant(claims.getExpirationTime());
    if (expires == null) {
      throw invalid("client_assertion has no exp; it must expire (RFC 7523 section 3)");
    }
    if (!now.isBefore(expires.plus(skew))) {
      throw invalid("client_assertion has expired (exp is past); make a new one for each request");
    }
    if (expires.isAfter(now.plus(settings.maxLifetime()).plus(skew))) {
      throw invalid(
          "client_assertion exp is more than "
              + settings.maxLifetime().toSeconds()
              + " s ahead; make short-lived assertions");
    }
    Instant notBefore = instant(claims.getNotBeforeTime());
    if (notBefore != null && notBefore.isAfter(now.plus(skew))) {
      throw invalid("client_assertion is not valid yet (nbf is in the future)");
    }
    Instant issuedAt = instant(claims.getIssueTime());
    if (issuedAt != null && issuedAt.isAfter(now.plus(skew))) {
      throw invalid("client_assertion iat is in the future; check the client's clock");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty()) {
      throw invalid(
          "client_assertion has no jti; each assertion needs a unique one (RFC 7523 section 3)");
    }
    if (jti.length() > Table.MAX_ID) {
      throw invalid("client_assertion jti is longer than " + Table.MAX_ID + " characters");
    }
    return expires.plus(skew);
  }

  private static void checkAudience(List<String> audience, List<String> accepted) {
    if (accepted.isEmpty()) {
      throw invalid(
          "this server has no issuer configured, so it cannot check a client assertion's aud;"
              + " its operator must set one (Proauth2.builder().issuer(...))");
    }
    if (audience == null || audience.stream().noneMatch(accepted::contains)) {
      throw invalid(
          "client_assertion aud is missing or does not name this server; use its issuer "
              + accepted.get(0)
              + (accepted.size() > 1 ? " or its token endpoint " + accepted.get(1) : ""));
    }
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  static Proauth2Exception invalid(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_CLIENT, description);
  }
}

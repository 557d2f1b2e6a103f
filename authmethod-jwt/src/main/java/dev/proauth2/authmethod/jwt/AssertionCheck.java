package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.spi.Proauth2Exception;
import java.text.ParseException;
import java.util.Map;

/**
 * The checks of a client assertion that need no key: its form and its header. Each failure is
 * {@code invalid_client} with a description naming the check; none ever quotes the assertion.
 */
final class AssertionCheck {

  /**
   * The {@code typ} values an assertion may carry: none, {@code JWT}, or {@code
   * client-authentication+jwt} (draft-ietf-oauth-rfc7523bis); another type names another kind of
   * token, which must not pass for a client assertion.
   */
  static final JOSEObjectTypeVerifier<AssertionContext> TYPES =
      new DefaultJOSEObjectTypeVerifier<>(
          JOSEObjectType.JWT, new JOSEObjectType("client-authentication+jwt"), null);

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
   * Checks the header and returns the signed JWT: signed with an accepted algorithm, no {@code
   * crit}, a {@code typ} of a client assertion. Header members that name other keys ({@code jwk},
   * {@code jku}, {@code x5u}, {@code x5c}) are never read: only the client's registered keys count.
   */
  static SignedJWT signed(JWT jwt) {
    if (!(jwt instanceof SignedJWT)) {
      throw invalid(
          "client_assertion is unsigned (alg none); sign it with one of "
              + SigningAlgorithm.names()
              + " and the client's private key");
    }
    SignedJWT signed = (SignedJWT) jwt;
    JWSHeader header = signed.getHeader();
    if (!SigningAlgorithm.ACCEPTED.contains(header.getAlgorithm())) {
      throw invalid(
          "client_assertion alg is not accepted: sign with one of "
              + SigningAlgorithm.names()
              + " (asymmetric only; never none or HMAC)");
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw invalid(
          "client_assertion header has crit; this server understands no critical header"
              + " extension (RFC 7515 section 4.1.11)");
    }
    try {
      TYPES.verify(header.getType(), null);
    } catch (BadJOSEException e) {
      throw invalid(
          "client_assertion typ names another kind of token; use client-authentication+jwt, or"
              + " JWT, or leave typ out");
    }
    return signed;
  }

  /**
   * Whether the assertion's {@code aud} is a JSON string rather than an array, which the parsed
   * claims no longer tell (draft-ietf-oauth-rfc7523bis wants a string).
   */
  static boolean audienceIsString(SignedJWT signed) {
    Map<String, Object> payload = signed.getPayload().toJSONObject();
    return payload != null && payload.get("aud") instanceof String;
  }

  static Proauth2Exception invalid(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_CLIENT, description);
  }
}

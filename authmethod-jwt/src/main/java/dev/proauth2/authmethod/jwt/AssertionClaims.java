package dev.proauth2.authmethod.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The claims of a client assertion (RFC 7523 section 3, draft-ietf-oauth-rfc7523bis), checked by
 * Nimbus once the signature has verified: {@code iss} and {@code sub} are the client id; {@code
 * aud} is the server's issuer (or, when the host allows it, its token endpoint); {@code exp} and
 * {@code jti} are present; {@code exp} and {@code nbf} hold within the clock skew. This class adds
 * what Nimbus does not check: {@code aud} as a single string, {@code exp} no further ahead than
 * {@link PrivateKeyJwtSettings#maxLifetime()}, {@code iat} not in the future, and a {@code jti} of
 * 1 to {@value Table#MAX_ID} characters. Each failure's message names the check in words a client
 * developer can act on.
 */
final class AssertionClaims extends DefaultJWTClaimsVerifier<AssertionContext> {

  private static final Set<String> REQUIRED = Set.of("iss", "sub", "aud", "exp", "jti");

  private final String clientId;
  private final List<String> audiences;
  private final boolean singleAudience;
  private final boolean audienceIsString;
  private final Instant now;
  private final Duration skew;
  private final Duration maxLifetime;

  /**
   * A verifier for one assertion.
   *
   * @param clientId the client the assertion must be about
   * @param audiences the accepted audiences: the issuer, then the token endpoint URL when allowed
   * @param audienceIsString whether the assertion's {@code aud} is a JSON string, not an array
   * @param now the engine's time
   * @param settings the lifetime and skew limits, and whether more than the issuer is accepted
   */
  AssertionClaims(
      String clientId,
      List<String> audiences,
      boolean audienceIsString,
      Instant now,
      PrivateKeyJwtSettings settings) {
    super(
        Set.copyOf(audiences),
        new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).build(),
        REQUIRED,
        Set.of());
    this.clientId = clientId;
    this.audiences = List.copyOf(audiences);
    this.singleAudience = !settings.acceptTokenEndpointAudience();
    this.audienceIsString = audienceIsString;
    this.now = now;
    this.skew = settings.clockSkew();
    this.maxLifetime = settings.maxLifetime();
    setMaxClockSkew((int) skew.toSeconds());
  }

  @Override
  protected Date currentTime() {
    return Date.from(now);
  }

  /**
   * Checks the claims.
   *
   * @throws BadJWTException whose message is the description for the client
   */
  @Override
  public void verify(JWTClaimsSet claims, AssertionContext context) throws BadJWTException {
    if (singleAudience && claims.getAudience() != null && !audienceIsString) {
      throw new BadJWTException(
          "client_assertion aud must be a single string, this server's issuer "
              + audiences.get(0)
              + ", not an array (draft-ietf-oauth-rfc7523bis)");
    }
    try {
      super.verify(claims, context);
    } catch (ExpiredJWTException e) {
      throw new BadJWTException(
          "client_assertion has expired (exp is past); make a new one for each request");
    } catch (BadJWTException e) {
      throw new BadJWTException(describe(claims, e));
    }
    Instant expires = claims.getExpirationTime().toInstant();
    if (expires.isAfter(now.plus(maxLifetime).plus(skew))) {
      throw new BadJWTException(
          "client_assertion exp is more than "
              + maxLifetime.toSeconds()
              + " s ahead; make short-lived assertions");
    }
    Date issuedAt = claims.getIssueTime();
    if (issuedAt != null && issuedAt.toInstant().isAfter(now.plus(skew))) {
      throw new BadJWTException("client_assertion iat is in the future; check the client's clock");
    }
    String jti = claims.getJWTID();
    if (jti.isEmpty() || jti.length() > Table.MAX_ID) {
      throw new BadJWTException(
          "client_assertion jti must have 1 to " + Table.MAX_ID + " characters");
    }
  }

  /** Until when the assertion's {@code jti} must be remembered: the last moment it could count. */
  Instant rememberUntil(JWTClaimsSet claims) {
    return claims.getExpirationTime().toInstant().plus(skew);
  }

  /**
   * Says in the client's words which check Nimbus's verdict is about; the verdict is Nimbus's, only
   * the wording is found here, in the order Nimbus checks.
   */
  private String describe(JWTClaimsSet claims, BadJWTException verdict) {
    List<String> aud = claims.getAudience();
    if (aud == null || aud.isEmpty() || aud.stream().noneMatch(audiences::contains)) {
      return "client_assertion aud "
          + (aud == null || aud.isEmpty() ? "is missing" : "does not name this server")
          + "; set it to this server's issuer "
          + audiences.get(0)
          + (singleAudience
              ? " (a single string; draft-ietf-oauth-rfc7523bis)"
              : audiences.size() > 1 ? " or its token endpoint " + audiences.get(1) : "");
    }
    if (!clientId.equals(claims.getIssuer())) {
      return "client_assertion iss is missing or is not the client_id (RFC 7523 section 3)";
    }
    if (!clientId.equals(claims.getSubject())) {
      return "client_assertion sub is missing or is not the client_id (RFC 7523 section 3)";
    }
    if (claims.getExpirationTime() == null) {
      return "client_assertion has no exp; it must expire (RFC 7523 section 3)";
    }
    if (claims.getJWTID() == null) {
      return "client_assertion has no jti; each assertion needs a unique one (RFC 7523 section 3)";
    }
    if (claims.getNotBeforeTime() != null) {
      return "client_assertion is not valid yet (nbf is in the future)";
    }
    return "client_assertion claims are refused: " + verdict.getMessage();
  }
}

package dev.proauth2;

import dev.proauth2.spi.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a signed access token says (RFC 9068 section 2.2): the engine decides every claim, a {@link
 * TokenSigner} only writes them.
 *
 * @param issuer {@code iss}, the engine's issuer identifier
 * @param subject {@code sub}: the user, or the client itself for {@code client_credentials}
 * @param clientId {@code client_id}
 * @param audience {@code aud}: the token's resources (RFC 8707), or the issuer for a token bound to
 *     none; never empty
 * @param scope {@code scope}, space-separated, or {@code null} for none
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 * @param jwtId {@code jti}, a random value of at least 128 bits
 * @param actor {@code act} (RFC 8693 section 4.1), who acts for the subject, or {@code null}
 * @param dpopJkt {@code cnf.jkt} (RFC 9449 section 6.1): the thumbprint of the DPoP key the token
 *     is bound to, or {@code null} for a bearer token
 */
public record AccessTokenClaims(
    String issuer,
    String subject,
    String clientId,
    List<String> audience,
    String scope,
    Instant issuedAt,
    Instant expiresAt,
    String jwtId,
    Actor actor,
    String dpopJkt) {

  /** Checks that every required claim is present and copies the audience. */
  public AccessTokenClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(clientId, "clientId");
    audience = List.copyOf(audience);
    if (audience.isEmpty()) {
      throw new IllegalArgumentException("an access token needs an audience");
    }
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(jwtId, "jwtId");
  }

  /** The claims of a bearer token no one acts for. */
  public AccessTokenClaims(
      String issuer,
      String subject,
      String clientId,
      List<String> audience,
      String scope,
      Instant issuedAt,
      Instant expiresAt,
      String jwtId) {
    this(issuer, subject, clientId, audience, scope, issuedAt, expiresAt, jwtId, null, null);
  }
}

package dev.proauth2;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine knows of a grant when it answers a code exchange or a refresh: what a {@link
 * TokenResponseExtension} writes its parameters from, such as an OpenID Connect ID token.
 *
 * @param issuer the engine's issuer identifier
 * @param grantType {@link GrantType#AUTHORIZATION_CODE} or {@link GrantType#REFRESH_TOKEN}
 * @param client the client the tokens are for, without its secret
 * @param userId the user the host authenticated
 * @param scope the access token's scope, or {@code null}
 * @param accessToken the access token issued with this response (for a hash of it, such as {@code
 *     at_hash}); never shown by {@link #toString()}
 * @param issuedAt when the tokens were issued
 * @param nonce the {@code nonce} of the authorization request, at the code exchange only; {@code
 *     null} on refresh and when the client sent none
 * @param signIn what the host said of the user's sign-in when the code was issued
 */
public record GrantFacts(
    String issuer,
    GrantType grantType,
    ClientRegistration client,
    String userId,
    String scope,
    String accessToken,
    Instant issuedAt,
    String nonce,
    SignIn signIn) {

  /** Checks the parts every grant has. */
  public GrantFacts {
    Objects.requireNonNull(grantType, "grantType");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(signIn, "signIn");
  }

  /** Whether the grant holds a scope value, such as {@code openid}. */
  public boolean hasScope(String value) {
    return scope != null && Scopes.contains(scope, value);
  }

  /** The nonce, when there is one. */
  public Optional<String> optionalNonce() {
    return Optional.ofNullable(nonce);
  }

  @Override
  public String toString() {
    return "GrantFacts[grantType="
        + grantType.value()
        + ", client="
        + client.clientId()
        + ", scope="
        + scope
        + ", accessToken=REDACTED]";
  }
}

package dev.proauth2.spi;

import java.util.Objects;

/**
 * What {@link GrantContext#issueWithin} issued and an {@link ExtensionGrant} answers with: the
 * token response of RFC 6749 section 5.1, with RFC 8693's {@code issued_token_type} when the grant
 * names one. No {@code toString()} shows the token.
 *
 * @param accessToken the access token
 * @param expiresIn its lifetime in seconds
 * @param scope its scopes, or {@code null} for none
 * @param issuedTokenType the {@code issued_token_type} (RFC 8693 section 2.2.1), or {@code null}
 */
public record IssuedTokens(
    String accessToken, long expiresIn, String scope, String issuedTokenType) {

  /** Checks the token is there. */
  public IssuedTokens {
    Objects.requireNonNull(accessToken, "accessToken");
  }

  /** The same tokens answered with this {@code issued_token_type}. */
  public IssuedTokens withIssuedTokenType(String type) {
    return new IssuedTokens(accessToken, expiresIn, scope, Objects.requireNonNull(type, "type"));
  }

  @Override
  public String toString() {
    return "IssuedTokens[accessToken=REDACTED, expiresIn="
        + expiresIn
        + ", scope="
        + scope
        + ", issuedTokenType="
        + issuedTokenType
        + "]";
  }
}

package dev.proauth2;

import java.util.Optional;

/**
 * A successful token response (RFC 6749 section 5.1).
 *
 * @param accessToken the access token
 * @param tokenType always {@code Bearer}
 * @param expiresIn the access token's lifetime in seconds
 * @param refreshToken the refresh token, or {@code null} when none is issued
 * @param scope the granted scopes, or {@code null} when none
 * @param issuedTokenType the {@code issued_token_type} of RFC 8693 section 2.2.1, or {@code null}
 *     for a grant that names none
 */
public record TokenResponse(
    String accessToken,
    String tokenType,
    long expiresIn,
    String refreshToken,
    String scope,
    String issuedTokenType) {

  /** A response of a grant that names no token type. */
  public TokenResponse(
      String accessToken, String tokenType, long expiresIn, String refreshToken, String scope) {
    this(accessToken, tokenType, expiresIn, refreshToken, scope, null);
  }

  /** The refresh token, when one was issued. */
  public Optional<String> optionalRefreshToken() {
    return Optional.ofNullable(refreshToken);
  }

  @Override
  public String toString() {
    return "TokenResponse[accessToken=REDACTED, tokenType="
        + tokenType
        + ", expiresIn="
        + expiresIn
        + ", refreshToken="
        + (refreshToken == null ? "none" : "REDACTED")
        + ", scope="
        + scope
        + (issuedTokenType == null ? "" : ", issuedTokenType=" + issuedTokenType)
        + "]";
  }
}

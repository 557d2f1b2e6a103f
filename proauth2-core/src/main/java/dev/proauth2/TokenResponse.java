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
 */
public record TokenResponse(
    String accessToken, String tokenType, long expiresIn, String refreshToken, String scope) {

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
        + "]";
  }
}

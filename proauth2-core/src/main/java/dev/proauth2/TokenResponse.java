package dev.proauth2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param parameters further parameters a {@link TokenResponseExtension} added, such as OpenID
 *     Connect's {@code id_token}, in order; empty when none
 */
public record TokenResponse(
    String accessToken,
    String tokenType,
    long expiresIn,
    String refreshToken,
    String scope,
    String issuedTokenType,
    Map<String, String> parameters) {

  /** Copies the parameters. */
  public TokenResponse {
    parameters =
        parameters == null || parameters.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** A response of a grant that names no token type, without further parameters. */
  public TokenResponse(
      String accessToken, String tokenType, long expiresIn, String refreshToken, String scope) {
    this(accessToken, tokenType, expiresIn, refreshToken, scope, null, Map.of());
  }

  /** The refresh token, when one was issued. */
  public Optional<String> optionalRefreshToken() {
    return Optional.ofNullable(refreshToken);
  }

  /** A further parameter, such as {@code id_token}, when an extension added it. */
  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  /** This response with these parameters added. */
  TokenResponse withParameters(Map<String, String> added) {
    if (added.isEmpty()) {
      return this;
    }
    Map<String, String> all = new LinkedHashMap<>(parameters);
    all.putAll(added);
    return new TokenResponse(
        accessToken, tokenType, expiresIn, refreshToken, scope, issuedTokenType, all);
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
        + (parameters.isEmpty() ? "" : ", parameters=" + parameters.keySet() + " (REDACTED)")
        + "]";
  }
}

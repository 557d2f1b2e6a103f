package dev.proauth2;

/**
 * A token request (RFC 6749 section 4.1.3, 4.4.2 and 6) with the client's credentials. Make one
 * with {@link #authorizationCode}, {@link #refreshToken} or {@link #clientCredentials}.
 *
 * @param grantType {@code authorization_code}, {@code refresh_token} or {@code client_credentials}
 * @param clientId the client's id
 * @param clientSecret the client's secret, or {@code null} for a public client
 * @param code the authorization code, for {@code authorization_code}
 * @param redirectUri the redirect URI of the authorization request, or {@code null}
 * @param codeVerifier the PKCE {@code code_verifier}, or {@code null}
 * @param refreshToken the refresh token, for {@code refresh_token}
 * @param scope the scopes asked for, or {@code null}
 */
public record TokenRequest(
    String grantType,
    String clientId,
    String clientSecret,
    String code,
    String redirectUri,
    String codeVerifier,
    String refreshToken,
    String scope) {

  /** The {@code authorization_code} grant type. */
  public static final String AUTHORIZATION_CODE = "authorization_code";

  /** The {@code refresh_token} grant type. */
  public static final String REFRESH_TOKEN = "refresh_token";

  /** The {@code client_credentials} grant type. */
  public static final String CLIENT_CREDENTIALS = "client_credentials";

  /** Exchanges an authorization code for tokens. */
  public static TokenRequest authorizationCode(
      String clientId, String clientSecret, String code, String redirectUri, String codeVerifier) {
    return new TokenRequest(
        AUTHORIZATION_CODE, clientId, clientSecret, code, redirectUri, codeVerifier, null, null);
  }

  /** Exchanges a refresh token for new tokens, optionally with narrower scope. */
  public static TokenRequest refreshToken(
      String clientId, String clientSecret, String refreshToken, String scope) {
    return new TokenRequest(
        REFRESH_TOKEN, clientId, clientSecret, null, null, null, refreshToken, scope);
  }

  /** Asks for a token for the client itself. */
  public static TokenRequest clientCredentials(String clientId, String clientSecret, String scope) {
    return new TokenRequest(
        CLIENT_CREDENTIALS, clientId, clientSecret, null, null, null, null, scope);
  }

  @Override
  public String toString() {
    return "TokenRequest[grantType="
        + grantType
        + ", clientId="
        + clientId
        + ", scope="
        + scope
        + ", secrets REDACTED]";
  }
}

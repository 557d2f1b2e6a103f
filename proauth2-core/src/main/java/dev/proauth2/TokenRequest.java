package dev.proauth2;

/**
 * A token request (RFC 6749 sections 4.1.3, 4.4.2 and 6) with the client's credentials: one record
 * per grant, each holding only what its grant needs. Make one with {@link #authorizationCode},
 * {@link #refreshToken} or {@link #clientCredentials}.
 *
 * <p>The values are what the client sent, so the engine checks them and answers a missing or
 * malformed one with an OAuth error ({@code invalid_request}, {@code invalid_grant}, ...), never
 * with a {@link NullPointerException}. No {@code toString()} shows a secret, code or token.
 */
public sealed interface TokenRequest {

  /** The grant this request asks for. */
  GrantType grantType();

  /** The client's id; a missing one is {@code invalid_client}. */
  String clientId();

  /** The client's secret, or {@code null} for a public client. */
  String clientSecret();

  /** Exchanges an authorization code for tokens. */
  static AuthorizationCode authorizationCode(
      String clientId, String clientSecret, String code, String redirectUri, String codeVerifier) {
    return new AuthorizationCode(clientId, clientSecret, code, redirectUri, codeVerifier);
  }

  /** Exchanges a refresh token for new tokens, optionally with narrower scope. */
  static RefreshToken refreshToken(
      String clientId, String clientSecret, String refreshToken, String scope) {
    return new RefreshToken(clientId, clientSecret, refreshToken, scope);
  }

  /** Asks for a token for the client itself. */
  static ClientCredentials clientCredentials(String clientId, String clientSecret, String scope) {
    return new ClientCredentials(clientId, clientSecret, scope);
  }

  /**
   * The {@code authorization_code} grant (RFC 6749 section 4.1.3 with PKCE, RFC 7636 section 4.5).
   *
   * @param clientId the client's id
   * @param clientSecret the client's secret, or {@code null} for a public client
   * @param code the authorization code
   * @param redirectUri the redirect URI of the authorization request, or {@code null}
   * @param codeVerifier the PKCE {@code code_verifier}, or {@code null}
   */
  record AuthorizationCode(
      String clientId, String clientSecret, String code, String redirectUri, String codeVerifier)
      implements TokenRequest {

    @Override
    public GrantType grantType() {
      return GrantType.AUTHORIZATION_CODE;
    }

    @Override
    public String toString() {
      return "TokenRequest.AuthorizationCode[clientId="
          + clientId
          + ", clientSecret="
          + redacted(clientSecret)
          + ", code="
          + redacted(code)
          + ", redirectUri="
          + redirectUri
          + ", codeVerifier="
          + redacted(codeVerifier)
          + "]";
    }
  }

  /**
   * The {@code refresh_token} grant (RFC 6749 section 6).
   *
   * @param clientId the client's id
   * @param clientSecret the client's secret, or {@code null} for a public client
   * @param refreshToken the refresh token
   * @param scope the scopes asked for, within the grant's, or {@code null} for all of them
   */
  record RefreshToken(String clientId, String clientSecret, String refreshToken, String scope)
      implements TokenRequest {

    @Override
    public GrantType grantType() {
      return GrantType.REFRESH_TOKEN;
    }

    @Override
    public String toString() {
      return "TokenRequest.RefreshToken[clientId="
          + clientId
          + ", clientSecret="
          + redacted(clientSecret)
          + ", refreshToken="
          + redacted(refreshToken)
          + ", scope="
          + scope
          + "]";
    }
  }

  /**
   * The {@code client_credentials} grant (RFC 6749 section 4.4), for confidential clients only.
   *
   * @param clientId the client's id
   * @param clientSecret the client's secret
   * @param scope the scopes asked for, or {@code null}
   */
  record ClientCredentials(String clientId, String clientSecret, String scope)
      implements TokenRequest {

    @Override
    public GrantType grantType() {
      return GrantType.CLIENT_CREDENTIALS;
    }

    @Override
    public String toString() {
      return "TokenRequest.ClientCredentials[clientId="
          + clientId
          + ", clientSecret="
          + redacted(clientSecret)
          + ", scope="
          + scope
          + "]";
    }
  }

  private static String redacted(String secret) {
    return secret == null ? "none" : "REDACTED";
  }
}

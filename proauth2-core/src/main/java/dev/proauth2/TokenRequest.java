package dev.proauth2;

import java.util.List;

/**
 * A token request (RFC 6749 sections 4.1.3, 4.4.2 and 6) with the client's credentials: one record
 * per grant, each holding only what its grant needs. Make one with {@link #authorizationCode},
 * {@link #refreshToken}, {@link #clientCredentials} or {@link #deviceCode}.
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

  /**
   * The resources (RFC 8707) the client wants the access token for; empty for those of the grant,
   * or none in particular.
   */
  List<String> resources();

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
   * @param resources the resources the token is for, among those of the authorization request
   */
  record AuthorizationCode(
      String clientId,
      String clientSecret,
      String code,
      String redirectUri,
      String codeVerifier,
      List<String> resources)
      implements TokenRequest {

    /** Copies the resources. */
    public AuthorizationCode {
      resources = Resources.copy(resources);
    }

    /** A request for the grant's resources. */
    public AuthorizationCode(
        String clientId,
        String clientSecret,
        String code,
        String redirectUri,
        String codeVerifier) {
      this(clientId, clientSecret, code, redirectUri, codeVerifier, List.of());
    }

    /** The same request for these resources (RFC 8707 section 2.2). */
    public AuthorizationCode withResources(List<String> resources) {
      return new AuthorizationCode(
          clientId, clientSecret, code, redirectUri, codeVerifier, resources);
    }

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
          + ", resources="
          + resources
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
   * @param resources the resources the token is for, within the grant's; empty for all of them
   */
  record RefreshToken(
      String clientId,
      String clientSecret,
      String refreshToken,
      String scope,
      List<String> resources)
      implements TokenRequest {

    /** Copies the resources. */
    public RefreshToken {
      resources = Resources.copy(resources);
    }

    /** A request for the grant's resources. */
    public RefreshToken(String clientId, String clientSecret, String refreshToken, String scope) {
      this(clientId, clientSecret, refreshToken, scope, List.of());
    }

    /** The same request for these resources, which may narrow the grant's, never widen them. */
    public RefreshToken withResources(List<String> resources) {
      return new RefreshToken(clientId, clientSecret, refreshToken, scope, resources);
    }

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
          + ", resources="
          + resources
          + "]";
    }
  }

  /**
   * The {@code client_credentials} grant (RFC 6749 section 4.4), for confidential clients only.
   *
   * @param clientId the client's id
   * @param clientSecret the client's secret
   * @param scope the scopes asked for, or {@code null}
   * @param resources the resources the token is for
   */
  record ClientCredentials(
      String clientId, String clientSecret, String scope, List<String> resources)
      implements TokenRequest {

    /** Copies the resources. */
    public ClientCredentials {
      resources = Resources.copy(resources);
    }

    /** A request for no resource in particular, or the engine's default one. */
    public ClientCredentials(String clientId, String clientSecret, String scope) {
      this(clientId, clientSecret, scope, List.of());
    }

    /** The same request for these resources. */
    public ClientCredentials withResources(List<String> resources) {
      return new ClientCredentials(clientId, clientSecret, scope, resources);
    }

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
          + ", resources="
          + resources
          + "]";
    }
  }

  /** Polls with a device code (RFC 8628 section 3.4). */
  static DeviceCode deviceCode(String clientId, String clientSecret, String deviceCode) {
    return new DeviceCode(clientId, clientSecret, deviceCode);
  }

  /**
   * The device authorization grant's token request (RFC 8628 section 3.4): the device polls with
   * its device code until the user decided.
   *
   * @param clientId the client's id
   * @param clientSecret the client's secret, or {@code null} for a public client
   * @param deviceCode the device code of the device authorization response
   */
  record DeviceCode(String clientId, String clientSecret, String deviceCode)
      implements TokenRequest {

    @Override
    public GrantType grantType() {
      return GrantType.DEVICE_CODE;
    }

    /** None: the tokens are for the resources the device authorization request named. */
    @Override
    public List<String> resources() {
      return List.of();
    }

    @Override
    public String toString() {
      return "TokenRequest.DeviceCode[clientId="
          + clientId
          + ", clientSecret="
          + redacted(clientSecret)
          + ", deviceCode="
          + redacted(deviceCode)
          + "]";
    }
  }

  private static String redacted(String secret) {
    return secret == null ? "none" : "REDACTED";
  }
}

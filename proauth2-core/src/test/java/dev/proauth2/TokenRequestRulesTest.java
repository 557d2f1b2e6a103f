package dev.proauth2;

import static dev.proauth2.TestEngine.REDIRECT;
import static dev.proauth2.TestEngine.assertError;
import static dev.proauth2.TestEngine.newVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the engine checks in a token request, whatever the store: the client's grants, the redirect
 * URI, the PKCE verifier and the scope of a refresh. (A {@code grant_type} the server does not
 * offer cannot reach the engine: {@code TokenEndpointTest} covers it.)
 */
class TokenRequestRulesTest {

  private final TestEngine engine = new TestEngine();
  private final Proauth2 oauth = engine.oauth;
  private final ClientRegistration app = engine.app;

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  private TokenResponse refresh(String refreshToken, String scope) {
    return oauth.requestAccessToken(
        TokenRequest.refreshToken(app.clientId(), app.clientSecret(), refreshToken, scope));
  }

  @Test
  @DisplayName("the short Python-style overloads run a flow without PKCE")
  void shortOverloads() {
    AuthorizationCode code = oauth.requestAuthorization(app.clientId(), "bob", "code", REDIRECT);
    TokenResponse tokens =
        oauth.requestAccessToken(app.clientId(), app.clientSecret(), code.code());
    assertEquals("bob", oauth.authenticateToken(tokens.accessToken()).userId());
    assertEquals("read write", tokens.scope());
  }

  @Test
  @DisplayName(
      "a redirect URI at the token endpoint that differs from the request's is invalid_grant")
  void wrongRedirect() {
    String verifier = newVerifier();
    AuthorizationCode code = engine.authorize(verifier);
    assertError(
        Proauth2Exception.INVALID_GRANT,
        () ->
            oauth.requestAccessToken(
                TokenRequest.authorizationCode(
                    app.clientId(),
                    app.clientSecret(),
                    code.code(),
                    "https://app.example/other",
                    verifier)));
  }

  @Test
  @DisplayName("a wrong or missing PKCE verifier is invalid_grant")
  void wrongVerifier() {
    AuthorizationCode code = engine.authorize(newVerifier());
    assertError(Proauth2Exception.INVALID_GRANT, () -> engine.exchange(code, newVerifier()));
    AuthorizationCode second = engine.authorize(newVerifier());
    assertError(Proauth2Exception.INVALID_GRANT, () -> engine.exchange(second, null));
  }

  @Test
  @DisplayName("a verifier sent for a code issued without a challenge is refused (no downgrade)")
  void verifierWithoutChallenge() {
    AuthorizationCode code = engine.authorize(app, null, "read");
    assertError(Proauth2Exception.INVALID_GRANT, () -> engine.exchange(code, newVerifier()));
  }

  @Test
  @DisplayName("a client not registered for a grant gets unauthorized_client")
  void grantNotRegistered() {
    assertError(
        Proauth2Exception.UNAUTHORIZED_CLIENT,
        () ->
            oauth.requestAccessToken(
                TokenRequest.clientCredentials(app.clientId(), app.clientSecret(), null)));
  }

  @Test
  @DisplayName("a refresh may narrow the scope but never widen it")
  void refreshScope() {
    TokenResponse first = engine.newGrant("read write");
    assertEquals("read", refresh(first.refreshToken(), "read").scope());
    TokenResponse other = engine.newGrant("read");
    assertError(Proauth2Exception.INVALID_SCOPE, () -> refresh(other.refreshToken(), "read write"));
  }

  @Test
  @DisplayName(
      "token requests with missing or malformed values, as a client may send them, are refused"
          + " with OAuth errors, consuming nothing")
  void badTokenRequests() {
    String verifier = newVerifier();
    AuthorizationCode code = engine.authorize(verifier);
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () -> engine.exchange(new AuthorizationCode(null, null, null), verifier));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_GRANT,
        () -> engine.exchange(new AuthorizationCode("c".repeat(1_000_000), null, null), verifier));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST, () -> engine.exchange(code, "short-verifier"));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT,
        () ->
            oauth.requestAccessToken(
                TokenRequest.authorizationCode(null, "x", code.code(), REDIRECT, verifier)));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () ->
            oauth.requestAccessToken(
                TokenRequest.refreshToken(app.clientId(), app.clientSecret(), null, null)));
    assertNotNull(engine.exchange(code, verifier).accessToken(), "the code survived every refusal");
  }

  @Test
  @DisplayName(
      "a null token request or credentials is the caller's mistake: a NullPointerException naming"
          + " the parameter, changing nothing")
  void nullTokenRequest() {
    long before = engine.store.changes();
    NullPointerException request =
        assertThrows(
            NullPointerException.class, () -> oauth.requestAccessToken((TokenRequest) null));
    assertEquals("request", request.getMessage());
    ClientCredentials credentials =
        new ClientCredentials("client_secret_basic", app.clientId(), app.clientSecret());
    assertEquals(
        "request",
        assertThrows(NullPointerException.class, () -> oauth.requestAccessToken(credentials, null))
            .getMessage());
    assertEquals(
        "credentials",
        assertThrows(
                NullPointerException.class,
                () ->
                    oauth.requestAccessToken(
                        null, TokenRequest.clientCredentials(app.clientId(), null, null)))
            .getMessage());
    assertEquals(before, engine.store.changes(), "a refused call changed the store");
  }

  @Test
  @DisplayName("each grant's request names its own grant type")
  void requestsNameTheirGrant() {
    assertEquals(
        GrantType.AUTHORIZATION_CODE,
        TokenRequest.authorizationCode("c", null, "code", null, null).grantType());
    assertEquals(
        GrantType.REFRESH_TOKEN, TokenRequest.refreshToken("c", null, "r", null).grantType());
    assertEquals(
        GrantType.CLIENT_CREDENTIALS, TokenRequest.clientCredentials("c", "s", null).grantType());
  }
}

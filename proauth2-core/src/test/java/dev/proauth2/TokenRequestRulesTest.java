package dev.proauth2;

import static dev.proauth2.TestEngine.REDIRECT;
import static dev.proauth2.TestEngine.assertError;
import static dev.proauth2.TestEngine.newVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.Proauth2Exception;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the engine checks in a token request, whatever the store: the grant type, the client's
 * grants, the redirect URI, the PKCE verifier and the scope of a refresh.
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
        oauth.requestAccessToken(
            app.clientId(), app.clientSecret(), code.code(), "authorization_code");
    assertEquals("bob", oauth.authenticateToken(tokens.accessToken()));
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
  @DisplayName("the password grant is refused as unsupported_grant_type with a reason")
  void passwordRefused() {
    Proauth2Exception password =
        assertError(
            Proauth2Exception.UNSUPPORTED_GRANT_TYPE,
            () ->
                oauth.requestAccessToken(
                    new TokenRequest(
                        "password",
                        app.clientId(),
                        app.clientSecret(),
                        null,
                        null,
                        null,
                        null,
                        null)));
    assertTrue(password.description().contains("password"), password.description());
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
  @DisplayName("token requests with missing or malformed values are refused, consuming nothing")
  void badTokenRequests() {
    String verifier = newVerifier();
    AuthorizationCode code = engine.authorize(verifier);
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () ->
            oauth.requestAccessToken(
                new TokenRequest(
                    null,
                    app.clientId(),
                    app.clientSecret(),
                    code.code(),
                    null,
                    verifier,
                    null,
                    null)));
    engine.assertRefusedUnchanged(
        Proauth2Exception.UNSUPPORTED_GRANT_TYPE,
        () ->
            oauth.requestAccessToken(
                new TokenRequest(
                    "urn:x",
                    app.clientId(),
                    app.clientSecret(),
                    code.code(),
                    null,
                    verifier,
                    null,
                    null)));
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
    assertNotNull(engine.exchange(code, verifier).accessToken(), "the code survived every refusal");
  }

  @Test
  @DisplayName("a null token request is invalid_request, not a NullPointerException")
  void nullTokenRequest() {
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST, () -> oauth.requestAccessToken((TokenRequest) null));
  }
}

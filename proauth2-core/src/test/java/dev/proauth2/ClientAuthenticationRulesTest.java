package dev.proauth2;

import static dev.proauth2.TestEngine.assertError;
import static dev.proauth2.TestEngine.newVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the engine answers a client that fails to authenticate, whatever the store. */
class ClientAuthenticationRulesTest {

  private final TestEngine engine = new TestEngine();
  private final Proauth2 oauth = engine.oauth;
  private final ClientRegistration app = engine.app;

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Test
  @DisplayName("a wrong client secret is invalid_client and issues nothing")
  void wrongSecret() {
    String verifier = newVerifier();
    AuthorizationCode code = engine.authorize(verifier);
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT,
        () ->
            oauth.requestAccessToken(
                TokenRequest.authorizationCode(
                    app.clientId(), "not-the-secret", code.code(), TestEngine.REDIRECT, verifier)));
    assertNotNull(engine.exchange(code, verifier).accessToken(), "the code still works");
  }

  @Test
  @DisplayName(
      "after 10 failed authentications a client is refused, even with its secret, for a minute")
  void bruteForceIsSlowed() {
    for (int i = 0; i < 10; i++) {
      assertError(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.clientCredentials(app.clientId(), "guess", null)));
    }
    TokenRequest withSecret =
        TokenRequest.refreshToken(app.clientId(), app.clientSecret(), "x".repeat(43), null);
    Proauth2Exception blocked =
        assertError(Proauth2Exception.INVALID_CLIENT, () -> oauth.requestAccessToken(withSecret));
    assertTrue(blocked.description().contains("too many"), blocked.description());
    engine.clock.advance(Duration.ofSeconds(61));
    assertError(Proauth2Exception.INVALID_GRANT, () -> oauth.requestAccessToken(withSecret));
  }

  @Test
  @DisplayName(
      "a client_id beside a client assertion is not a public client's (RFC 7521 section 4.2)")
  void clientIdBesideAnAssertion() {
    ClientAuthRequest withAssertion =
        new ClientAuthRequest(
            Map.of(),
            Map.of(
                "client_id", List.of("client-1"),
                "client_assertion_type",
                    List.of("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                "client_assertion", List.of("a.b.c")));
    assertEquals(Optional.empty(), oauth.extractCredentials(withAssertion));
    ClientAuthRequest alone =
        new ClientAuthRequest(Map.of(), Map.of("client_id", List.of("client-1")));
    assertEquals("none", oauth.extractCredentials(alone).orElseThrow().method());
  }
}

package dev.proauth2;

import static dev.proauth2.TestEngine.assertError;
import static dev.proauth2.TestEngine.newVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"0085", "009B", "202E", "2066", "200E", "061C", "FEFF", "200B", "2028"})
  @DisplayName(
      "a client_id with a C1, bidi or other format character is invalid_client at the token,"
          + " revocation and introspection calls and invalid_request at authorization, and no"
          + " listener hears of it")
  void hostileClientId(String hex) {
    List<Proauth2Event> events = new CopyOnWriteArrayList<>();
    try (TestEngine observed = new TestEngine(builder -> builder.listener(events::add))) {
      String id =
          observed.app.clientId() + new String(Character.toChars(Integer.parseInt(hex, 16)));
      String secret = observed.app.clientSecret();
      ClientCredentials basic = new ClientCredentials("client_secret_basic", id, secret);
      ClientCredentials none = new ClientCredentials("none", id, null);
      TokenRequest refresh = TokenRequest.refreshToken(null, null, "x".repeat(43), null);
      assertTrue(observed.oauth.flushEvents(Duration.ofSeconds(10)));
      events.clear();
      for (Proauth2Exception refused :
          List.of(
              assertError(
                  Proauth2Exception.INVALID_CLIENT,
                  () -> observed.oauth.requestAccessToken(basic, refresh)),
              assertError(
                  Proauth2Exception.INVALID_CLIENT,
                  () ->
                      observed.oauth.requestAccessToken(
                          TokenRequest.clientCredentials(id, secret, null))),
              assertError(
                  Proauth2Exception.INVALID_CLIENT,
                  () -> observed.oauth.revokeToken(none, "x".repeat(43), null)),
              assertError(
                  Proauth2Exception.INVALID_CLIENT,
                  () -> observed.oauth.introspect(basic, "x".repeat(43))),
              assertError(
                  Proauth2Exception.INVALID_REQUEST,
                  () ->
                      observed.oauth.requestAuthorization(
                          id, TestEngine.USER, "code", TestEngine.REDIRECT)))) {
        assertTrue(refused.description().contains("visible ASCII"), refused.description());
      }
      assertTrue(observed.oauth.flushEvents(Duration.ofSeconds(10)));
      assertEquals(List.of(), events);
    }
  }
}

package dev.proauth2;

import static dev.proauth2.TestEngine.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The engine's rules for pushed authorization requests (RFC 9126). */
class PushedAuthorizationRulesTest {

  private final TestEngine engine = new TestEngine();
  private final ClientRegistration publicClient =
      engine.register(
          RegistrationRequest.builder("Public app")
              .redirectUri(TestEngine.REDIRECT)
              .scope("read write")
              .authMethod("none")
              .build());

  @AfterEach
  void close() {
    engine.close();
  }

  private static ClientCredentials credentials(ClientRegistration client) {
    return client.clientSecret() == null
        ? new ClientCredentials("none", client.clientId(), null)
        : new ClientCredentials("client_secret_basic", client.clientId(), client.clientSecret());
  }

  private static AuthorizationRequest.Builder request(String verifier) {
    return AuthorizationRequest.builder()
        .redirectUri(TestEngine.REDIRECT)
        .scope("read")
        .state("xyz")
        .codeChallenge(TestEngine.challengeOf(verifier))
        .codeChallengeMethod(CodeChallengeMethod.S256);
  }

  private PushedAuthorization push(ClientRegistration client, String verifier) {
    return engine.oauth.pushAuthorizationRequest(credentials(client), request(verifier).build());
  }

  @Nested
  @DisplayName("a pushed request")
  class Pushed {

    @Test
    @DisplayName("is handed back as a urn:ietf:params:oauth:request_uri: reference for 60 s")
    void reference() {
      PushedAuthorization pushed = push(engine.app, TestEngine.newVerifier());
      assertTrue(pushed.requestUri().startsWith("urn:ietf:params:oauth:request_uri:"));
      assertEquals(60, pushed.expiresIn());
      assertFalse(pushed.toString().contains(pushed.requestUri()));
    }

    @Test
    @DisplayName("is checked, then issues a code that a confidential client redeems")
    void confidentialFlow() {
      String verifier = TestEngine.newVerifier();
      PushedAuthorization pushed = push(engine.app, verifier);
      ValidatedAuthorization checked =
          engine.oauth.checkPushedAuthorization(engine.app.clientId(), pushed.requestUri());
      assertEquals("read", checked.scope());
      assertEquals("xyz", checked.state());
      AuthorizationCode code =
          engine.oauth.requestPushedAuthorization(
              engine.app.clientId(), pushed.requestUri(), TestEngine.USER);
      assertEquals("xyz", code.state());
      TokenResponse tokens = engine.exchange(code, verifier);
      assertEquals("read", tokens.scope());
    }

    @Test
    @DisplayName("of a public client, identified by its client_id alone, issues a code too")
    void publicFlow() {
      String verifier = TestEngine.newVerifier();
      PushedAuthorization pushed = push(publicClient, verifier);
      AuthorizationCode code =
          engine.oauth.requestPushedAuthorization(
              publicClient.clientId(), pushed.requestUri(), TestEngine.USER);
      TokenResponse tokens =
          engine.oauth.requestAccessToken(
              TokenRequest.authorizationCode(
                  publicClient.clientId(), null, code.code(), TestEngine.REDIRECT, verifier));
      assertTrue(tokens.accessToken().length() > 40);
    }

    @Test
    @DisplayName("is kept only under the hash of its request_uri's random part")
    void storedHashed() {
      PushedAuthorization pushed = push(engine.app, TestEngine.newVerifier());
      String random = pushed.requestUri().substring("urn:ietf:params:oauth:request_uri:".length());
      assertTrue(
          engine.store.fetch(Table.PUSHED_REQUESTS, SecretHashes.sha256(random)).isPresent());
      assertTrue(engine.store.fetch(Table.PUSHED_REQUESTS, random).isEmpty());
    }
  }

  @Nested
  @DisplayName("a request_uri is refused with invalid_request_uri when it is")
  class Hostile {

    @Test
    @DisplayName("used twice: the second use issues nothing")
    void usedTwice() {
      PushedAuthorization pushed = push(engine.app, TestEngine.newVerifier());
      engine.oauth.requestPushedAuthorization(
          engine.app.clientId(), pushed.requestUri(), TestEngine.USER);
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST_URI,
          () ->
              engine.oauth.requestPushedAuthorization(
                  engine.app.clientId(), pushed.requestUri(), TestEngine.USER));
      assertError(
          Proauth2Exception.INVALID_REQUEST_URI,
          () -> engine.oauth.checkPushedAuthorization(engine.app.clientId(), pushed.requestUri()));
    }

    @Test
    @DisplayName("used by 16 threads at the same moment: exactly one gets a code")
    void race() throws Exception {
      PushedAuthorization pushed = push(engine.app, TestEngine.newVerifier());
      int threads = 16;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> outcomes = new ArrayList<>();
      try {
        for (int i = 0; i < threads; i++) {
          outcomes.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      engine.oauth.requestPushedAuthorization(
                          engine.app.clientId(), pushed.requestUri(), TestEngine.USER);
                      return true;
                    } catch (Proauth2Exception e) {
                      assertEquals(Proauth2Exception.INVALID_REQUEST_URI, e.error());
                      return false;
                    }
                  }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> outcome : outcomes) {
          won += outcome.get() ? 1 : 0;
        }
        assertEquals(1, won);
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("another client's: it is not used up, and its own client still can use it")
    void otherClients() {
      PushedAuthorization pushed = push(engine.app, TestEngine.newVerifier());
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST_URI,
          () ->
              engine.oauth.requestPushedAuthorization(
                  publicClient.clientId(), pushed.requestUri(), TestEngine.USER));
      assertError(
          Proauth2Exception.INVALID_REQUEST_URI,
          () ->
              engine.oauth.checkPushedAuthorization(publicClient.clientId(), pushed.requestUri()));
      engine.oauth.requestPushedAuthorization(
          engine.app.clientId(), pushed.requestUri(), TestEngine.USER);
    }

    @Test
    @DisplayName("expired: past its 60 s")
    void expired() {
      PushedAuthorization pushed = push(engine.app, TestEngine.newVerifier());
      engine.clock.advance(Duration.ofSeconds(61));
      assertError(
          Proauth2Exception.INVALID_REQUEST_URI,
          () ->
              engine.oauth.requestPushedAuthorization(
                  engine.app.clientId(), pushed.requestUri(), TestEngine.USER));
    }

    @Test
    @DisplayName("not one this server handed out, or malformed")
    void malformed() {
      for (String uri :
          new String[] {
            "https://app.example/request.jwt",
            "urn:ietf:params:oauth:request_uri:",
            "urn:ietf:params:oauth:request_uri:not base64url!",
            "urn:ietf:params:oauth:request_uri:" + TestEngine.newVerifier(),
            "urn:ietf:params:oauth:request_uri:" + "A".repeat(5000)
          }) {
        assertError(
            Proauth2Exception.INVALID_REQUEST_URI,
            () -> engine.oauth.checkPushedAuthorization(engine.app.clientId(), uri));
      }
    }
  }

  @Nested
  @DisplayName("pushing checks every parameter at once and stores nothing when one fails:")
  class Checks {

    @Test
    @DisplayName("a redirect URI not registered is invalid_request")
    void redirectUri() {
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () ->
              engine.oauth.pushAuthorizationRequest(
                  credentials(engine.app),
                  request(TestEngine.newVerifier())
                      .redirectUri("https://evil.example/cb")
                      .build()));
    }

    @Test
    @DisplayName("a public client without PKCE is invalid_request")
    void pkce() {
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () ->
              engine.oauth.pushAuthorizationRequest(
                  credentials(publicClient),
                  AuthorizationRequest.builder().redirectUri(TestEngine.REDIRECT).build()));
    }

    @Test
    @DisplayName("a scope outside the client's is invalid_scope")
    void scope() {
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_SCOPE,
          () ->
              engine.oauth.pushAuthorizationRequest(
                  credentials(engine.app),
                  request(TestEngine.newVerifier()).scope("admin").build()));
    }

    @Test
    @DisplayName("an unknown resource is invalid_target")
    void resource() {
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_TARGET,
          () ->
              engine.oauth.pushAuthorizationRequest(
                  credentials(engine.app),
                  request(TestEngine.newVerifier()).resource("https://other.example/api").build()));
    }

    @Test
    @DisplayName("a wrong client secret is invalid_client")
    void wrongSecret() {
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              engine.oauth.pushAuthorizationRequest(
                  new ClientCredentials("client_secret_basic", engine.app.clientId(), "wrong"),
                  request(TestEngine.newVerifier()).build()));
    }

    @Test
    @DisplayName("a client_id other than the one that authenticated is invalid_request")
    void otherClientId() {
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () ->
              engine.oauth.pushAuthorizationRequest(
                  credentials(engine.app),
                  request(TestEngine.newVerifier()).clientId(publicClient.clientId()).build()));
    }
  }

  @Nested
  @DisplayName("a client that must push")
  class Required {

    @Test
    @DisplayName("by its registration cannot authorize without PAR, and can with it")
    void perClient() {
      ClientRegistration strict =
          engine.register(
              RegistrationRequest.builder("Strict app")
                  .redirectUri(TestEngine.REDIRECT)
                  .scope("read")
                  .requirePushedAuthorizationRequests(true)
                  .build());
      String verifier = TestEngine.newVerifier();
      Proauth2Exception refused =
          assertError(
              Proauth2Exception.INVALID_REQUEST, () -> engine.authorize(strict, verifier, "read"));
      assertInstanceOf(AuthorizationError.class, refused);
      assertTrue(refused.description().contains("RFC 9126"));
      assertError(
          Proauth2Exception.INVALID_REQUEST,
          () ->
              engine.oauth.checkAuthorization(
                  request(verifier).clientId(strict.clientId()).build()));
      PushedAuthorization pushed = push(strict, verifier);
      engine.oauth.requestPushedAuthorization(
          strict.clientId(), pushed.requestUri(), TestEngine.USER);
      // Other clients are not affected.
      engine.authorize(engine.app, verifier, "read");
    }

    @Test
    @DisplayName("by the engine's setting is every client")
    void engineWide() {
      try (TestEngine strict = new TestEngine(b -> b.requirePushedAuthorizationRequests(true))) {
        String verifier = TestEngine.newVerifier();
        assertError(Proauth2Exception.INVALID_REQUEST, () -> strict.authorize(verifier));
        PushedAuthorization pushed =
            strict.oauth.pushAuthorizationRequest(
                credentials(strict.app), request(verifier).build());
        AuthorizationCode code =
            strict.oauth.requestPushedAuthorization(
                strict.app.clientId(), pushed.requestUri(), TestEngine.USER);
        strict.exchange(code, verifier);
        assertTrue(strict.oauth.capabilities().requirePushedAuthorizationRequests());
      }
    }
  }

  @Test
  @DisplayName(
      "the builder takes a request_uri lifetime of 1 s to 600 s, and no PAR rule without PAR")
  void builderBounds() {
    Proauth2.Builder builder = Proauth2.builder();
    assertThrows(IllegalArgumentException.class, () -> builder.pushedRequestTtl(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> builder.pushedRequestTtl(Duration.ofSeconds(601)));
    builder.pushedRequestTtl(Duration.ofSeconds(600));
    assertThrows(
        IllegalStateException.class,
        () ->
            Proauth2.builder()
                .dataStore("memory:")
                .requirePushedAuthorizationRequests(true)
                .pushedAuthorizationRequestEndpoint(null)
                .build());
  }
}

package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationError;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.ValidatedAuthorization;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The whole OAuth flow of {@link Proauth2}, run on any store. Extend it and implement {@link
 * #newStore()} as for {@link DataStoreContract}; the client authentication methods {@code
 * client_secret_basic} ({@code dev.proauth2:authmethod-basic}) must be on the test class path.
 */
public abstract class Proauth2Contract {

  /** The redirect URI the sample client registers. */
  protected static final String REDIRECT = "https://app.example/cb";

  private static final String ISSUER = "https://auth.example";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RecordingDataStore store;
  private FaultyDataStore faults;
  private TestClock clock;
  private Proauth2 oauth;
  private ClientRegistration app;
  private final List<String> secretsHandedOut = new ArrayList<>();

  /**
   * Returns a fresh, empty store, or an isolated namespace of a shared backend, on every call.
   *
   * @return an open store; the contract closes it
   */
  protected abstract DataStore newStore();

  @BeforeEach
  void openEngine() {
    faults = new FaultyDataStore(newStore());
    store = new RecordingDataStore(faults);
    clock = new TestClock();
    oauth = Proauth2.builder().dataStore(store).clock(clock).issuer(ISSUER).build();
    app =
        oauth.registerApp(
            RegistrationRequest.builder("Contract app")
                .redirectUri(REDIRECT)
                .redirectUri("http://127.0.0.1:8000/native")
                .scope("read write")
                .build());
    remember(app.clientSecret());
  }

  @AfterEach
  void closeEngine() {
    oauth.close();
    store.close();
  }

  private ClientRegistration remember(ClientRegistration registration) {
    remember(registration.clientSecret());
    return registration;
  }

  private String remember(String secret) {
    if (secret != null) {
      secretsHandedOut.add(secret);
    }
    return secret;
  }

  private static String newVerifier() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String challengeOf(String verifier) {
    return SecretHashes.sha256(verifier);
  }

  private AuthorizationCode authorize(String verifier) {
    return authorize(app, verifier, "read");
  }

  private AuthorizationCode authorize(ClientRegistration client, String verifier, String scope) {
    AuthorizationRequest.Builder request =
        AuthorizationRequest.builder()
            .clientId(client.clientId())
            .userId("alice@example.com")
            .redirectUri(REDIRECT)
            .scope(scope)
            .state("xyz");
    if (verifier != null) {
      request.codeChallenge(challengeOf(verifier)).codeChallengeMethod("S256");
    }
    AuthorizationCode code = oauth.requestAuthorization(request.build());
    remember(code.code());
    return code;
  }

  private TokenResponse exchange(AuthorizationCode code, String verifier) {
    TokenResponse tokens =
        oauth.requestAccessToken(
            TokenRequest.authorizationCode(
                app.clientId(), app.clientSecret(), code.code(), REDIRECT, verifier));
    remember(tokens.accessToken());
    remember(tokens.refreshToken());
    return tokens;
  }

  private static void assertError(String error, Executable call) {
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, call);
    assertEquals(error, thrown.error(), thrown.getMessage());
  }

  private void assertTokenDead(String accessToken) {
    assertError(Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(accessToken));
    assertFalse(oauth.introspect(accessToken).active());
  }

  @Nested
  @DisplayName("the authorization code flow")
  class CodeFlow {

    @Test
    @DisplayName("register, authorize, exchange, authenticate, introspect and revoke all work")
    void fullFlow() {
      String verifier = newVerifier();
      AuthorizationCode code = authorize(verifier);
      assertEquals("xyz", code.state());
      assertTrue(code.redirectUri().startsWith(REDIRECT + "?code="), code.redirectUri());
      assertTrue(code.redirectUri().contains("&state=xyz&iss=https%3A%2F%2Fauth.example"));

      TokenResponse tokens = exchange(code, verifier);
      assertEquals("Bearer", tokens.tokenType());
      assertEquals(3600, tokens.expiresIn());
      assertEquals("read", tokens.scope());
      assertNotNull(tokens.refreshToken());

      assertEquals("alice@example.com", oauth.authenticateToken(tokens.accessToken()));
      TokenInfo info = oauth.introspect(tokens.accessToken());
      assertTrue(info.active());
      assertEquals(app.clientId(), info.clientId());
      assertEquals("alice@example.com", info.subject());
      assertEquals("read", info.scope());
      assertEquals(clock.instant().getEpochSecond() + 3600, info.expiresAt(), 1.0);

      oauth.revokeToken(tokens.accessToken());
      assertTokenDead(tokens.accessToken());
    }

    @Test
    @DisplayName("checkAuthorization runs every check before consent, without storing anything")
    void checkBeforeConsent() {
      String verifier = newVerifier();
      long before = store.changes();
      ValidatedAuthorization checked =
          oauth.checkAuthorization(
              AuthorizationRequest.builder()
                  .clientId(app.clientId())
                  .redirectUri(REDIRECT)
                  .scope("read")
                  .state("s")
                  .codeChallenge(challengeOf(verifier))
                  .codeChallengeMethod("S256")
                  .build());
      assertEquals(before, store.changes());
      assertEquals("Contract app", checked.client().name());
      assertEquals(REDIRECT, checked.redirectUri());
      assertEquals("read", checked.scope());
      assertEquals("s", checked.state());
      AuthorizationError redirectable =
          assertThrows(
              AuthorizationError.class,
              () ->
                  oauth.checkAuthorization(
                      AuthorizationRequest.builder()
                          .clientId(app.clientId())
                          .redirectUri(REDIRECT)
                          .scope("admin")
                          .state("s")
                          .build()));
      assertEquals(Proauth2Exception.INVALID_SCOPE, redirectable.error());
      assertEquals(REDIRECT, redirectable.redirectUri());
      assertEquals(Optional.of("s"), redirectable.state());
      Proauth2Exception shown =
          assertThrows(
              Proauth2Exception.class,
              () ->
                  oauth.checkAuthorization(
                      AuthorizationRequest.builder()
                          .clientId(app.clientId())
                          .redirectUri("https://evil.example/cb")
                          .build()));
      assertFalse(
          shown instanceof AuthorizationError, "an unconfirmed redirect URI never redirects");
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
    @DisplayName("a loopback redirect URI matches on any port (RFC 8252 section 7.3)")
    void loopbackPortMayVary() {
      AuthorizationCode code =
          oauth.requestAuthorization(
              AuthorizationRequest.builder()
                  .clientId(app.clientId())
                  .userId("carol")
                  .redirectUri("http://127.0.0.1:51234/native")
                  .build());
      assertTrue(code.redirectUri().startsWith("http://127.0.0.1:51234/native?code="));
    }

    @Test
    @DisplayName("after the whole flow, no token, code or secret is stored in clear")
    void nothingSecretInClear() {
      String verifier = newVerifier();
      TokenResponse tokens = exchange(authorize(verifier), verifier);
      TokenResponse refreshed =
          oauth.requestAccessToken(
              TokenRequest.refreshToken(
                  app.clientId(), app.clientSecret(), tokens.refreshToken(), null));
      remember(refreshed.accessToken());
      remember(refreshed.refreshToken());
      oauth.revokeToken(refreshed.refreshToken());

      assertTrue(secretsHandedOut.size() >= 6, "secrets were handed out");
      assertFalse(store.written().isEmpty(), "records were written");
      for (Record record : store.written()) {
        for (Object value : record.fields().values()) {
          for (String secret : secretsHandedOut) {
            assertFalse(String.valueOf(value).contains(secret), "a secret was stored in clear");
          }
          assertFalse(String.valueOf(value).contains(verifier), "the verifier was stored");
        }
      }
    }
  }

  @Nested
  @DisplayName("refusals")
  class Refusals {

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
      Proauth2Exception blocked =
          assertThrows(
              Proauth2Exception.class,
              () ->
                  oauth.requestAccessToken(
                      TokenRequest.refreshToken(
                          app.clientId(), app.clientSecret(), "x".repeat(43), null)));
      assertEquals(Proauth2Exception.INVALID_CLIENT, blocked.error());
      assertTrue(blocked.description().contains("too many"), blocked.description());
      clock.advance(Duration.ofSeconds(61));
      assertError(
          Proauth2Exception.INVALID_GRANT,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.refreshToken(
                      app.clientId(), app.clientSecret(), "x".repeat(43), null)));
    }

    @Test
    @DisplayName("a wrong client secret is invalid_client and issues nothing")
    void wrongSecret() {
      String verifier = newVerifier();
      AuthorizationCode code = authorize(verifier);
      long before = store.changes();
      assertError(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.authorizationCode(
                      app.clientId(), "not-the-secret", code.code(), REDIRECT, verifier)));
      assertEquals(before, store.changes(), "the store was changed");
      assertNotNull(exchange(code, verifier).accessToken(), "the code still works");
    }

    @Test
    @DisplayName("an unregistered redirect URI is refused without a code or a state to redirect")
    void wrongRedirectAtAuthorization() {
      long before = store.changes();
      Proauth2Exception thrown =
          assertThrows(
              Proauth2Exception.class,
              () ->
                  oauth.requestAuthorization(
                      AuthorizationRequest.builder()
                          .clientId(app.clientId())
                          .userId("alice")
                          .redirectUri("https://evil.example/cb")
                          .state("xyz")
                          .build()));
      assertEquals(Proauth2Exception.INVALID_REQUEST, thrown.error());
      assertEquals(Optional.empty(), thrown.state());
      assertEquals(before, store.changes());
    }

    @Test
    @DisplayName(
        "a redirect URI at the token endpoint that differs from the request's is invalid_grant")
    void wrongRedirectAtToken() {
      String verifier = newVerifier();
      AuthorizationCode code = authorize(verifier);
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
      AuthorizationCode code = authorize(newVerifier());
      assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(code, newVerifier()));
      AuthorizationCode second = authorize(newVerifier());
      assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(second, null));
    }

    @Test
    @DisplayName("a verifier sent for a code issued without a challenge is refused (no downgrade)")
    void verifierWithoutChallenge() {
      AuthorizationCode code = authorize(null);
      assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(code, newVerifier()));
    }

    @Test
    @DisplayName("a code past its 60 second lifetime is invalid_grant")
    void expiredCode() {
      String verifier = newVerifier();
      AuthorizationCode code = authorize(verifier);
      clock.advance(Duration.ofSeconds(61));
      assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(code, verifier));
    }

    @Test
    @DisplayName("a replayed code is refused and the tokens from its first use stop working")
    void replayedCode() {
      String verifier = newVerifier();
      AuthorizationCode code = authorize(verifier);
      TokenResponse first = exchange(code, verifier);
      assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(code, verifier));
      assertTokenDead(first.accessToken());
      assertFalse(oauth.introspect(first.refreshToken()).active());
    }

    @Test
    @DisplayName(
        "a replay that fails PKCE does not revoke the first tokens (OAuth 2.1 section 7.5.2)")
    void replayWithoutProofRevokesNothing() {
      String verifier = newVerifier();
      AuthorizationCode code = authorize(verifier);
      TokenResponse first = exchange(code, verifier);
      assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(code, newVerifier()));
      assertError(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.authorizationCode(
                      app.clientId(), "wrong", code.code(), REDIRECT, verifier)));
      assertEquals("alice@example.com", oauth.authenticateToken(first.accessToken()));
    }

    @Test
    @DisplayName("a revoked access token is invalid_token")
    void revokedToken() {
      String verifier = newVerifier();
      TokenResponse tokens = exchange(authorize(verifier), verifier);
      oauth.revokeToken(tokens.accessToken());
      assertTokenDead(tokens.accessToken());
      oauth.revokeToken(tokens.accessToken());
    }

    @Test
    @DisplayName("an access token past its lifetime is invalid_token")
    void expiredToken() {
      String verifier = newVerifier();
      TokenResponse tokens = exchange(authorize(verifier), verifier);
      clock.advance(Duration.ofHours(1).plusSeconds(1));
      assertTokenDead(tokens.accessToken());
    }

    @Test
    @DisplayName("a scope beyond the client's is invalid_scope and carries the state")
    void scopeBeyondClient() {
      Proauth2Exception thrown =
          assertThrows(Proauth2Exception.class, () -> authorize(app, newVerifier(), "read admin"));
      assertEquals(Proauth2Exception.INVALID_SCOPE, thrown.error());
      assertEquals(Optional.of("xyz"), thrown.state());
    }

    @Test
    @DisplayName("the implicit and password grants are refused with a reason")
    void implicitAndPassword() {
      Proauth2Exception implicit =
          assertThrows(
              Proauth2Exception.class,
              () -> oauth.requestAuthorization(app.clientId(), "alice", "token", REDIRECT));
      assertEquals(Proauth2Exception.UNSUPPORTED_RESPONSE_TYPE, implicit.error());
      assertTrue(implicit.description().contains("implicit"));
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
    }

    @Test
    @DisplayName("plain PKCE is refused unless the builder allows it")
    void plainPkceRefused() {
      String verifier = newVerifier();
      assertError(
          Proauth2Exception.INVALID_REQUEST,
          () ->
              oauth.requestAuthorization(
                  AuthorizationRequest.builder()
                      .clientId(app.clientId())
                      .userId("alice")
                      .redirectUri(REDIRECT)
                      .codeChallenge(verifier)
                      .codeChallengeMethod("plain")
                      .build()));
    }
  }

  @Nested
  @DisplayName("refresh tokens and other grants")
  class OtherGrants {

    @Test
    @DisplayName("a refresh rotates both tokens; the old refresh token is then refused")
    void refreshRotates() {
      String verifier = newVerifier();
      TokenResponse first = exchange(authorize(verifier), verifier);
      TokenResponse second =
          oauth.requestAccessToken(
              TokenRequest.refreshToken(
                  app.clientId(), app.clientSecret(), first.refreshToken(), null));
      assertNotEquals(first.refreshToken(), second.refreshToken());
      assertEquals("alice@example.com", oauth.authenticateToken(second.accessToken()));
      assertEquals("read", second.scope());
    }

    @Test
    @DisplayName("reusing a rotated refresh token revokes every token of its grant")
    void reuseRevokesFamily() {
      String verifier = newVerifier();
      TokenResponse first = exchange(authorize(verifier), verifier);
      TokenResponse second =
          oauth.requestAccessToken(
              TokenRequest.refreshToken(
                  app.clientId(), app.clientSecret(), first.refreshToken(), null));
      assertError(
          Proauth2Exception.INVALID_GRANT,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.refreshToken(
                      app.clientId(), app.clientSecret(), first.refreshToken(), null)));
      assertTokenDead(second.accessToken());
      assertTokenDead(first.accessToken());
      assertFalse(oauth.introspect(second.refreshToken()).active());
    }

    @Test
    @DisplayName("a refresh may narrow the scope but never widen it")
    void refreshScope() {
      String verifier = newVerifier();
      TokenResponse first = exchange(authorize(app, verifier, "read write"), verifier);
      TokenResponse narrowed =
          oauth.requestAccessToken(
              TokenRequest.refreshToken(
                  app.clientId(), app.clientSecret(), first.refreshToken(), "read"));
      assertEquals("read", narrowed.scope());
      String verifier2 = newVerifier();
      TokenResponse other = exchange(authorize(app, verifier2, "read"), verifier2);
      assertError(
          Proauth2Exception.INVALID_SCOPE,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.refreshToken(
                      app.clientId(), app.clientSecret(), other.refreshToken(), "read write")));
    }

    @Test
    @DisplayName("revoking a refresh token revokes the access tokens of its grant")
    void revokeRefreshCascades() {
      String verifier = newVerifier();
      TokenResponse tokens = exchange(authorize(verifier), verifier);
      oauth.revokeToken(tokens.refreshToken());
      assertTokenDead(tokens.accessToken());
      assertFalse(oauth.introspect(tokens.refreshToken()).active());
    }

    @Test
    @DisplayName("client_credentials gives a confidential client a token whose subject is itself")
    void clientCredentials() {
      ClientRegistration service =
          oauth.registerApp(
              RegistrationRequest.builder("Service")
                  .redirectUri(REDIRECT)
                  .grantType("client_credentials")
                  .scope("jobs")
                  .build());
      TokenResponse token =
          oauth.requestAccessToken(
              TokenRequest.clientCredentials(service.clientId(), service.clientSecret(), null));
      assertEquals(service.clientId(), oauth.authenticateToken(token.accessToken()));
      assertEquals(Optional.empty(), token.optionalRefreshToken());
      assertEquals("jobs", token.scope());
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
    @DisplayName("a public client must use PKCE, and then needs no secret")
    void publicClient() {
      ClientRegistration spa =
          oauth.registerApp(
              RegistrationRequest.builder("SPA").redirectUri(REDIRECT).authMethod("none").build());
      assertEquals(Optional.empty(), spa.optionalSecret());
      assertError(
          Proauth2Exception.INVALID_REQUEST,
          () -> oauth.requestAuthorization(spa.clientId(), "alice", "code", REDIRECT));
      String verifier = newVerifier();
      AuthorizationCode code = authorize(spa, verifier, null);
      TokenResponse tokens =
          oauth.requestAccessToken(
              TokenRequest.authorizationCode(
                  spa.clientId(), null, code.code(), REDIRECT, verifier));
      assertEquals("alice@example.com", oauth.authenticateToken(tokens.accessToken()));
    }
  }

  @Nested
  @DisplayName("clients and users")
  class ClientsAndUsers {

    private ClientCredentials credentialsOf(ClientRegistration client) {
      return new ClientCredentials("client_secret_basic", client.clientId(), client.clientSecret());
    }

    private TokenResponse tokensFor(String userId) {
      String verifier = newVerifier();
      AuthorizationCode code =
          oauth.requestAuthorization(
              AuthorizationRequest.builder()
                  .clientId(app.clientId())
                  .userId(userId)
                  .redirectUri(REDIRECT)
                  .codeChallenge(challengeOf(verifier))
                  .codeChallengeMethod("S256")
                  .build());
      return exchange(code, verifier);
    }

    @Test
    @DisplayName("revokeAll signs a user out everywhere and leaves other users alone")
    void revokeAll() {
      TokenResponse first = tokensFor("dana");
      TokenResponse second = tokensFor("dana");
      TokenResponse other = tokensFor("erin");
      assertTrue(oauth.revokeAll("dana") >= 4);
      assertTokenDead(first.accessToken());
      assertTokenDead(second.accessToken());
      assertFalse(oauth.introspect(second.refreshToken()).active());
      assertEquals("erin", oauth.authenticateToken(other.accessToken()));
    }

    @Test
    @DisplayName("deleting a client revokes its tokens and stops it authenticating")
    void deleteApp() {
      TokenResponse tokens = tokensFor("frank");
      assertTrue(oauth.deleteApp(app.clientId()));
      assertTokenDead(tokens.accessToken());
      assertEquals(Optional.empty(), oauth.findApp(app.clientId()));
      assertError(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.refreshToken(
                      app.clientId(), app.clientSecret(), tokens.refreshToken(), null)));
      assertFalse(oauth.deleteApp(app.clientId()));
    }

    @Test
    @DisplayName("a rotated secret works at once and the old one stops working")
    void rotateSecret() {
      String old = app.clientSecret();
      ClientRegistration rotated = remember(oauth.rotateSecret(app.clientId()));
      assertNotEquals(old, rotated.clientSecret());
      assertError(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              oauth.requestAccessToken(TokenRequest.clientCredentials(app.clientId(), old, null)));
      Proauth2Exception withNew =
          assertThrows(
              Proauth2Exception.class,
              () ->
                  oauth.requestAccessToken(
                      TokenRequest.clientCredentials(
                          app.clientId(), rotated.clientSecret(), null)));
      assertEquals(Proauth2Exception.UNAUTHORIZED_CLIENT, withNew.error(), "authenticated");
      assertEquals(
          Optional.of(app.redirectUris()),
          oauth.findApp(app.clientId()).map(ClientRegistration::redirectUris));
    }

    @Test
    @DisplayName(
        "only the client that owns a token may revoke it; a refresh hint still finds access tokens")
    void revocationByOwner() {
      TokenResponse tokens = tokensFor("gina");
      ClientRegistration intruder = oauth.registerApp("intruder", REDIRECT);
      remember(intruder.clientSecret());
      assertError(
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          () -> oauth.revokeToken(credentialsOf(intruder), tokens.accessToken(), null));
      assertEquals("gina", oauth.authenticateToken(tokens.accessToken()));
      assertError(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              oauth.revokeToken(
                  new ClientCredentials("client_secret_basic", app.clientId(), "wrong"),
                  tokens.accessToken(),
                  null));
      oauth.revokeToken(credentialsOf(app), tokens.accessToken(), "refresh_token");
      assertTokenDead(tokens.accessToken());
      oauth.revokeToken(credentialsOf(app), tokens.refreshToken(), "access_token");
      assertFalse(oauth.introspect(tokens.refreshToken()).active());
      oauth.revokeToken(credentialsOf(app), "never-issued-token", "whatever");
    }

    @Test
    @DisplayName("introspection through the endpoint path requires client authentication")
    void introspectionNeedsClient() {
      TokenResponse tokens = tokensFor("hank");
      assertTrue(oauth.introspect(credentialsOf(app), tokens.accessToken()).active());
      assertError(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              oauth.introspect(
                  new ClientCredentials("client_secret_basic", app.clientId(), "wrong"),
                  tokens.accessToken()));
    }
  }

  /** Runs the same call on many threads released at once; returns how many succeeded. */
  private static <T> List<T> race(int threads, java.util.concurrent.Callable<T> call)
      throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    try {
      List<java.util.concurrent.Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return call.call();
                  } catch (Proauth2Exception refused) {
                    return null;
                  }
                }));
      }
      start.countDown();
      List<T> successes = new ArrayList<>();
      for (java.util.concurrent.Future<T> future : futures) {
        T result = future.get(2, java.util.concurrent.TimeUnit.MINUTES);
        if (result != null) {
          successes.add(result);
        }
      }
      return successes;
    } finally {
      pool.shutdownNow();
    }
  }

  @Nested
  @DisplayName("races")
  class Races {

    @Test
    @DisplayName(
        "a code redeemed by 50 threads at once yields tokens exactly once, and the replay then"
            + " revokes them, 10 times over")
    void codeRedeemedOnce() throws Exception {
      for (int round = 0; round < 10; round++) {
        String verifier = newVerifier();
        AuthorizationCode code = authorize(verifier);
        List<TokenResponse> winners = race(50, () -> exchange(code, verifier));
        assertEquals(1, winners.size(), "round " + round);
        assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(code, verifier));
        assertTokenDead(winners.get(0).accessToken());
      }
    }

    @Test
    @DisplayName("50 concurrent refreshes with one token: one succeeds, and reuse is still caught")
    void refreshOnce() throws Exception {
      String verifier = newVerifier();
      TokenResponse first = exchange(authorize(verifier), verifier);
      TokenRequest refresh =
          TokenRequest.refreshToken(app.clientId(), app.clientSecret(), first.refreshToken(), null);
      List<TokenResponse> winners = race(50, () -> oauth.requestAccessToken(refresh));
      assertEquals(1, winners.size());
      TokenResponse rotated = winners.get(0);
      assertError(Proauth2Exception.INVALID_GRANT, () -> oauth.requestAccessToken(refresh));
      assertTokenDead(rotated.accessToken());
      assertFalse(oauth.introspect(rotated.refreshToken()).active());
    }

    @Test
    @DisplayName(
        "a refresh racing the revocation of its grant leaves no usable token, 20 times over")
    void refreshRacingRevocation() throws Exception {
      for (int round = 0; round < 20; round++) {
        String verifier = newVerifier();
        TokenResponse first = exchange(authorize(verifier), verifier);
        TokenRequest refresh =
            TokenRequest.refreshToken(
                app.clientId(), app.clientSecret(), first.refreshToken(), null);
        List<Object> outcomes =
            race(
                2,
                new java.util.concurrent.Callable<Object>() {
                  private final java.util.concurrent.atomic.AtomicInteger turn =
                      new java.util.concurrent.atomic.AtomicInteger();

                  @Override
                  public Object call() {
                    if (turn.getAndIncrement() == 0) {
                      return oauth.requestAccessToken(refresh);
                    }
                    oauth.revokeToken(first.refreshToken());
                    return "revoked";
                  }
                });
        for (Object outcome : outcomes) {
          if (outcome instanceof TokenResponse) {
            TokenResponse refreshed = (TokenResponse) outcome;
            assertTokenDead(refreshed.accessToken());
            assertFalse(oauth.introspect(refreshed.refreshToken()).active(), "round " + round);
          }
        }
        assertTokenDead(first.accessToken());
      }
    }
  }

  @Nested
  @DisplayName("store failures midway")
  class Faults {

    private List<Record> writtenSince(int mark, dev.proauth2.spi.Table table) {
      List<Record> records = new ArrayList<>();
      List<Record> all = store.written();
      for (int i = mark; i < all.size(); i++) {
        if (all.get(i).has(table.keyField())) {
          records.add(all.get(i));
        }
      }
      return records;
    }

    private void assertNothingLiveFrom(int mark) {
      for (dev.proauth2.spi.Table table :
          List.of(dev.proauth2.spi.Table.TOKENS, dev.proauth2.spi.Table.REFRESH_TOKENS)) {
        for (Record record : writtenSince(mark, table)) {
          if (record.has(dev.proauth2.spi.Table.ROTATED_AT)) {
            continue;
          }
          String key = record.string(table.keyField()).orElseThrow();
          assertEquals(
              Optional.empty(),
              store.fetch(table, key),
              "a token stored during the failed call is still live in " + table.tableName());
        }
      }
    }

    private void exchangeFailsWith(
        FaultyDataStore.Operation operation, dev.proauth2.spi.Table table, int skip) {
      String verifier = newVerifier();
      AuthorizationCode code = authorize(verifier);
      int mark = store.written().size();
      faults.failOn(operation, table, skip);
      assertError(Proauth2Exception.TEMPORARILY_UNAVAILABLE, () -> exchange(code, verifier));
      assertTrue(faults.fired(), "the fault fired");
      assertNothingLiveFrom(mark);
    }

    @Test
    @DisplayName(
        "failing to store the access token after the code was consumed leaves no live token")
    void failBeforeAccessToken() {
      exchangeFailsWith(FaultyDataStore.Operation.PUT, dev.proauth2.spi.Table.TOKENS, 0);
    }

    @Test
    @DisplayName(
        "failing to store the refresh token after the code was consumed leaves no live token")
    void failBeforeRefreshToken() {
      exchangeFailsWith(FaultyDataStore.Operation.PUT, dev.proauth2.spi.Table.REFRESH_TOKENS, 0);
    }

    @Test
    @DisplayName("failing to consume the code issues nothing")
    void failOnConsuming() {
      exchangeFailsWith(FaultyDataStore.Operation.PUT, dev.proauth2.spi.Table.NONCE_CODES, 0);
    }

    @Test
    @DisplayName("failing to complete the redeemed code's tombstone withdraws the tokens stored")
    void failOnTombstone() {
      exchangeFailsWith(FaultyDataStore.Operation.PUT, dev.proauth2.spi.Table.NONCE_CODES, 1);
    }

    @Test
    @DisplayName("failing during a refresh leaves no live token from it")
    void failDuringRefresh() {
      String verifier = newVerifier();
      TokenResponse first = exchange(authorize(verifier), verifier);
      int mark = store.written().size();
      faults.failOn(FaultyDataStore.Operation.PUT, dev.proauth2.spi.Table.TOKENS, 0);
      assertError(
          Proauth2Exception.TEMPORARILY_UNAVAILABLE,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.refreshToken(
                      app.clientId(), app.clientSecret(), first.refreshToken(), null)));
      assertNothingLiveFrom(mark);
    }

    @Test
    @DisplayName(
        "a revocation the store could not finish is reported as unavailable, never as done")
    void revocationFailure() {
      String verifier = newVerifier();
      TokenResponse tokens = exchange(authorize(verifier), verifier);
      faults.failOn(FaultyDataStore.Operation.REMOVE_ALL, dev.proauth2.spi.Table.TOKENS, 0);
      assertError(
          Proauth2Exception.TEMPORARILY_UNAVAILABLE,
          () -> oauth.revokeToken(tokens.refreshToken()));
      faults.failOn(FaultyDataStore.Operation.REMOVE, dev.proauth2.spi.Table.TOKENS, 0);
      assertError(
          Proauth2Exception.TEMPORARILY_UNAVAILABLE, () -> oauth.revokeToken(tokens.accessToken()));
      assertEquals("alice@example.com", oauth.authenticateToken(tokens.accessToken()));
      oauth.revokeToken(tokens.refreshToken());
      assertTokenDead(tokens.accessToken());
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    private void assertRefusedUnchanged(String error, Executable call) {
      long before = store.changes();
      assertError(error, call);
      assertEquals(before, store.changes(), "a refused call changed the store");
    }

    @Test
    @DisplayName(
        "registration with a bad name, redirect URI or auth method is refused, storing nothing")
    void badRegistration() {
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT_METADATA, () -> oauth.registerApp("", REDIRECT));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT_METADATA, () -> oauth.registerApp("a\r\nb", REDIRECT));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          () -> oauth.registerApp("x".repeat(100_000), REDIRECT));
      for (String uri :
          List.of(
              "not a uri",
              "/relative",
              "http://app.example/cb",
              "https://app.example/cb#frag",
              "javascript:alert(1)",
              "https://user@app.example/cb")) {
        assertRefusedUnchanged(
            Proauth2Exception.INVALID_REDIRECT_URI, () -> oauth.registerApp("app", uri));
      }
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          () ->
              oauth.registerApp(
                  RegistrationRequest.builder("app")
                      .redirectUri(REDIRECT)
                      .authMethod("private_key_jwt")
                      .build()));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          () ->
              oauth.registerApp(
                  RegistrationRequest.builder("app")
                      .redirectUri(REDIRECT)
                      .grantType("password")
                      .build()));
    }

    @Test
    @DisplayName("authorization with missing or malformed values is refused, storing nothing")
    void badAuthorization() {
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () -> oauth.requestAuthorization(null, "alice", "code", REDIRECT));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () -> oauth.requestAuthorization("no-such-client", "alice", "code", REDIRECT));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () -> oauth.requestAuthorization(app.clientId(), "", "code", REDIRECT));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () -> oauth.requestAuthorization(app.clientId(), "u".repeat(10_000), "code", REDIRECT));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () -> oauth.requestAuthorization(app.clientId(), "alice\u0000", "code", REDIRECT));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () -> oauth.requestAuthorization(app.clientId(), "alice", null, REDIRECT));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_SCOPE,
          () ->
              oauth.requestAuthorization(
                  AuthorizationRequest.builder()
                      .clientId(app.clientId())
                      .userId("alice")
                      .redirectUri(REDIRECT)
                      .scope("read  write")
                      .build()));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () ->
              oauth.requestAuthorization(
                  AuthorizationRequest.builder()
                      .clientId(app.clientId())
                      .userId("alice")
                      .redirectUri(REDIRECT)
                      .codeChallenge("too-short")
                      .codeChallengeMethod("S256")
                      .build()));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () ->
              oauth.requestAuthorization(
                  AuthorizationRequest.builder()
                      .clientId(app.clientId())
                      .userId("alice")
                      .redirectUri(REDIRECT)
                      .state("line\nbreak")
                      .build()));
    }

    @Test
    @DisplayName("token requests with missing or malformed values are refused, consuming nothing")
    void badTokenRequests() {
      String verifier = newVerifier();
      AuthorizationCode code = authorize(verifier);
      assertRefusedUnchanged(
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
      assertRefusedUnchanged(
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
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () -> exchange(new AuthorizationCode(null, null, null), verifier));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_GRANT,
          () -> exchange(new AuthorizationCode("c".repeat(1_000_000), null, null), verifier));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST, () -> exchange(code, "short-verifier"));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.authorizationCode(null, "x", code.code(), REDIRECT, verifier)));
      assertNotNull(exchange(code, verifier).accessToken(), "the code survived every refusal");
    }

    @Test
    @DisplayName("null request objects are invalid_request, not a NullPointerException")
    void nullRequests() {
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST, () -> oauth.requestAuthorization(null));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST, () -> oauth.requestAccessToken((TokenRequest) null));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST, () -> oauth.registerApp((RegistrationRequest) null));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          () ->
              oauth.registerApp(
                  RegistrationRequest.builder("app")
                      .redirectUri(REDIRECT)
                      .redirectUri(null)
                      .build()));
      assertEquals(
          "app",
          oauth
              .registerApp(
                  new RegistrationRequest(
                      "app", List.of(REDIRECT), null, List.of("authorization_code"), null))
              .name(),
          "immutable lists are accepted");
    }

    @Test
    @DisplayName("checking a malformed or unknown token is invalid_token")
    void badTokens() {
      for (String token : List.of("", "x".repeat(100_000), "not base64url!", "a\r\nb", "unknown")) {
        assertError(Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(token));
        assertFalse(oauth.introspect(token).active());
      }
      assertError(Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(null));
      assertError(Proauth2Exception.INVALID_REQUEST, () -> oauth.revokeToken(null));
      assertError(Proauth2Exception.INVALID_REQUEST, () -> oauth.revokeToken("x".repeat(100_000)));
    }

    @Test
    @DisplayName("no error message or toString shows a token, code or secret")
    void noSecretsInMessages() {
      String verifier = newVerifier();
      AuthorizationCode code = authorize(verifier);
      TokenResponse tokens = exchange(code, verifier);
      List<String> texts = new ArrayList<>();
      texts.add(app.toString());
      texts.add(code.toString());
      texts.add(tokens.toString());
      texts.add(
          TokenRequest.authorizationCode(
                  app.clientId(), app.clientSecret(), code.code(), REDIRECT, verifier)
              .toString());
      texts.add(assertThrows(Proauth2Exception.class, () -> exchange(code, verifier)).getMessage());
      texts.add(
          assertThrows(
                  Proauth2Exception.class,
                  () ->
                      oauth.requestAccessToken(
                          TokenRequest.refreshToken(
                              app.clientId(),
                              app.clientSecret() + "x",
                              tokens.refreshToken(),
                              null)))
              .getMessage());
      for (String text : texts) {
        for (String secret : secretsHandedOut) {
          assertFalse(text.contains(secret), "a secret appears in: " + text);
        }
        assertFalse(text.contains(verifier), "the verifier appears in: " + text);
      }
    }
  }
}

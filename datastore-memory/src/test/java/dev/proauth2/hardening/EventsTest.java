package dev.proauth2.hardening;

import static dev.proauth2.hardening.Refusals.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Proauth2Listener;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The events the engine tells its listeners: each once, after its outcome, with the right fields,
 * none for a refused request that changed nothing, exactly one issuance under a race, and never a
 * secret or a store key in any of them.
 */
@DisplayName("events")
class EventsTest {

  /** Keeps every event, in order. */
  private static final class Recorder implements Proauth2Listener {
    final List<Proauth2Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(Proauth2Event event) {
      events.add(event);
    }

    List<String> types() {
      List<String> types = new ArrayList<>();
      events.forEach(event -> types.add(event.type()));
      return types;
    }

    <E extends Proauth2Event> List<E> of(Class<E> type) {
      List<E> found = new ArrayList<>();
      events.stream().filter(type::isInstance).forEach(event -> found.add(type.cast(event)));
      return found;
    }
  }

  private final Recorder recorder = new Recorder();
  private Harness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private Harness open(Proauth2Listener... listeners) {
    h =
        Harness.observed(
            builder -> {
              for (Proauth2Listener listener : listeners) {
                builder.listener(listener);
              }
              return builder.discoverListeners(false);
            });
    return h;
  }

  /** The events since the harness registered its three clients. */
  private List<String> typesAfterSetup() {
    assertTrue(h.oauth.flushEvents(Duration.ofSeconds(10)));
    List<String> types = recorder.types();
    assertEquals(
        List.of("client_registered", "client_registered", "client_registered"),
        types.subList(0, 3));
    return types.subList(3, types.size());
  }

  @Test
  @DisplayName(
      "a code flow tells of the code, the tokens, the rotation and the revocations once each")
  void codeFlow() {
    open(recorder);
    String verifier = h.newVerifier();
    AuthorizationCode code = h.authorize(h.app, verifier);
    TokenResponse tokens = h.exchange(h.app, code, verifier);
    TokenResponse rotated = h.refresh(h.app, tokens.refreshToken(), null);
    ClientCredentials app =
        new ClientCredentials("client_secret_basic", h.app.clientId(), h.app.clientSecret());
    h.oauth.revokeToken(app, rotated.accessToken(), null);
    h.oauth.revokeToken(rotated.refreshToken());
    assertEquals(
        List.of(
            "code_issued",
            "tokens_issued",
            "refresh_rotated",
            "tokens_issued",
            "token_revoked",
            "token_revoked"),
        typesAfterSetup());

    String grantId = recorder.of(Proauth2Event.CodeIssued.class).get(0).grantId();
    for (Proauth2Event event : recorder.events.subList(3, recorder.events.size())) {
      assertEquals(h.app.clientId(), event.clientId(), event.toString());
      assertEquals(h.clock.instant(), event.time(), event.toString());
    }
    List<Proauth2Event.TokensIssued> issued = recorder.of(Proauth2Event.TokensIssued.class);
    assertEquals(
        new Proauth2Event.TokensIssued(
            h.clock.instant(), h.app.clientId(), Harness.USER, grantId, "authorization_code"),
        issued.get(0));
    assertEquals("refresh_token", issued.get(1).grantType());
    assertEquals(grantId, issued.get(1).grantId(), "one grant, one id");
    List<Proauth2Event.TokenRevoked> revoked = recorder.of(Proauth2Event.TokenRevoked.class);
    assertEquals(
        new Proauth2Event.TokenRevoked(
            h.clock.instant(),
            h.app.clientId(),
            Harness.USER,
            grantId,
            "access_token",
            h.app.clientId()),
        revoked.get(0));
    assertEquals("refresh_token", revoked.get(1).tokenType());
    assertNull(revoked.get(1).revokedBy(), "revoked by the host");
  }

  @Test
  @DisplayName("a code replay and a refresh reuse are told once each, with the grant they revoked")
  void replayAndReuse() {
    open(recorder);
    String verifier = h.newVerifier();
    AuthorizationCode code = h.authorize(h.app, verifier);
    TokenResponse tokens = h.exchange(h.app, code, verifier);
    assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.app, code, verifier));

    TokenResponse other = h.tokens();
    h.refresh(h.app, other.refreshToken(), null);
    assertError(
        Proauth2Exception.INVALID_GRANT, () -> h.refresh(h.app, other.refreshToken(), null));
    assertEquals(
        List.of(
            "code_issued",
            "tokens_issued",
            "code_replay_detected",
            "code_issued",
            "tokens_issued",
            "refresh_rotated",
            "tokens_issued",
            "refresh_reuse_detected"),
        typesAfterSetup());
    List<Proauth2Event.CodeIssued> codes = recorder.of(Proauth2Event.CodeIssued.class);
    assertEquals(
        codes.get(0).grantId(),
        recorder.of(Proauth2Event.CodeReplayDetected.class).get(0).grantId());
    assertEquals(
        codes.get(1).grantId(),
        recorder.of(Proauth2Event.RefreshReuseDetected.class).get(0).grantId());
    assertFalse(h.alive(tokens.accessToken()));
  }

  @Test
  @DisplayName(
      "clients: registered, secret rotated, deleted; a service's own token has no user; a sign-out"
          + " counts what it revoked")
  void clientsAndUsers() {
    open(recorder);
    ClientRegistration service =
        h.oauth.registerApp(
            RegistrationRequest.builder("Service").grantType(GrantType.CLIENT_CREDENTIALS).build());
    TokenResponse token =
        h.oauth.requestAccessToken(
            TokenRequest.clientCredentials(service.clientId(), service.clientSecret(), null));
    h.oauth.rotateSecret(service.clientId());
    h.tokens();
    assertEquals(3, h.oauth.revokeAll(Harness.USER)); // the code's tombstone, two tokens
    h.oauth.deleteApp(service.clientId());
    assertEquals(
        List.of(
            "client_registered",
            "tokens_issued",
            "client_secret_rotated",
            "code_issued",
            "tokens_issued",
            "user_signed_out",
            "client_deleted"),
        typesAfterSetup());
    Proauth2Event.TokensIssued own = recorder.of(Proauth2Event.TokensIssued.class).get(0);
    assertNull(own.userId());
    assertEquals("client_credentials", own.grantType());
    assertEquals(
        new Proauth2Event.UserSignedOut(h.clock.instant(), Harness.USER, 3),
        recorder.of(Proauth2Event.UserSignedOut.class).get(0));
    assertEquals(1, recorder.of(Proauth2Event.ClientDeleted.class).get(0).revoked());
    assertFalse(h.alive(token.accessToken()));
  }

  @Test
  @DisplayName(
      "failed authentications are told with their reason, and the lockout once, on the failure"
          + " that reached the limit")
  void failuresAndLockout() {
    open(recorder);
    for (int i = 0; i < 11; i++) {
      String guess = "guess-" + i;
      assertError(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              h.oauth.requestAccessToken(
                  new ClientCredentials("client_secret_basic", h.app.clientId(), guess)
                      .from("203.0.113.66"),
                  TokenRequest.refreshToken(null, null, "x".repeat(43), null)));
    }
    List<String> types = typesAfterSetup();
    assertEquals(12, types.size(), types.toString());
    assertEquals("client_locked_out", types.get(10));
    List<Proauth2Event.ClientAuthenticationFailed> failed =
        recorder.of(Proauth2Event.ClientAuthenticationFailed.class);
    assertEquals("wrong_secret", failed.get(0).reason());
    assertEquals("client_secret_basic", failed.get(0).method());
    assertEquals("203.0.113.66", failed.get(0).source());
    assertEquals("locked_out", failed.get(10).reason());
    assertEquals(
        new Proauth2Event.ClientLockedOut(h.clock.instant(), h.app.clientId(), "203.0.113.66", 60),
        recorder.of(Proauth2Event.ClientLockedOut.class).get(0));
  }

  @Test
  @DisplayName("a refused request that changed nothing tells nothing")
  void refusedTellsNothing() {
    open(recorder);
    assertError(
        Proauth2Exception.INVALID_SCOPE,
        () -> h.authorize(h.request(h.app, h.newVerifier()).scope("admin").build()));
    assertError(
        Proauth2Exception.INVALID_GRANT,
        () -> h.exchange(h.app, h.app.clientSecret(), "x".repeat(43), Harness.REDIRECT, null));
    h.oauth.revokeToken("y".repeat(43));
    assertError(Proauth2Exception.INVALID_TOKEN, () -> h.oauth.authenticateToken("z"));
    assertEquals(List.of(), typesAfterSetup());
  }

  @Test
  @DisplayName("a store failure is told as store_unavailable with the operation it broke")
  void storeUnavailable() {
    open(recorder);
    h.store.failOnce(
        ObservedStore.Operation.FETCH,
        Table.TOKENS,
        () -> new DataStoreUnavailableException("the test broke the store", null));
    assertError(
        Proauth2Exception.TEMPORARILY_UNAVAILABLE, () -> h.oauth.authenticateToken("x".repeat(43)));
    assertEquals(List.of("store_unavailable"), typesAfterSetup());
    assertEquals(
        "authenticate_token", recorder.of(Proauth2Event.StoreUnavailable.class).get(0).operation());
  }

  @Test
  @DisplayName("64 threads redeeming one code: one tokens_issued, 63 code replays")
  void race() throws Exception {
    open(recorder);
    String verifier = h.newVerifier();
    AuthorizationCode code = h.authorize(h.app, verifier);
    ExecutorService threads = Executors.newFixedThreadPool(64);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        outcomes.add(
            threads.submit(
                () -> {
                  start.await();
                  try {
                    h.exchange(h.app, code, verifier);
                    return true;
                  } catch (Proauth2Exception e) {
                    return false;
                  }
                }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> outcome : outcomes) {
        winners += outcome.get() ? 1 : 0;
      }
      assertEquals(1, winners);
    } finally {
      threads.shutdownNow();
    }
    assertTrue(h.oauth.flushEvents(Duration.ofSeconds(10)));
    assertEquals(1, recorder.of(Proauth2Event.TokensIssued.class).size());
    assertEquals(63, recorder.of(Proauth2Event.CodeReplayDetected.class).size());
  }

  @Test
  @DisplayName("no event holds a token, code, verifier, secret or the hash of any of them")
  void noSecrets() throws Exception {
    open(recorder);
    codeFlowWithEverything();
    assertTrue(h.oauth.flushEvents(Duration.ofSeconds(10)));
    List<String> forbidden = new ArrayList<>();
    for (String secret : h.secrets()) {
      forbidden.add(secret);
      forbidden.add(SecretHashes.sha256(secret));
    }
    assertTrue(recorder.events.size() > 10);
    for (Proauth2Event event : recorder.events) {
      List<String> texts = new ArrayList<>(List.of(event.toString()));
      for (RecordComponent component : event.getClass().getRecordComponents()) {
        texts.add(String.valueOf(component.getAccessor().invoke(event)));
      }
      for (String text : texts) {
        for (String secret : forbidden) {
          assertFalse(text.contains(secret), event.type() + " leaks a secret or its hash");
        }
      }
    }
  }

  private void codeFlowWithEverything() {
    String verifier = h.newVerifier();
    AuthorizationCode code = h.authorize(h.app, verifier);
    TokenResponse tokens = h.exchange(h.app, code, verifier);
    assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.app, code, verifier));
    TokenResponse other = h.tokens();
    h.refresh(h.app, other.refreshToken(), null);
    assertError(
        Proauth2Exception.INVALID_GRANT, () -> h.refresh(h.app, other.refreshToken(), null));
    h.oauth.revokeToken(tokens.accessToken());
    h.remember(h.oauth.rotateSecret(h.app.clientId()).clientSecret());
    assertError(
        Proauth2Exception.INVALID_CLIENT,
        () ->
            h.oauth.requestAccessToken(
                TokenRequest.refreshToken(
                    h.other.clientId(), h.app.clientSecret(), "x".repeat(43), null)));
    h.oauth.revokeAll(Harness.USER);
  }

  @Test
  @DisplayName(
      "a listener that throws is logged and counted, and neither the request nor the other"
          + " listeners notice")
  void throwingListener() {
    Proauth2Listener broken =
        event -> {
          throw new IllegalStateException("a broken listener");
        };
    open(broken, recorder);
    TokenResponse tokens = h.tokens();
    assertTrue(h.alive(tokens.accessToken()));
    assertTrue(h.oauth.flushEvents(Duration.ofSeconds(10)));
    assertEquals(List.of("code_issued", "tokens_issued"), typesAfterSetup());
    assertEquals(5, h.oauth.listenerFailures());
  }

  @Test
  @DisplayName("a listener that blocks does not hold up requests: they finish while it waits")
  void blockingListener() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Proauth2Listener blocking =
        event -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    open(blocking);
    // The bound guards against a hang, the failure this test exists for; it measures no speed.
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          for (int i = 0; i < 20; i++) {
            assertTrue(h.alive(h.tokens().accessToken()));
          }
        });
    assertFalse(h.oauth.flushEvents(Duration.ofMillis(50)), "the listener is still held");
    release.countDown();
    assertTrue(h.oauth.flushEvents(Duration.ofSeconds(10)));
  }
}

package dev.proauth2;

import static dev.proauth2.TestEngine.USER;
import static dev.proauth2.TestEngine.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The device authorization grant (RFC 8628) in the engine, one rule per test. */
class DeviceGrantTest {

  static final String SOURCE = "192.0.2.7";

  final List<Proauth2Event> events = new CopyOnWriteArrayList<>();
  final TestEngine engine = new TestEngine(builder -> builder.listener(events::add));
  final Proauth2 oauth = engine.oauth;
  final ClientRegistration tv =
      engine.register(
          RegistrationRequest.builder("Living room TV")
              .grantType(GrantType.DEVICE_CODE)
              .grantType(GrantType.REFRESH_TOKEN)
              .scope("read write")
              .build());

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  DeviceAuthorization start(String scope) {
    return oauth.requestDeviceAuthorization(tv.clientId(), tv.clientSecret(), scope);
  }

  TokenResponse poll(ClientRegistration client, String deviceCode) {
    return oauth.requestAccessToken(
        TokenRequest.deviceCode(client.clientId(), client.clientSecret(), deviceCode));
  }

  long tokensIssued() {
    oauth.flushEvents(Duration.ofSeconds(10));
    return events.stream().filter(e -> e instanceof Proauth2Event.TokensIssued).count();
  }

  @Nested
  @DisplayName("starting a device authorization")
  class Start {

    @Test
    @DisplayName(
        "answers a 256-bit device code and an 8-letter user code shown XXXX-XXXX, 600 s, 5 s")
    void answer() {
      DeviceAuthorization started = start("read");
      assertEquals(43, started.deviceCode().length());
      assertTrue(started.userCode().matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}"));
      assertEquals(600, started.expiresIn());
      assertEquals(5, started.interval());
      assertFalse(started.toString().contains(started.deviceCode()));
    }

    @Test
    @DisplayName(
        "the builder's device lifetime and polling interval are what the device is told and what"
            + " polls are held to")
    void settings() {
      try (TestEngine custom =
          new TestEngine(
              builder ->
                  builder
                      .deviceCodeTtl(Duration.ofMinutes(2))
                      .devicePollingInterval(Duration.ofSeconds(10)))) {
        ClientRegistration cli =
            custom.register(
                RegistrationRequest.builder("A CLI")
                    .authMethod("none")
                    .grantType(GrantType.DEVICE_CODE)
                    .build());
        DeviceAuthorization started =
            custom.oauth.requestDeviceAuthorization(cli.clientId(), null, null);
        assertEquals(120, started.expiresIn());
        assertEquals(10, started.interval());
        TokenRequest poll = TokenRequest.deviceCode(cli.clientId(), null, started.deviceCode());
        assertError(
            Proauth2Exception.AUTHORIZATION_PENDING, () -> custom.oauth.requestAccessToken(poll));
        custom.clock.advance(Duration.ofSeconds(9));
        assertError(Proauth2Exception.SLOW_DOWN, () -> custom.oauth.requestAccessToken(poll));
        custom.clock.advance(Duration.ofSeconds(14)); // the interval is 15 s now
        assertError(Proauth2Exception.SLOW_DOWN, () -> custom.oauth.requestAccessToken(poll));
        custom.clock.advance(Duration.ofSeconds(20)); // 20 s now
        assertError(
            Proauth2Exception.AUTHORIZATION_PENDING, () -> custom.oauth.requestAccessToken(poll));
        custom.clock.advance(Duration.ofSeconds(120 - 43));
        assertError(Proauth2Exception.EXPIRED_TOKEN, () -> custom.oauth.requestAccessToken(poll));
      }
    }

    @Test
    @DisplayName("the store keeps the device code and the user code only as hashes")
    void hashed() {
      DeviceAuthorization started = start("read");
      String userCode = started.userCode().replace("-", "");
      assertTrue(
          engine
              .store
              .fetch(Table.DEVICE_CODES, SecretHashes.sha256(started.deviceCode()))
              .isPresent());
      assertTrue(engine.store.fetch(Table.USER_CODES, SecretHashes.sha256(userCode)).isPresent());
      assertTrue(engine.store.fetch(Table.DEVICE_CODES, started.deviceCode()).isEmpty());
    }

    @Test
    @DisplayName("a public client registered for the grant without redirect URIs may start one")
    void publicClient() {
      ClientRegistration cli =
          engine.register(
              RegistrationRequest.builder("A CLI")
                  .authMethod("none")
                  .grantType(GrantType.DEVICE_CODE)
                  .build());
      assertTrue(cli.redirectUris().isEmpty());
      DeviceAuthorization started = oauth.requestDeviceAuthorization(cli.clientId(), null, null);
      oauth.approveDevice(started.userCode(), USER, SOURCE);
      TokenResponse tokens = poll(cli, started.deviceCode());
      assertEquals(USER, oauth.authenticateToken(tokens.accessToken()).userId());
      assertNull(tokens.refreshToken(), "the CLI is not registered for refresh_token");
    }

    @Test
    @DisplayName("a client not registered for the device grant is unauthorized_client")
    void notRegistered() {
      engine.assertRefusedUnchanged(
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          () ->
              oauth.requestDeviceAuthorization(
                  engine.app.clientId(), engine.app.clientSecret(), "read"));
    }

    @Test
    @DisplayName("a wrong secret is invalid_client and stores nothing")
    void wrongSecret() {
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT,
          () -> oauth.requestDeviceAuthorization(tv.clientId(), "wrong", "read"));
    }

    @Test
    @DisplayName("a scope outside the client's is invalid_scope and stores nothing")
    void scope() {
      engine.assertRefusedUnchanged(Proauth2Exception.INVALID_SCOPE, () -> start("admin"));
    }

    @Test
    @DisplayName("a resource the client may not ask for is invalid_target and stores nothing")
    void resource() {
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_TARGET,
          () ->
              oauth.requestDeviceAuthorization(
                  new dev.proauth2.spi.ClientCredentials(
                      "direct", tv.clientId(), tv.clientSecret()),
                  "read",
                  List.of("https://elsewhere.example/")));
    }
  }

  @Nested
  @DisplayName("the verification step")
  class Verification {

    @Test
    @DisplayName("finds the request by its user code, in any case, with or without dash or spaces")
    void normalised() {
      DeviceAuthorization started = start("read");
      String plain = started.userCode().replace("-", "");
      for (String typed :
          List.of(
              started.userCode(),
              plain.toLowerCase(Locale.ROOT),
              " " + plain.substring(0, 2) + " " + plain.substring(2) + " ",
              plain.substring(0, 4) + "--" + plain.substring(4))) {
        DeviceRequest found = oauth.findDeviceRequest(typed, SOURCE);
        assertEquals(started.userCode(), found.userCode());
        assertEquals(tv.clientId(), found.clientId());
        assertEquals("Living room TV", found.clientName());
        assertEquals("read", found.scope());
      }
    }

    @Test
    @DisplayName("a text that cannot be a user code is invalid_request and not quoted")
    void malformed() {
      for (String typed :
          List.of("", "BCDF-GHJ", "BCDF-GHJKL", "ABCD-EFGH", "BCDF-GHJ1", "ВCDF-GHJK")) {
        Proauth2Exception e =
            assertError(
                Proauth2Exception.INVALID_REQUEST, () -> oauth.findDeviceRequest(typed, SOURCE));
        assertFalse(!typed.isEmpty() && e.getMessage().contains(typed), e.getMessage());
      }
    }

    @Test
    @DisplayName("only the first decision counts: a second approval or a denial is invalid_grant")
    void oneDecision() {
      DeviceAuthorization started = start("read");
      oauth.approveDevice(started.userCode(), USER, SOURCE);
      assertError(
          Proauth2Exception.INVALID_GRANT,
          () -> oauth.approveDevice(started.userCode(), "mallory", SOURCE));
      assertError(
          Proauth2Exception.INVALID_GRANT, () -> oauth.denyDevice(started.userCode(), SOURCE));
      assertEquals(
          USER, oauth.authenticateToken(poll(tv, started.deviceCode()).accessToken()).userId());
    }

    @Test
    @DisplayName(
        "ten wrong codes from one source refuse even the right code from it, not from another,"
            + " until the window passes")
    void perSource() {
      DeviceAuthorization started = start("read");
      for (int i = 0; i < DeviceAuthorizations.GUESSES_PER_SOURCE; i++) {
        assertError(
            Proauth2Exception.INVALID_GRANT,
            () -> oauth.findDeviceRequest(wrongCode(started), SOURCE));
      }
      assertError(
          Proauth2Exception.TEMPORARILY_UNAVAILABLE,
          () -> oauth.findDeviceRequest(started.userCode(), SOURCE));
      assertEquals(
          tv.clientId(), oauth.findDeviceRequest(started.userCode(), "198.51.100.1").clientId());
      engine.clock.advance(DeviceAuthorizations.GUESS_WINDOW);
      DeviceAuthorization again = start("read");
      assertEquals(tv.clientId(), oauth.findDeviceRequest(again.userCode(), SOURCE).clientId());
    }

    @Test
    @DisplayName("a thousand wrong codes from a thousand sources refuse every source for a while")
    void overall() {
      DeviceAuthorization started = start("read");
      for (int i = 0; i < DeviceAuthorizations.GUESSES_OVERALL; i++) {
        String source = "10.0." + (i / 256) + "." + (i % 256);
        assertError(
            Proauth2Exception.INVALID_GRANT,
            () -> oauth.findDeviceRequest(wrongCode(started), source));
      }
      assertError(
          Proauth2Exception.TEMPORARILY_UNAVAILABLE,
          () -> oauth.approveDevice(started.userCode(), USER, "203.0.113.9"));
    }
  }

  /** A well-formed user code that is not this one (nor, with near certainty, any other). */
  static String wrongCode(DeviceAuthorization started) {
    String code;
    do {
      code = UserCodes.newCode();
    } while (code.equals(started.userCode().replace("-", "")));
    return code;
  }

  @Nested
  @DisplayName("polling")
  class Polling {

    @Test
    @DisplayName("before the user decides, a poll is authorization_pending")
    void pending() {
      DeviceAuthorization started = start("read");
      assertError(Proauth2Exception.AUTHORIZATION_PENDING, () -> poll(tv, started.deviceCode()));
      engine.clock.advance(Duration.ofSeconds(5));
      assertError(Proauth2Exception.AUTHORIZATION_PENDING, () -> poll(tv, started.deviceCode()));
    }

    @Test
    @DisplayName("a poll within the interval is slow_down, and the interval grows by 5 s each time")
    void slowDown() {
      DeviceAuthorization started = start("read");
      assertError(Proauth2Exception.AUTHORIZATION_PENDING, () -> poll(tv, started.deviceCode()));
      Proauth2Exception first =
          assertError(Proauth2Exception.SLOW_DOWN, () -> poll(tv, started.deviceCode()));
      assertTrue(first.getMessage().contains("10 s"), first.getMessage());
      engine.clock.advance(Duration.ofSeconds(6)); // within the 10 s now asked for
      Proauth2Exception second =
          assertError(Proauth2Exception.SLOW_DOWN, () -> poll(tv, started.deviceCode()));
      assertTrue(second.getMessage().contains("15 s"), second.getMessage());
      engine.clock.advance(Duration.ofSeconds(15));
      assertError(Proauth2Exception.AUTHORIZATION_PENDING, () -> poll(tv, started.deviceCode()));
    }

    @Test
    @DisplayName("after a denial, a poll is access_denied and issues nothing")
    void denied() {
      DeviceAuthorization started = start("read");
      oauth.denyDevice(started.userCode(), SOURCE);
      assertError(Proauth2Exception.ACCESS_DENIED, () -> poll(tv, started.deviceCode()));
      assertError(Proauth2Exception.ACCESS_DENIED, () -> poll(tv, started.deviceCode()));
      assertEquals(0, tokensIssued());
    }

    @Test
    @DisplayName("past its lifetime, a device code is expired_token and its user code unknown")
    void expired() {
      DeviceAuthorization started = start("read");
      engine.clock.advance(Duration.ofMinutes(10)); // the default deviceCodeTtl
      assertError(Proauth2Exception.EXPIRED_TOKEN, () -> poll(tv, started.deviceCode()));
      assertError(
          Proauth2Exception.INVALID_GRANT,
          () -> oauth.approveDevice(started.userCode(), USER, SOURCE));
      engine.clock.advance(DeviceAuthorizations.EXPIRED_GRACE);
      assertError(Proauth2Exception.INVALID_GRANT, () -> poll(tv, started.deviceCode()));
    }

    @Test
    @DisplayName(
        "after approval one poll gets tokens for the user with the scope asked, the next is"
            + " invalid_grant")
    void approved() {
      DeviceAuthorization started = start("read");
      assertError(Proauth2Exception.AUTHORIZATION_PENDING, () -> poll(tv, started.deviceCode()));
      oauth.approveDevice(started.userCode(), USER, SOURCE);
      TokenResponse tokens = poll(tv, started.deviceCode());
      assertEquals("read", tokens.scope());
      assertNotNull(tokens.refreshToken());
      TokenSubject who = oauth.authenticateToken(tokens.accessToken());
      assertEquals(USER, who.userId());
      assertEquals(tv.clientId(), who.clientId());
      assertError(Proauth2Exception.INVALID_GRANT, () -> poll(tv, started.deviceCode()));
      assertEquals(1, tokensIssued());
      assertEquals(
          GrantType.DEVICE_CODE.value(),
          events.stream()
              .filter(e -> e instanceof Proauth2Event.TokensIssued)
              .map(e -> ((Proauth2Event.TokensIssued) e).grantType())
              .findFirst()
              .orElseThrow());
    }

    @Test
    @DisplayName("another client's device code is invalid_grant and stays usable by its own")
    void anotherClient() {
      ClientRegistration other =
          engine.register(
              RegistrationRequest.builder("Other TV").grantType(GrantType.DEVICE_CODE).build());
      DeviceAuthorization started = start("read");
      oauth.approveDevice(started.userCode(), USER, SOURCE);
      assertError(Proauth2Exception.INVALID_GRANT, () -> poll(other, started.deviceCode()));
      assertNotNull(poll(tv, started.deviceCode()).accessToken());
    }

    @Test
    @DisplayName("a missing device code is invalid_request, a malformed one invalid_grant")
    void malformed() {
      assertError(Proauth2Exception.INVALID_REQUEST, () -> poll(tv, null));
      assertError(Proauth2Exception.INVALID_GRANT, () -> poll(tv, "not a device code"));
    }

    @Test
    @DisplayName("signing the user out between approval and poll leaves the device nothing")
    void revokedBeforePoll() {
      DeviceAuthorization started = start("read");
      oauth.approveDevice(started.userCode(), USER, SOURCE);
      oauth.revokeAll(USER);
      assertError(Proauth2Exception.INVALID_GRANT, () -> poll(tv, started.deviceCode()));
    }

    @Test
    @DisplayName(
        "one device code polled by 64 threads after approval gives exactly one set of tokens")
    void race() throws Exception {
      DeviceAuthorization started = start("read");
      oauth.approveDevice(started.userCode(), USER, SOURCE);
      int threads = 64;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<TokenResponse>> polls = new ArrayList<>();
      try {
        for (int i = 0; i < threads; i++) {
          polls.add(
              pool.submit(
                  () -> {
                    go.await();
                    try {
                      return poll(tv, started.deviceCode());
                    } catch (Proauth2Exception e) {
                      assertEquals(Proauth2Exception.INVALID_GRANT, e.error());
                      return null;
                    }
                  }));
        }
        go.countDown();
        List<TokenResponse> won = new ArrayList<>();
        for (Future<TokenResponse> poll : polls) {
          TokenResponse tokens = poll.get();
          if (tokens != null) {
            won.add(tokens);
          }
        }
        assertEquals(1, won.size());
        assertEquals(USER, oauth.authenticateToken(won.get(0).accessToken()).userId());
        assertEquals(1, tokensIssued());
        assertEquals(
            3,
            oauth.revokeAll(USER),
            "one access token, one refresh token and the device code's tombstone were stored");
      } finally {
        pool.shutdownNow();
      }
    }
  }
}

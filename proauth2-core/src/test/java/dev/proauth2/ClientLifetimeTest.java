package dev.proauth2;

import static dev.proauth2.TestEngine.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import dev.proauth2.thirdparty.StandInClientSecretBasic;
import dev.proauth2.thirdparty.TinyDataStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A client registered with a lifetime (audit finding 1): held for its unused lifetime until it is
 * first issued tokens, then to the end of its lifetime, then unknown; a client registered without
 * one never expires. The engine's clock is moved by hand.
 */
@DisplayName("the lifetime of a registered client")
class ClientLifetimeTest {

  private static final Duration LIFETIME = Duration.ofDays(90);
  private static final Duration UNUSED = Duration.ofHours(24);

  private final TestEngine engine = new TestEngine();

  @AfterEach
  void close() {
    engine.close();
  }

  private ClientRegistration registerWithLifetime() {
    return engine.register(
        RegistrationRequest.builder("Expiring app")
            .redirectUri(TestEngine.REDIRECT)
            .scope("read write")
            .grantType(GrantType.CLIENT_CREDENTIALS)
            .lifetime(LIFETIME)
            .unusedLifetime(UNUSED)
            .build());
  }

  private TokenResponse clientCredentials(ClientRegistration client) {
    return engine.oauth.requestAccessToken(
        TokenRequest.clientCredentials(client.clientId(), client.clientSecret(), null));
  }

  private AuthorizationRequest authorization(ClientRegistration client) {
    return AuthorizationRequest.builder()
        .clientId(client.clientId())
        .userId(TestEngine.USER)
        .responseType("code")
        .redirectUri(TestEngine.REDIRECT)
        .build();
  }

  @Test
  @DisplayName("a client never issued tokens is unknown once its unused lifetime is over")
  void unusedClientExpires() {
    Instant registered = Instant.ofEpochMilli(engine.clock.millis());
    ClientRegistration client = registerWithLifetime();
    assertEquals(registered.plus(LIFETIME), client.expiresAt());
    engine.clock.advance(UNUSED.minusMillis(1));
    assertTrue(engine.oauth.findApp(client.clientId()).isPresent());
    engine.clock.advance(Duration.ofMillis(1));
    assertEquals(Optional.empty(), engine.oauth.findApp(client.clientId()));
    assertError(Proauth2Exception.INVALID_CLIENT, () -> clientCredentials(client));
    assertError(
        Proauth2Exception.INVALID_REQUEST,
        () -> engine.oauth.requestAuthorization(authorization(client)));
  }

  @Test
  @DisplayName("a client issued tokens lives to the end of its lifetime, then is unknown")
  void usedClientLivesItsLifetime() {
    ClientRegistration client = registerWithLifetime();
    engine.clock.advance(UNUSED.minusMinutes(1));
    clientCredentials(client);
    engine.clock.advance(LIFETIME.minus(UNUSED).plusMinutes(1).minusMillis(1));
    assertTrue(engine.oauth.findApp(client.clientId()).isPresent());
    assertEquals(Tokens.BEARER, clientCredentials(client).tokenType());
    engine.clock.advance(Duration.ofMillis(1));
    assertEquals(Optional.empty(), engine.oauth.findApp(client.clientId()));
    assertError(Proauth2Exception.INVALID_CLIENT, () -> clientCredentials(client));
  }

  @Test
  @DisplayName("the first tokens extend the registration with one write; later tokens write none")
  void extendedOnce() {
    ClientRegistration client = registerWithLifetime();
    long before = engine.store.changes();
    clientCredentials(client);
    long first = engine.store.changes() - before;
    Record stored = engine.store.fetch(Table.APPLICATIONS, client.clientId()).orElseThrow();
    assertEquals(client.expiresAt().toEpochMilli(), stored.number(Table.EXPIRES_AT).orElseThrow());
    before = engine.store.changes();
    clientCredentials(client);
    assertEquals(first - 1, engine.store.changes() - before, "a second extension was written");
  }

  @Test
  @DisplayName("a client registered without a lifetime never expires, used or not")
  void noLifetime() {
    engine.clock.advance(RegistrationRequest.MAX_LIFETIME.plusDays(1));
    ClientRegistration app = engine.oauth.findApp(engine.app.clientId()).orElseThrow();
    assertNull(app.expiresAt());
    engine.newGrant("read");
    engine.clock.advance(RegistrationRequest.MAX_LIFETIME.plusDays(1));
    assertTrue(engine.oauth.findApp(engine.app.clientId()).isPresent());
    Record stored = engine.store.fetch(Table.APPLICATIONS, engine.app.clientId()).orElseThrow();
    assertTrue(!stored.has(Table.EXPIRES_AT) && !stored.has(Table.LIFETIME_ENDS_AT), "" + stored);
  }

  @Test
  @DisplayName("a lifetime without an unused lifetime holds the client for the whole of it")
  void lifetimeAlone() {
    ClientRegistration client =
        engine.register(
            RegistrationRequest.builder("Trial app")
                .redirectUri(TestEngine.REDIRECT)
                .lifetime(Duration.ofDays(7))
                .build());
    engine.clock.advance(Duration.ofDays(7).minusMillis(1));
    assertTrue(engine.oauth.findApp(client.clientId()).isPresent());
    engine.clock.advance(Duration.ofMillis(1));
    assertEquals(Optional.empty(), engine.oauth.findApp(client.clientId()));
  }

  @Test
  @DisplayName("lifetimes out of range, or an unused lifetime beyond the lifetime, are refused")
  void lifetimeRanges() {
    RegistrationRequest.Builder builder = RegistrationRequest.builder("x");
    assertThrows(IllegalArgumentException.class, () -> builder.lifetime(Duration.ofMillis(999)));
    assertThrows(
        IllegalArgumentException.class,
        () -> builder.lifetime(RegistrationRequest.MAX_LIFETIME.plusSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> builder.unusedLifetime(Duration.ZERO));
    IllegalArgumentException without =
        assertThrows(
            IllegalArgumentException.class,
            () -> RegistrationRequest.builder("x").unusedLifetime(Duration.ofHours(1)).build());
    assertTrue(without.getMessage().contains("within the lifetime"), without.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RegistrationRequest.builder("x")
                .lifetime(Duration.ofHours(1))
                .unusedLifetime(Duration.ofHours(2))
                .build());
  }

  /**
   * A store that runs a step of the test just before one replace of a client, once: what another
   * call does between a read and a write.
   */
  private static final class Interleaving implements DataStore {
    private final DataStore store;
    private UnaryOperator<Record> trigger;
    private Runnable step;

    Interleaving(DataStore store) {
      this.store = store;
    }

    /** Runs {@code step} before the first replace of a client that {@code trigger} picks. */
    void before(UnaryOperator<Record> trigger, Runnable step) {
      this.trigger = trigger;
      this.step = step;
    }

    @Override
    public Optional<Record> fetch(Table table, String key) {
      return store.fetch(table, key);
    }

    @Override
    public Optional<Record> put(Table table, Record record) {
      return store.put(table, record);
    }

    @Override
    public Optional<Record> replace(Table table, Record record) {
      Runnable now = step;
      if (table == Table.APPLICATIONS && now != null && trigger.apply(record) != null) {
        step = null;
        now.run();
      }
      return store.replace(table, record);
    }

    @Override
    public boolean remove(Table table, String key) {
      return store.remove(table, key);
    }

    @Override
    public long removeAll(Table table, String field, String value) {
      return store.removeAll(table, field, value);
    }
  }

  @Test
  @DisplayName(
      "a secret rotated between a client's first token request and its extension stays rotated,"
          + " and the client is extended")
  void rotationDuringExtension() {
    MovingClock clock = new MovingClock();
    Interleaving store = new Interleaving(new TinyDataStore(clock));
    try (Proauth2 oauth =
        Proauth2.builder()
            .dataStore(store)
            .clock(clock)
            .clientAuthMethod(new StandInClientSecretBasic())
            .build()) {
      ClientRegistration client =
          oauth.registerApp(
              RegistrationRequest.builder("Racing app")
                  .grantType(GrantType.CLIENT_CREDENTIALS)
                  .lifetime(LIFETIME)
                  .unusedLifetime(UNUSED)
                  .build());
      ClientRegistration[] rotated = new ClientRegistration[1];
      // The extension's replace comes after the token request read the client: rotate before it.
      store.before(
          record ->
              record.number(Table.EXPIRES_AT).orElse(0) == client.expiresAt().toEpochMilli()
                  ? record
                  : null,
          () -> rotated[0] = oauth.rotateSecret(client.clientId()));
      oauth.requestAccessToken(
          TokenRequest.clientCredentials(client.clientId(), client.clientSecret(), null));
      assertNotEquals(null, rotated[0], "the rotation did not run between read and write");
      assertExtendedWithSecret(oauth, store, client, rotated[0].clientSecret());
    }
  }

  @Test
  @DisplayName(
      "a client's first tokens issued while its secret is rotated extend it, and the new secret"
          + " stays")
  void extensionDuringRotation() {
    MovingClock clock = new MovingClock();
    Interleaving store = new Interleaving(new TinyDataStore(clock));
    try (Proauth2 oauth =
        Proauth2.builder()
            .dataStore(store)
            .clock(clock)
            .clientAuthMethod(new StandInClientSecretBasic())
            .build()) {
      ClientRegistration client =
          oauth.registerApp(
              RegistrationRequest.builder("Racing app")
                  .grantType(GrantType.CLIENT_CREDENTIALS)
                  .lifetime(LIFETIME)
                  .unusedLifetime(UNUSED)
                  .build());
      String oldHash =
          store
              .fetch(Table.APPLICATIONS, client.clientId())
              .orElseThrow()
              .string(Table.SECRET_HASH)
              .orElseThrow();
      // The rotation's replace comes after it read the client: the first tokens are issued first.
      store.before(
          record -> record.string(Table.SECRET_HASH).orElseThrow().equals(oldHash) ? null : record,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.clientCredentials(client.clientId(), client.clientSecret(), null)));
      ClientRegistration rotated = oauth.rotateSecret(client.clientId());
      assertExtendedWithSecret(oauth, store, client, rotated.clientSecret());
    }
  }

  private static void assertExtendedWithSecret(
      Proauth2 oauth, DataStore store, ClientRegistration client, String secret) {
    Record stored = store.fetch(Table.APPLICATIONS, client.clientId()).orElseThrow();
    assertEquals(client.expiresAt().toEpochMilli(), stored.number(Table.EXPIRES_AT).orElseThrow());
    assertError(
        Proauth2Exception.INVALID_CLIENT,
        () ->
            oauth.requestAccessToken(
                TokenRequest.clientCredentials(client.clientId(), client.clientSecret(), null)));
    assertEquals(
        Tokens.BEARER,
        oauth
            .requestAccessToken(TokenRequest.clientCredentials(client.clientId(), secret, null))
            .tokenType());
  }
}

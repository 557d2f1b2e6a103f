package dev.proauth2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import dev.proauth2.thirdparty.StandInClientSecretBasic;
import dev.proauth2.thirdparty.TinyDataStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.function.Executable;

/**
 * The engine on {@code TinyDataStore}, for the engine's own rules, which hold whatever the store: a
 * clock the tests move by hand, a count of the store's changes, a confidential client {@link #app}
 * with scopes "read write", and the steps of a flow.
 *
 * <p>Core has no {@code client_secret_basic}: it lives in {@code authmethod-basic}, which depends
 * on core. {@link StandInClientSecretBasic} stands in for it, given to this engine's builder, so
 * that every other test of core still sees only {@code none}.
 */
final class TestEngine implements AutoCloseable {

  static final String ISSUER = "https://auth.example";
  static final String REDIRECT = "https://app.example/cb";
  static final String LOOPBACK = "http://127.0.0.1:8000/native";
  static final String USER = "alice@example.com";

  private static final SecureRandom RANDOM = new SecureRandom();

  final MovingClock clock = new MovingClock();
  final CountingStore store = new CountingStore(new TinyDataStore(clock));
  final Proauth2 oauth;
  final ClientRegistration app;

  /** Every secret, code and token handed out so far, to look for where it must not be. */
  final List<String> secretsHandedOut = new ArrayList<>();

  TestEngine() {
    this(builder -> {});
  }

  /** An engine with more settings than the issuer and clock. */
  TestEngine(Consumer<Proauth2.Builder> settings) {
    Proauth2.Builder builder =
        Proauth2.builder()
            .dataStore(store)
            .clock(clock)
            .issuer(ISSUER)
            .clientAuthMethod(new StandInClientSecretBasic());
    settings.accept(builder);
    oauth = builder.build();
    app =
        register(
            RegistrationRequest.builder("Test app")
                .redirectUri(REDIRECT)
                .redirectUri(LOOPBACK)
                .scope("read write")
                .build());
  }

  @Override
  public void close() {
    oauth.close();
    store.close();
  }

  ClientRegistration register(RegistrationRequest request) {
    ClientRegistration registration = oauth.registerApp(request);
    remember(registration.clientSecret());
    return registration;
  }

  String remember(String secret) {
    if (secret != null) {
      secretsHandedOut.add(secret);
    }
    return secret;
  }

  static String newVerifier() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String challengeOf(String verifier) {
    return SecretHashes.sha256(verifier);
  }

  /** A code for {@link #app}, scope "read", state "xyz", with the verifier's challenge. */
  AuthorizationCode authorize(String verifier) {
    return authorize(app, verifier, "read");
  }

  /** A code for a client, state "xyz", with the verifier's challenge, or none when it is null. */
  AuthorizationCode authorize(ClientRegistration client, String verifier, String scope) {
    AuthorizationRequest.Builder request =
        AuthorizationRequest.builder()
            .clientId(client.clientId())
            .userId(USER)
            .redirectUri(REDIRECT)
            .scope(scope)
            .state("xyz");
    if (verifier != null) {
      request.codeChallenge(challengeOf(verifier)).codeChallengeMethod(CodeChallengeMethod.S256);
    }
    AuthorizationCode code = oauth.requestAuthorization(request.build());
    remember(code.code());
    return code;
  }

  /** Redeems a code of {@link #app}. */
  TokenResponse exchange(AuthorizationCode code, String verifier) {
    TokenResponse tokens =
        oauth.requestAccessToken(
            TokenRequest.authorizationCode(
                app.clientId(), app.clientSecret(), code.code(), REDIRECT, verifier));
    remember(tokens.accessToken());
    remember(tokens.refreshToken());
    return tokens;
  }

  /** Authorizes with PKCE and redeems the code, scope as given. */
  TokenResponse newGrant(String scope) {
    String verifier = newVerifier();
    return exchange(authorize(app, verifier, scope), verifier);
  }

  static Proauth2Exception assertError(String error, Executable call) {
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, call);
    assertEquals(error, thrown.error(), thrown.getMessage());
    return thrown;
  }

  /** Asserts the call is refused with this error and the store was not changed. */
  void assertRefusedUnchanged(String error, Executable call) {
    long before = store.changes();
    assertError(error, call);
    assertEquals(before, store.changes(), "a refused call changed the store");
  }

  /** Passes every call to a store and counts the records put and removed. */
  static final class CountingStore implements DataStore {
    private final DataStore store;
    private final AtomicLong changes = new AtomicLong();

    CountingStore(DataStore store) {
      this.store = store;
    }

    long changes() {
      return changes.get();
    }

    @Override
    public Optional<Record> fetch(Table table, String key) {
      return store.fetch(table, key);
    }

    @Override
    public Optional<Record> put(Table table, Record record) {
      changes.incrementAndGet();
      return store.put(table, record);
    }

    @Override
    public Optional<Record> replace(Table table, Record record) {
      Optional<Record> replaced = store.replace(table, record);
      if (replaced.isPresent()) {
        changes.incrementAndGet();
      }
      return replaced;
    }

    @Override
    public boolean remove(Table table, String key) {
      boolean removed = store.remove(table, key);
      if (removed) {
        changes.incrementAndGet();
      }
      return removed;
    }

    @Override
    public long removeAll(Table table, String field, String value) {
      long removed = store.removeAll(table, field, value);
      changes.addAndGet(removed);
      return removed;
    }

    @Override
    public void close() {
      store.close();
    }
  }
}

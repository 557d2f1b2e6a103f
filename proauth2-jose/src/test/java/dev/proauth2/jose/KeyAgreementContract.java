package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.AccessTokenFormat;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two engines on one real store, each with its own connections, agree on the signing keys with no
 * leader while they start and rotate at once. A store module extends this with the config string of
 * a fresh, empty store.
 */
public abstract class KeyAgreementContract {

  private static final Duration P = Duration.ofHours(1);
  private static final int THREADS_PER_ENGINE = 4;

  /** The config string of a new, empty store (or namespace) on the real server. */
  protected abstract String newStoreConfig();

  private Proauth2 engine(String config, MovingClock clock) {
    return Proauth2.builder()
        .dataStore(DataStores.open(config, clock))
        .clock(clock)
        .issuer(Engines.ISSUER)
        .signing(JoseSigning.builder().keys(ManagedSigningKeys.rotatingEvery(P)).build())
        .keyEncryptionKey(Engines.keyEncryptionKey(9))
        .accessTokenFormat(AccessTokenFormat.JWT)
        .discoverListeners(false)
        .build();
  }

  @Test
  @DisplayName(
      "two engines started at once agree on the key in force from their first re-read on, and"
          + " through rotations made at once; each accepts the other's tokens")
  void agreeUnderConcurrentRotation() throws Exception {
    String config = newStoreConfig();
    MovingClock clock = new MovingClock();
    ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_ENGINE);
    try {
      List<Future<Proauth2>> starting = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < 2; i++) {
        starting.add(
            pool.submit(
                () -> {
                  go.await();
                  return engine(config, clock);
                }));
      }
      go.countDown();
      Proauth2 a = starting.get(0).get(60, TimeUnit.SECONDS);
      Proauth2 b = starting.get(1).get(60, TimeUnit.SECONDS);
      try {
        ClientRegistration client = Engines.machine(a);
        // Both may have made a first key of their own; each reads the merged set a second later.
        clock.advance(Duration.ofSeconds(1));
        for (int rotation = 0; rotation < 4; rotation++) {
          List<String> tokens = issueAtOnce(pool, List.of(a, b), client);
          Set<String> kids = new TreeSet<>();
          for (String token : tokens) {
            kids.add(SignedJWT.parse(token).getHeader().getKeyID());
            assertEquals(client.clientId(), a.authenticateToken(token).clientId());
            assertEquals(client.clientId(), b.authenticateToken(token).clientId());
          }
          assertEquals(1, kids.size(), "every token of one moment is signed by one key: " + kids);
          // Both made a successor at once; each reads what the store settled on a second later.
          clock.advance(Duration.ofSeconds(1));
          assertEquals(published(a), published(b), "both publish the same keys");
          clock.advance(P.minusSeconds(1));
        }
        Record stored = storedKeySet(config, clock);
        KeyRing ring = KeyRing.parse(stored.string(Table.KEY_ENTRIES).orElseThrow());
        Set<Long> activations = new TreeSet<>();
        for (KeyRing.Entry entry : ring.entries()) {
          activations.add(entry.activatesAt());
        }
        assertEquals(ring.entries().size(), activations.size(), "no two keys for one period");
      } finally {
        a.close();
        b.close();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Tokens from both engines, requested by several threads each at the same moment. */
  private static List<String> issueAtOnce(
      ExecutorService pool, List<Proauth2> engines, ClientRegistration client) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> futures = new ArrayList<>();
    for (Proauth2 engine : engines) {
      for (int i = 0; i < THREADS_PER_ENGINE; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return Engines.token(engine, client).accessToken();
                }));
      }
    }
    go.countDown();
    List<String> tokens = new ArrayList<>();
    for (Future<String> future : futures) {
      tokens.add(future.get(60, TimeUnit.SECONDS));
    }
    return tokens;
  }

  private static Set<String> published(Proauth2 engine) throws Exception {
    Set<String> kids = new TreeSet<>();
    for (JWK key : JWKSet.parse(engine.publicKeys().orElseThrow().json()).getKeys()) {
      kids.add(key.getKeyID());
    }
    return kids;
  }

  /** The stored key set, read through a third connection. */
  private static Record storedKeySet(String config, MovingClock clock) {
    try (DataStore store = DataStores.open(config, clock)) {
      return store.fetch(Table.SIGNING_KEYS, JWSAlgorithm.ES256.getName()).orElseThrow();
    }
  }
}

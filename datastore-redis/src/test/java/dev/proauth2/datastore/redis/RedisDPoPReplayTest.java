package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proauth2.ClientRegistration;
import dev.proauth2.DPoPRequest;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.jose.JoseDPoP;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.testkit.DPoPProofs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A DPoP proof's {@code jti} is single-use across every engine that shares one Redis (RFC 9449
 * section 11.1): two engines, each with its own connection, are handed the same proof at the same
 * moment, and exactly one accepts it.
 */
@DisplayName("DPoP proof replay across two engines on one Redis")
class RedisDPoPReplayTest {

  private static final String ISSUER = "https://issuer.example";
  private static final String TOKEN_URL = ISSUER + "/token";
  private static final String API_URL = "https://api.example/me";
  private static final int ROUNDS = 20;

  private DataStore storeA;
  private DataStore storeB;
  private Proauth2 engineA;
  private Proauth2 engineB;
  private DPoPProofs proofs;
  private ClientRegistration client;

  @BeforeEach
  void start() throws Exception {
    TestRedis redis = TestRedis.standalone();
    String config = redis.configString(TestRedis.newPrefix(), "timeout=10s");
    storeA = TestRedis.open(config);
    storeB = TestRedis.open(config);
    engineA = engine(storeA);
    engineB = engine(storeB);
    proofs = DPoPProofs.ec();
    client =
        engineA.registerApp(
            RegistrationRequest.builder("dpop client")
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .build());
  }

  private static Proauth2 engine(DataStore store) {
    return Proauth2.builder()
        .dataStore(store)
        .issuer(ISSUER)
        .dpop(JoseDPoP.verifier())
        .discoverListeners(false)
        .build();
  }

  @AfterEach
  void stop() {
    engineA.close();
    engineB.close();
    storeA.close();
    storeB.close();
  }

  private String tokenWith(Proauth2 engine, String proof) {
    return engine
        .requestAccessToken(
            new ClientCredentials("client_secret_basic", client.clientId(), client.clientSecret()),
            new TokenRequest.ClientCredentials(client.clientId(), null, null, List.of()),
            new DPoPRequest(proof, "POST", TOKEN_URL))
        .accessToken();
  }

  private static Callable<Boolean> attempt(Runnable call, CountDownLatch start) {
    return () -> {
      start.await();
      try {
        call.run();
        return true;
      } catch (Proauth2Exception e) {
        assertEquals(Proauth2Exception.INVALID_DPOP_PROOF, e.error(), e.getMessage());
        return false;
      }
    };
  }

  private static int race(Runnable a, Runnable b, ExecutorService threads) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    results.add(threads.submit(attempt(a, start)));
    results.add(threads.submit(attempt(b, start)));
    start.countDown();
    int wins = 0;
    for (Future<Boolean> result : results) {
      wins += result.get() ? 1 : 0;
    }
    return wins;
  }

  @Test
  @DisplayName("one token-request proof sent to both engines at once: exactly one issues a token")
  void tokenRequestRace() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String proof = proofs.proof("POST", TOKEN_URL);
        int wins = race(() -> tokenWith(engineA, proof), () -> tokenWith(engineB, proof), threads);
        assertEquals(1, wins, "round " + round);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  @DisplayName("one resource proof sent to both engines at once: exactly one accepts the token")
  void resourceRace() throws Exception {
    String token = tokenWith(engineA, proofs.proof("POST", TOKEN_URL));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        DPoPRequest request = proofs.request("GET", API_URL, token);
        int wins =
            race(
                () -> engineA.authenticateToken(token, null, request),
                () -> engineB.authenticateToken(token, null, request),
                threads);
        assertEquals(1, wins, "round " + round);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}

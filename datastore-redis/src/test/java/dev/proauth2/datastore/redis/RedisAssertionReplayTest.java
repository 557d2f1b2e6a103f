package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
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
 * A {@code private_key_jwt} assertion is single-use across every engine that shares one Redis: two
 * engines, each with its own connection, are handed the same assertion at the same moment, and
 * exactly one issues a token.
 */
@DisplayName("private_key_jwt replay across two engines on one Redis")
class RedisAssertionReplayTest {

  private static final String ISSUER = "https://issuer.example";

  private DataStore storeA;
  private DataStore storeB;
  private Proauth2 engineA;
  private Proauth2 engineB;
  private ECKey key;
  private String clientId;

  @BeforeEach
  void start() throws JOSEException {
    TestRedis redis = TestRedis.standalone();
    String config = redis.configString(TestRedis.newPrefix(), "timeout=10s");
    storeA = TestRedis.open(config);
    storeB = TestRedis.open(config);
    engineA = engine(storeA);
    engineB = engine(storeB);
    key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    clientId =
        engineA
            .registerApp(
                RegistrationRequest.builder("replay client")
                    .authMethod("private_key_jwt")
                    .grantType(GrantType.CLIENT_CREDENTIALS)
                    .jwks(new JWKSet(key.toPublicJWK()).toString())
                    .build())
            .clientId();
  }

  private static Proauth2 engine(DataStore store) {
    return Proauth2.builder()
        .dataStore(store)
        .issuer(ISSUER)
        .discoverListeners(false)
        .clientFailureLimit(1_000, Duration.ofSeconds(1))
        .build();
  }

  @AfterEach
  void stop() {
    engineA.close();
    engineB.close();
    storeA.close();
    storeB.close();
  }

  private String assertion() throws JOSEException {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(ISSUER)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString())
                .build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  /** Whether the engine issued a token for the assertion; false for invalid_client. */
  private Callable<Boolean> present(Proauth2 engine, String assertion, CountDownLatch start) {
    return () -> {
      start.await();
      try {
        engine.requestAccessToken(TokenRequest.clientCredentials(clientId, assertion, null));
        return true;
      } catch (Proauth2Exception e) {
        assertEquals(Proauth2Exception.INVALID_CLIENT, e.error(), e.getMessage());
        assertTrue(e.description().contains("jti"), e.description());
        return false;
      }
    };
  }

  @Test
  @DisplayName("the same assertion presented to both engines at once: exactly one succeeds")
  void exactlyOneWins() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        String assertion = assertion();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        results.add(threads.submit(present(engineA, assertion, start)));
        results.add(threads.submit(present(engineB, assertion, start)));
        start.countDown();
        int wins = 0;
        for (Future<Boolean> result : results) {
          wins += result.get() ? 1 : 0;
        }
        assertEquals(1, wins, "round " + round);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  @DisplayName("an assertion one engine accepted is a replay for the other, one after the other")
  void sequentialReplay() throws Exception {
    String assertion = assertion();
    CountDownLatch open = new CountDownLatch(0);
    assertTrue(present(engineA, assertion, open).call());
    assertEquals(false, present(engineB, assertion, open).call());
    assertEquals(false, present(engineA, assertion, open).call());
  }
}

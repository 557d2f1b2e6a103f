package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.ClientRegistration;
import dev.proauth2.Proauth2;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The engine's authorization-code flow on a Redis of the test's own, which keeps an append-only
 * file so that what it held survives being killed and restarted.
 */
@DisplayName("the proauth2 engine on Redis")
class RedisEngineFlowTest {

  private static final String REDIRECT_URI = "https://app.example/cb";
  private static final String PREFIX = "flow";

  private RedisServerProcess server;
  private DataStore store;
  private Proauth2 oauth;

  @BeforeEach
  void start() {
    server = RedisServerProcess.launch("--appendonly", "yes", "--appendfsync", "always");
    store = TestRedis.open(server.uri() + "?prefix=" + PREFIX + "&timeout=500ms");
    oauth = Proauth2.builder().dataStore(store).build();
  }

  @AfterEach
  void stop() {
    oauth.close();
    store.close();
    server.close();
  }

  @Test
  @DisplayName("runs the whole flow, and no secret it hands out reaches Redis in clear")
  void noSecretInRedis() {
    ClientRegistration app = oauth.registerApp("Flow app", REDIRECT_URI);
    AuthorizationCode code =
        oauth.requestAuthorization(app.clientId(), "ivan", "code", REDIRECT_URI);
    TokenResponse tokens =
        oauth.requestAccessToken(app.clientId(), app.clientSecret(), code.code());
    assertEquals("ivan", oauth.authenticateToken(tokens.accessToken()).userId());

    List<String> secrets =
        List.of(app.clientSecret(), code.code(), tokens.accessToken(), tokens.refreshToken());
    try (Jedis jedis = server.jedis()) {
      Set<String> keys = jedis.keys(PREFIX + ":*");
      assertFalse(keys.isEmpty());
      for (String key : keys) {
        String value =
            jedis.type(key).equals("string")
                ? jedis.get(key)
                : jedis.zrangeWithScores(key, 0, -1).toString();
        for (String secret : secrets) {
          assertFalse(key.contains(secret) || value.contains(secret), "a secret in " + key);
        }
      }
    }
    oauth.revokeToken(tokens.accessToken());
    assertThrows(Proauth2Exception.class, () -> oauth.authenticateToken(tokens.accessToken()));
  }

  @Test
  @DisplayName(
      "a code redeemed while Redis is down gets temporarily_unavailable and no token;"
          + " after a restart the same engine redeems it")
  void redisDiesMidFlow() {
    ClientRegistration app = oauth.registerApp("Flow app", REDIRECT_URI);
    AuthorizationCode code =
        oauth.requestAuthorization(app.clientId(), "judy", "code", REDIRECT_URI);
    Supplier<TokenResponse> redeem =
        () -> oauth.requestAccessToken(app.clientId(), app.clientSecret(), code.code());

    server.stop();
    Proauth2Exception down = assertThrows(Proauth2Exception.class, redeem::get);
    assertEquals(Proauth2Exception.TEMPORARILY_UNAVAILABLE, down.error());
    server.start();

    try (Jedis jedis = server.jedis()) {
      assertEquals(Set.of(), jedis.keys(PREFIX + ":tokens:*"), "no access token was issued");
      assertEquals(Set.of(), jedis.keys(PREFIX + ":refresh_tokens:*"), "nor a refresh token");
      assertEquals(1, jedis.keys(PREFIX + ":nonce_codes:*").size(), "the code is still there");
    }
    TokenResponse tokens = untilRedisAnswers(redeem);
    assertEquals("judy", oauth.authenticateToken(tokens.accessToken()).userId());
  }

  /** Retries while the store reconnects, which takes up to a second after Redis is back. */
  private static <T> T untilRedisAnswers(Supplier<T> call) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return call.get();
      } catch (Proauth2Exception e) {
        boolean reconnecting = e.error().equals(Proauth2Exception.TEMPORARILY_UNAVAILABLE);
        assertTrue(reconnecting && System.nanoTime() < end, "not back after 10 s: " + e);
        RedisServerProcess.sleep(100);
      }
    }
  }
}

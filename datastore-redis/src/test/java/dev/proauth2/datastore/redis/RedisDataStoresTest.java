package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import redis.clients.jedis.Jedis;

/** {@link RedisDataStores}: stores on a Lettuce client the caller made and keeps. */
@DisplayName("RedisDataStores.builder, on a client of the caller's")
class RedisDataStoresTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static RedisClient client;
  private static RedisClusterClient clusterClient;

  @BeforeAll
  static void createClients() {
    client = RedisClient.create(settings(TestRedis.standalone()).nodes(TIMEOUT).get(0));
    clusterClient = RedisClusterClient.create(settings(TestRedis.cluster()).nodes(TIMEOUT));
  }

  @AfterAll
  static void shutDownClients() {
    client.shutdown();
    clusterClient.shutdown();
  }

  private static RedisSettings settings(TestRedis redis) {
    return RedisSettings.from(DataStoreConfig.parse(redis.configString(TestRedis.newPrefix())));
  }

  private static DataStore store(RedisClient client, String prefix) {
    return RedisDataStores.builder(client).prefix(prefix).timeout(TIMEOUT).build();
  }

  @Test
  @DisplayName("stores in the same keys as a config string with the same prefix")
  void sameKeysAsAConfigString() {
    String prefix = TestRedis.newPrefix();
    Record token = RedisSampleRecords.token("quentin", "family-1");
    String key = token.string(Table.TOKEN_HASH).orElseThrow();
    try (DataStore store = store(client, prefix);
        DataStore configured = TestRedis.open(TestRedis.standalone().configString(prefix));
        Jedis jedis = TestRedis.standalone().jedis()) {
      assertEquals(Optional.empty(), store.put(Table.TOKENS, token));
      assertTrue(jedis.exists(prefix + ":tokens:" + key));
      assertEquals(Optional.of(token), configured.fetch(Table.TOKENS, key));
      assertEquals(1, configured.removeAll(Table.TOKENS, Table.USER_ID, "quentin"));
      assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key));
    }
  }

  @Test
  @DisplayName("closing the store leaves the client open, for the caller and for further stores")
  void closeLeavesTheClient() {
    DataStore store = store(client, TestRedis.newPrefix());
    store.fetch(Table.TOKENS, RedisSampleRecords.newHash());
    store.close();

    try (StatefulRedisConnection<String, String> own = client.connect()) {
      assertEquals("PONG", own.sync().ping());
    }
    try (DataStore again = store(client, TestRedis.newPrefix())) {
      Record app = RedisSampleRecords.application("client-1", RedisSampleRecords.newHash());
      again.put(Table.APPLICATIONS, app);
      assertEquals(Optional.of(app), again.fetch(Table.APPLICATIONS, "client-1"));
    }
  }

  @Test
  @DisplayName("works on a RedisClusterClient, records and indexes spread over the masters")
  void onACluster() {
    DataStore store =
        RedisDataStores.builder(clusterClient)
            .prefix(TestRedis.newPrefix())
            .timeout(TIMEOUT)
            .build();
    List<Record> tokens =
        List.of(
            RedisSampleRecords.token("rita", "family-1"),
            RedisSampleRecords.token("rita", "family-2"),
            RedisSampleRecords.token("rita", "family-3"));
    try (store) {
      for (Record token : tokens) {
        assertEquals(Optional.empty(), store.put(Table.TOKENS, token));
      }
      for (Record token : tokens) {
        assertEquals(
            Optional.of(token), store.fetch(Table.TOKENS, token.string(Table.TOKEN_HASH).get()));
      }
      assertEquals(3, store.removeAll(Table.TOKENS, Table.USER_ID, "rita"));
    }
    try (StatefulRedisClusterConnection<String, String> own = clusterClient.connect()) {
      assertEquals("PONG", own.sync().ping(), "the cluster client is still open");
    }
  }

  @Test
  @DisplayName("by default the prefix is proauth2, the timeout 2 s and the clock the system's")
  void defaults() {
    RedisDataStores.Options options = RedisDataStores.builder(client).options();
    assertEquals(
        new RedisDataStores.Options("proauth2", Duration.ofSeconds(2), Clock.systemUTC()), options);
    assertEquals(options, RedisDataStores.builder(clusterClient).options());
  }

  @Test
  @DisplayName("a store built with the defaults keeps its records under proauth2:")
  void defaultPrefixInKeys() {
    Record token = RedisSampleRecords.token("ursula", "family-1");
    String key = token.string(Table.TOKEN_HASH).orElseThrow();
    try (DataStore store = RedisDataStores.builder(client).build();
        Jedis jedis = TestRedis.standalone().jedis()) {
      store.put(Table.TOKENS, token);
      try {
        assertTrue(jedis.exists("proauth2:tokens:" + key));
      } finally {
        store.remove(Table.TOKENS, key);
      }
    }
  }

  @Test
  @DisplayName("the clock given judges expiry of what is read back")
  void clock() {
    Record token = RedisSampleRecords.token("victor", "family-1");
    String key = token.string(Table.TOKEN_HASH).orElseThrow();
    long expiresAt = token.number(Table.EXPIRES_AT).orElseThrow();
    Clock afterExpiry = Clock.fixed(Instant.ofEpochMilli(expiresAt), ZoneOffset.UTC);
    String prefix = TestRedis.newPrefix();
    try (DataStore now = store(client, prefix);
        DataStore later =
            RedisDataStores.builder(client)
                .prefix(prefix)
                .timeout(TIMEOUT)
                .clock(afterExpiry)
                .build()) {
      now.put(Table.TOKENS, token);
      assertEquals(Optional.of(token), now.fetch(Table.TOKENS, key));
      assertEquals(Optional.empty(), later.fetch(Table.TOKENS, key));
    }
  }

  @Nested
  @DisplayName("checks each setting once, when it builds, with an IllegalArgumentException")
  class Ranges {

    private RedisDataStores.Options prefix(String prefix) {
      return RedisDataStores.builder(client).prefix(prefix).options();
    }

    private RedisDataStores.Options timeout(Duration timeout) {
      return RedisDataStores.builder(client).timeout(timeout).options();
    }

    private void refused(Executable build, String message) {
      assertEquals(message, assertThrows(IllegalArgumentException.class, build).getMessage());
    }

    @Test
    @DisplayName("prefix: 1 to 64 of A-Z a-z 0-9 _ . - { }; empty, 65 or a ':' is refused")
    void prefixBounds() {
      String range =
          "prefix must be 1 to 64 letters, digits, '_', '.', '-', '{' or '}' (no ':'); got ";
      assertEquals("p", prefix("p").prefix());
      String longest = "{AZaz09_.-}" + "x".repeat(53);
      assertEquals(longest, prefix(longest).prefix());
      refused(() -> prefix(""), range + "''");
      refused(() -> prefix(longest + "x"), range + "'" + longest + "x'");
      refused(() -> prefix("a:b"), range + "'a:b'");
      refused(() -> prefix("a b"), range + "'a b'");
    }

    @Test
    @DisplayName("timeout: from 1 ms to 10 minutes; a nanosecond outside either end is refused")
    void timeoutBounds() {
      String range = "timeout must be from 1 ms to 10 minutes; got ";
      assertEquals(Duration.ofMillis(1), timeout(Duration.ofMillis(1)).timeout());
      assertEquals(Duration.ofMinutes(10), timeout(Duration.ofMinutes(10)).timeout());
      refused(() -> timeout(Duration.ofMillis(1).minusNanos(1)), range + "PT0.000999999S");
      refused(() -> timeout(Duration.ofMinutes(10).plusNanos(1)), range + "PT10M0.000000001S");
      refused(() -> timeout(Duration.ZERO), range + "PT0S");
      refused(() -> timeout(Duration.ofSeconds(-1)), range + "PT-1S");
    }

    @Test
    @DisplayName("build() refuses before it connects, on a client of either kind")
    void buildRefuses() {
      assertThrows(
          IllegalArgumentException.class,
          () -> RedisDataStores.builder(client).prefix("a:b").build());
      assertThrows(
          IllegalArgumentException.class,
          () -> RedisDataStores.builder(clusterClient).timeout(Duration.ZERO).build());
    }

    @Test
    @DisplayName("null clients and settings are refused at once")
    void nulls() {
      assertThrows(NullPointerException.class, () -> RedisDataStores.builder((RedisClient) null));
      assertThrows(
          NullPointerException.class, () -> RedisDataStores.builder((RedisClusterClient) null));
      assertThrows(NullPointerException.class, () -> RedisDataStores.builder(client).prefix(null));
      assertThrows(NullPointerException.class, () -> RedisDataStores.builder(client).timeout(null));
      assertThrows(NullPointerException.class, () -> RedisDataStores.builder(client).clock(null));
    }
  }
}

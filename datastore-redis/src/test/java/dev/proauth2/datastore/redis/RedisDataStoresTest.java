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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** {@link RedisDataStores}: stores on a Lettuce client the caller made and keeps. */
@DisplayName("RedisDataStores.of, on a client of the caller's")
class RedisDataStoresTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static RedisClient client;
  private static RedisClusterClient clusterClient;

  @BeforeAll
  static void createClients() {
    client = RedisClient.create(settings(TestRedis.standalone()).nodes().get(0));
    clusterClient = RedisClusterClient.create(settings(TestRedis.cluster()).nodes());
  }

  @AfterAll
  static void shutDownClients() {
    client.shutdown();
    clusterClient.shutdown();
  }

  private static RedisSettings settings(TestRedis redis) {
    return RedisSettings.from(DataStoreConfig.parse(redis.configString(TestRedis.newPrefix())));
  }

  @Test
  @DisplayName("stores in the same keys as a config string with the same prefix")
  void sameKeysAsAConfigString() {
    String prefix = TestRedis.newPrefix();
    Record token = RedisSampleRecords.token("quentin", "family-1");
    String key = token.string(Table.TOKEN_HASH).orElseThrow();
    try (DataStore store = RedisDataStores.of(client, prefix, TIMEOUT);
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
    DataStore store = RedisDataStores.of(client, TestRedis.newPrefix(), TIMEOUT);
    store.fetch(Table.TOKENS, RedisSampleRecords.newHash());
    store.close();

    try (StatefulRedisConnection<String, String> own = client.connect()) {
      assertEquals("PONG", own.sync().ping());
    }
    try (DataStore again = RedisDataStores.of(client, TestRedis.newPrefix(), TIMEOUT)) {
      Record app = RedisSampleRecords.application("client-1", RedisSampleRecords.newHash());
      again.put(Table.APPLICATIONS, app);
      assertEquals(Optional.of(app), again.fetch(Table.APPLICATIONS, "client-1"));
    }
  }

  @Test
  @DisplayName("works on a RedisClusterClient, records and indexes spread over the masters")
  void onACluster() {
    DataStore store = RedisDataStores.of(clusterClient, TestRedis.newPrefix(), TIMEOUT);
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
  @DisplayName("refuses a prefix or timeout a config string would refuse")
  void refusesBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> RedisDataStores.of(client, "a:b", TIMEOUT));
    assertThrows(IllegalArgumentException.class, () -> RedisDataStores.of(client, "", TIMEOUT));
    assertThrows(
        IllegalArgumentException.class, () -> RedisDataStores.of(client, "p", Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> RedisDataStores.of(client, "p", Duration.ofMinutes(11)));
    assertThrows(NullPointerException.class, () -> RedisDataStores.of(client, null, TIMEOUT));
  }
}

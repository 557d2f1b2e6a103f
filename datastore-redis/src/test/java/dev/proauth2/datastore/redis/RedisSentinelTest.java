package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A master and one Sentinel watching it, both from the embedded-redis binary. */
@DisplayName("a redis-sentinel:// config string")
class RedisSentinelTest {

  private static RedisServerProcess master;
  private static RedisServerProcess sentinel;

  @BeforeAll
  static void start() {
    master = RedisServerProcess.launch();
    sentinel = RedisServerProcess.launchSentinel("proauth2-master", master.port());
  }

  @AfterAll
  static void stop() {
    sentinel.close();
    master.close();
  }

  @Test
  @DisplayName("finds the master through Sentinel and puts, fetches and removes there")
  void storesOnTheMaster() {
    String config =
        "redis-sentinel://127.0.0.1:"
            + sentinel.port()
            + "/0?sentinelMasterId=proauth2-master&prefix=sentinel";
    try (DataStore store = TestRedis.open(config)) {
      Record token = RedisSampleRecords.token("heidi", "family-1");
      String key = token.string(Table.TOKEN_HASH).orElseThrow();
      store.put(Table.TOKENS, token);
      assertEquals(Optional.of(token), store.fetch(Table.TOKENS, key));
      try (var jedis = master.jedis()) {
        assertTrue(jedis.exists("sentinel:tokens:" + token.string(Table.TOKEN_HASH).orElseThrow()));
      }
      assertTrue(store.remove(Table.TOKENS, key));
      assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key));
    }
  }
}

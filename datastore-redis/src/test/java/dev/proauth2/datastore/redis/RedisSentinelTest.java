package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Query;
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
  @DisplayName("finds the master through Sentinel and stores, fetches and takes there")
  void storesOnTheMaster() {
    String config =
        "redis-sentinel://127.0.0.1:"
            + sentinel.port()
            + "/0?sentinelMasterId=proauth2-master&prefix=sentinel";
    try (DataStore store = TestRedis.open(config)) {
      Record token = RedisSampleRecords.token("heidi", "family-1");
      Query byKey = Query.where(Table.TOKEN_HASH, token.fields().get(Table.TOKEN_HASH));
      store.store(Table.TOKENS, token);
      assertEquals(Optional.of(token), store.fetch(Table.TOKENS, byKey));
      try (var jedis = master.jedis()) {
        assertTrue(jedis.exists("sentinel:tokens:" + token.string(Table.TOKEN_HASH).orElseThrow()));
      }
      assertEquals(Optional.of(token), store.take(Table.TOKENS, byKey));
    }
  }
}

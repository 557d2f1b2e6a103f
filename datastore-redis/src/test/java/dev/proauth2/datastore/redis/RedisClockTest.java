package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Redis expires records by its own clock ({@code PXAT}); what the store reads back it judges by the
 * config's clock, the engine's. Here that clock runs two hours ahead, so a token with an hour to
 * live is still in Redis but already expired for the engine.
 */
@DisplayName("a store on an engine clock two hours ahead of Redis")
class RedisClockTest {

  private static final long HOUR = RedisSampleRecords.HOUR;

  private final String prefix = TestRedis.newPrefix();
  private DataStore store;
  private Jedis jedis;

  @BeforeEach
  void open() {
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
    String config = TestRedis.standalone().configString(prefix, "timeout=10s");
    store = new RedisDataStoreProvider().open(DataStoreConfig.parse(config, ahead));
    jedis = TestRedis.standalone().jedis();
  }

  @AfterEach
  void close() {
    store.close();
    jedis.close();
  }

  @Test
  @DisplayName("fetch, put and remove treat a record Redis still holds as expired by that clock")
  void expiredByTheConfigClock() {
    Record token = RedisSampleRecords.token(RedisSampleRecords.newHash(), "peggy", "f1", HOUR);
    String key = token.string(Table.TOKEN_HASH).orElseThrow();
    assertEquals(Optional.empty(), store.put(Table.TOKENS, token));
    assertTrue(jedis.exists(prefix + ":tokens:" + key), "Redis holds it for another hour");

    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key));
    assertEquals(Optional.empty(), store.put(Table.TOKENS, token), "it replaced nothing live");
    assertFalse(store.remove(Table.TOKENS, key), "it removed nothing live");
    assertFalse(jedis.exists(prefix + ":tokens:" + key), "but it did remove it");
  }

  @Test
  @DisplayName("removeAll neither counts nor touches records expired by that clock")
  void removeAllSkipsExpired() {
    Record expired = RedisSampleRecords.token(RedisSampleRecords.newHash(), "peggy", "f2", HOUR);
    Record live = RedisSampleRecords.token(RedisSampleRecords.newHash(), "peggy", "f2", 3 * HOUR);
    store.put(Table.TOKENS, expired);
    store.put(Table.TOKENS, live);

    assertEquals(1, store.removeAll(Table.TOKENS, Table.FAMILY, "f2"));
    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, live.string(Table.TOKEN_HASH).get()));
    assertTrue(
        jedis.exists(prefix + ":tokens:" + expired.string(Table.TOKEN_HASH).get()),
        "Redis drops the expired one itself");
  }
}

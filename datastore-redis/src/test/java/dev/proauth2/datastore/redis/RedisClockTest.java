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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Redis expires records by its own clock ({@code PXAT}); what the store reads back it judges by the
 * config's clock, the engine's. Here that clock runs two hours ahead, so a token with an hour to
 * live is still in Redis but already expired for the engine (in one test it stands still at a
 * record's {@code expires_at} instead).
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
  @DisplayName("replace writes nothing over a record Redis still holds but that clock has expired")
  void replaceWritesNothingOverExpired() {
    Record token = RedisSampleRecords.token(RedisSampleRecords.newHash(), "peggy", "f3", HOUR);
    String key = token.string(Table.TOKEN_HASH).orElseThrow();
    String redisKey = prefix + ":tokens:" + key;
    store.put(Table.TOKENS, token);
    String stored = jedis.get(redisKey);

    Record tombstone =
        token
            .with(Table.SCOPE, "write")
            .with(Table.EXPIRES_AT, token.number(Table.EXPIRES_AT).orElseThrow() + 3 * HOUR);
    assertEquals(Optional.empty(), store.replace(Table.TOKENS, tombstone), "nothing live replaced");
    assertEquals(stored, jedis.get(redisKey), "the record Redis holds is untouched");
    assertTrue(jedis.pttl(redisKey) <= HOUR, "and so is its expiry");
    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key));

    Record live = RedisSampleRecords.token(RedisSampleRecords.newHash(), "peggy", "f3", 3 * HOUR);
    store.put(Table.TOKENS, live);
    Record replacement = live.with(Table.SCOPE, "write");
    assertEquals(Optional.of(live), store.replace(Table.TOKENS, replacement), "a live one is");
    assertEquals(
        Optional.of(replacement), store.fetch(Table.TOKENS, live.string(Table.TOKEN_HASH).get()));
  }

  @Test
  @DisplayName(
      "replace counts a record as expired from the very millisecond of its expires_at, as"
          + " Record.isExpired does")
  void replaceAtTheMillisecondOfExpiry() {
    long expiresAt = System.currentTimeMillis() + HOUR;
    Record atNow =
        RedisSampleRecords.token(RedisSampleRecords.newHash(), "peggy", "f4", HOUR)
            .with(Table.EXPIRES_AT, expiresAt);
    Record justAfter =
        RedisSampleRecords.token(RedisSampleRecords.newHash(), "peggy", "f4", HOUR)
            .with(Table.EXPIRES_AT, expiresAt + 1);
    Clock frozen = Clock.fixed(Instant.ofEpochMilli(expiresAt), ZoneOffset.UTC);
    String config = TestRedis.standalone().configString(prefix, "timeout=10s");
    try (DataStore atExpiry =
        new RedisDataStoreProvider().open(DataStoreConfig.parse(config, frozen))) {
      atExpiry.put(Table.TOKENS, atNow);
      atExpiry.put(Table.TOKENS, justAfter);
      String atNowKey = prefix + ":tokens:" + atNow.string(Table.TOKEN_HASH).get();
      String stored = jedis.get(atNowKey);

      assertEquals(
          Optional.empty(), atExpiry.replace(Table.TOKENS, atNow.with(Table.SCOPE, "write")));
      assertEquals(stored, jedis.get(atNowKey), "nothing written");
      assertEquals(
          Optional.of(justAfter),
          atExpiry.replace(Table.TOKENS, justAfter.with(Table.SCOPE, "write")),
          "a millisecond before its expires_at it is live");
    }
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

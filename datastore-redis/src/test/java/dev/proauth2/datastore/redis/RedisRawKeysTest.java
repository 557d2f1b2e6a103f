package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads what the store left in Redis with Jedis, a second client that shares no code with the
 * store, as someone with a copy of the database would.
 */
@DisplayName("the raw Redis keys, read with an independent client")
class RedisRawKeysTest {

  private static final long HOUR = RedisSampleRecords.HOUR;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String prefix = TestRedis.newPrefix();
  private DataStore store;
  private Jedis jedis;

  @BeforeEach
  void open() {
    store = TestRedis.open(TestRedis.standalone().configString(prefix));
    jedis = TestRedis.standalone().jedis();
  }

  @AfterEach
  void close() {
    store.close();
    jedis.close();
  }

  @Test
  @DisplayName("hold no token, code or client secret in clear, in any key or value")
  void noSecretInClear() {
    String clientSecret = newSecret();
    String code = newSecret();
    String accessToken = newSecret();
    String refreshToken = newSecret();
    String family = SecretHashes.sha256(newSecret());
    store.put(
        Table.APPLICATIONS,
        RedisSampleRecords.application("client-1", SecretHashes.sha256(clientSecret)));
    store.put(Table.NONCE_CODES, RedisSampleRecords.code(SecretHashes.sha256(code)));
    store.put(
        Table.TOKENS,
        RedisSampleRecords.token(SecretHashes.sha256(accessToken), "alice", family, HOUR));
    store.put(
        Table.REFRESH_TOKENS,
        RedisSampleRecords.token(SecretHashes.sha256(refreshToken), "alice", family, 24 * HOUR));

    Map<String, String> dump = dump();
    assertTrue(
        dump.containsKey(prefix + ":tokens:" + SecretHashes.sha256(accessToken)),
        "the token is kept under its hash: " + dump.keySet());
    for (String secret : List.of(clientSecret, code, accessToken, refreshToken)) {
      dump.forEach(
          (key, value) -> {
            assertFalse(key.contains(secret), "a secret in key " + key);
            assertFalse(value.contains(secret), "a secret in the value of " + key);
          });
    }
  }

  @Test
  @DisplayName(
      "all expire by themselves but the clients without a lifetime; an index lives as its last"
          + " entry")
  void everyKeyButApplicationsExpires() {
    String family = SecretHashes.sha256(newSecret());
    Map<Table, List<Record>> stored = new EnumMap<>(Table.class);
    storeAll(
        stored,
        Table.APPLICATIONS,
        RedisSampleRecords.application("client-1", SecretHashes.sha256(newSecret())),
        RedisSampleRecords.application("client-2", SecretHashes.sha256(newSecret()))
            .with(Table.EXPIRES_AT, System.currentTimeMillis() + HOUR)
            .with(Table.LIFETIME_ENDS_AT, System.currentTimeMillis() + 24 * HOUR));
    storeAll(stored, Table.NONCE_CODES, RedisSampleRecords.code(SecretHashes.sha256(newSecret())));
    storeAll(
        stored,
        Table.TOKENS,
        RedisSampleRecords.token(SecretHashes.sha256(newSecret()), "alice", family, HOUR),
        RedisSampleRecords.token(SecretHashes.sha256(newSecret()), "alice", family, 2 * HOUR));
    storeAll(
        stored,
        Table.REFRESH_TOKENS,
        RedisSampleRecords.token(SecretHashes.sha256(newSecret()), "alice", family, 24 * HOUR));

    assertEquals(expectedKeys(stored), Set.copyOf(keys()), "one string per record, one index");
    for (String key : keys()) {
      long ttl = jedis.pttl(key);
      if (key.equals(prefix + ":applications:client-1")) {
        assertEquals(-1, ttl, key + " never expires");
      } else {
        assertTrue(ttl > 0 && ttl <= 24 * HOUR, key + " expires, in " + ttl + " ms");
      }
    }
    long tokensByUser = jedis.pttl(prefix + ":tokens.user_id:alice");
    assertTrue(tokensByUser > HOUR + 50 * 60_000 && tokensByUser <= 2 * HOUR, "" + tokensByUser);
    Record extended =
        stored
            .get(Table.APPLICATIONS)
            .get(1)
            .with(Table.EXPIRES_AT, System.currentTimeMillis() + 24 * HOUR);
    store.replace(Table.APPLICATIONS, extended);
    long clientTtl = jedis.pttl(prefix + ":applications:client-2");
    assertTrue(clientTtl > 23 * HOUR, "the extended client's TTL moved: " + clientTtl);
  }

  @Test
  @DisplayName("keep nothing of a user whose tokens were removed by user_id, but expiring indexes")
  void removedUserLeavesNothing() {
    List<String> aliceHashes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String family = SecretHashes.sha256(newSecret());
      String access = SecretHashes.sha256(newSecret());
      String refresh = SecretHashes.sha256(newSecret());
      store.put(Table.TOKENS, RedisSampleRecords.token(access, "alice", family, HOUR));
      store.put(
          Table.REFRESH_TOKENS, RedisSampleRecords.token(refresh, "alice", family, 24 * HOUR));
      aliceHashes.addAll(List.of(access, refresh, family));
    }
    Record bobs =
        RedisSampleRecords.token(SecretHashes.sha256(newSecret()), "bob", "bobs-family", HOUR);
    store.put(Table.TOKENS, bobs);

    assertEquals(3, store.removeAll(Table.TOKENS, Table.USER_ID, "alice"));
    assertEquals(3, store.removeAll(Table.REFRESH_TOKENS, Table.USER_ID, "alice"));

    Map<String, String> dump = dump();
    dump.forEach(
        (key, value) -> {
          boolean hers =
              key.contains("alice")
                  || aliceHashes.stream().anyMatch(h -> (key + value).contains(h));
          long ttl = jedis.pttl(key);
          assertTrue(
              !hers || (key.contains(".") && (ttl > 0 || ttl == -2)),
              "only expiring index keys, which the removal is still emptying: " + key);
        });
    Set<String> bobsKeys =
        Set.of(
            prefix + ":tokens:" + bobs.string(Table.TOKEN_HASH).orElseThrow(),
            prefix + ":tokens.user_id:bob",
            prefix + ":tokens.client_id:client-1",
            prefix + ":tokens.family:bobs-family");
    long end = System.nanoTime() + 2_000_000_000L;
    while (!bobsKeys.equals(Set.copyOf(keys())) && System.nanoTime() < end) {
      RedisServerProcess.sleep(20);
    }
    assertEquals(bobsKeys, Set.copyOf(keys()), "then her index entries are gone too");
  }

  @Test
  @DisplayName("drop index entries of expired records whenever the index is written again")
  void indexesDoNotGrow() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      store.put(
          Table.TOKENS,
          RedisSampleRecords.token(SecretHashes.sha256(newSecret()), "carol", "f" + i, 200));
    }
    String byUser = prefix + ":tokens.user_id:carol";
    assertEquals(5, jedis.zcard(byUser));
    Thread.sleep(400);
    store.put(
        Table.TOKENS,
        RedisSampleRecords.token(SecretHashes.sha256(newSecret()), "carol", "f5", HOUR));
    assertEquals(1, jedis.zcard(byUser), "only the live token is listed");
  }

  @Test
  @DisplayName("take the expiry of the latest put: a tombstone that outlives its code keeps it")
  void putAgainMovesTheExpiry() {
    Record code = RedisSampleRecords.code(SecretHashes.sha256(newSecret()));
    String key = prefix + ":nonce_codes:" + code.string(Table.CODE_HASH).orElseThrow();
    store.put(Table.NONCE_CODES, code);
    assertTrue(jedis.pttl(key) <= 60_000, "the code lives a minute");
    long tombstoneEnd = System.currentTimeMillis() + 24 * HOUR;
    Record tombstone =
        code.with(Table.REDEEMED_AT, System.currentTimeMillis())
            .with(Table.EXPIRES_AT, tombstoneEnd);
    assertEquals(Optional.of(code), store.put(Table.NONCE_CODES, tombstone));
    assertTrue(jedis.pttl(key) > 23 * HOUR, "the tombstone lives a day: " + jedis.pttl(key));
    assertEquals(
        (double) tombstoneEnd,
        jedis.zscore(
            prefix + ":nonce_codes.user_id:alice", key.substring(key.lastIndexOf(':') + 1)),
        "its index entry is scored by the tombstone's expiry");
  }

  @Test
  @DisplayName(
      "keep the index entry of a value a record no longer has, and removeAll by it skips the record")
  void staleEntryOfAReplacedRecord() {
    String hash = SecretHashes.sha256(newSecret());
    store.put(Table.TOKENS, RedisSampleRecords.token(hash, "alice", "family-old", HOUR));
    Record now = RedisSampleRecords.token(hash, "alice", "family-new", HOUR);
    store.put(Table.TOKENS, now);
    assertTrue(
        jedis.zscore(prefix + ":tokens.family:family-old", hash) != null,
        "the old family's index still lists the token");

    assertEquals(0, store.removeAll(Table.TOKENS, Table.FAMILY, "family-old"));
    assertEquals(Optional.of(now), store.fetch(Table.TOKENS, hash));
    assertEquals(1, store.removeAll(Table.TOKENS, Table.FAMILY, "family-new"));
    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, hash));
  }

  @Test
  @DisplayName("removeAll skips an index entry whose record is gone, and counts only live removals")
  void staleEntryOfAMissingRecord() {
    Record token = RedisSampleRecords.token(SecretHashes.sha256(newSecret()), "dave", "f", HOUR);
    store.put(Table.TOKENS, token);
    String missing = SecretHashes.sha256(newSecret());
    jedis.zadd(prefix + ":tokens.user_id:dave", System.currentTimeMillis() + HOUR, missing);
    assertEquals(2, jedis.zcard(prefix + ":tokens.user_id:dave"));

    assertEquals(1, store.removeAll(Table.TOKENS, Table.USER_ID, "dave"));
    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, token.string(Table.TOKEN_HASH).get()));
    assertFalse(jedis.exists(prefix + ":tokens:" + missing));
  }

  private void storeAll(Map<Table, List<Record>> stored, Table table, Record... records) {
    for (Record record : records) {
      store.put(table, record);
      stored.computeIfAbsent(table, t -> new ArrayList<>()).add(record);
    }
  }

  /** The keys the layout documented in the README gives these records. */
  private Set<String> expectedKeys(Map<Table, List<Record>> stored) {
    Set<String> keys = new HashSet<>();
    stored.forEach(
        (table, records) -> {
          for (Record record : records) {
            keys.add(
                prefix + ":" + table.tableName() + ":" + record.fields().get(table.keyField()));
            for (String field : table.indexedFields()) {
              keys.add(
                  prefix
                      + ":"
                      + table.tableName()
                      + "."
                      + field
                      + ":"
                      + record.fields().get(field));
            }
          }
        });
    return keys;
  }

  /** Every key of this test's prefix, with its value as text. */
  private Map<String, String> dump() {
    Map<String, String> dump = new TreeMap<>();
    for (String key : keys()) {
      String type = jedis.type(key);
      dump.put(
          key,
          type.equals("string")
              ? jedis.get(key)
              : type.equals("zset") ? jedis.zrangeWithScores(key, 0, -1).toString() : type);
    }
    return dump;
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    ScanParams match = new ScanParams().match(prefix + ":*").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, match);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Measures what each store operation costs: the round trips the caller waits for, on a relay that
 * adds 50 ms each way (see {@link RoundTripCounter}), and the commands Redis ran, from its own
 * {@code INFO commandstats}, which counts the commands inside scripts too. The table is printed;
 * the round trips are asserted.
 */
@DisplayName("round trips per operation")
class RedisRoundTripsTest {

  private static final long DELAY_MILLIS = 50;
  private static final List<String> TABLE = new ArrayList<>();

  private static RedisServerProcess server;
  private static LatencyProxy proxy;
  private static RoundTripCounter counter;
  private static DataStore store;
  private static Jedis jedis;

  @BeforeAll
  static void open() {
    server = RedisServerProcess.launch();
    proxy = new LatencyProxy(server.port(), DELAY_MILLIS);
    counter = new RoundTripCounter(DELAY_MILLIS);
    String config = "redis://127.0.0.1:" + proxy.port() + "/0?prefix=rt&timeout=5s";
    store = RedisDataStore.open(RedisSettings.from(DataStoreConfig.parse(config)), counter);
    jedis = server.jedis();
    TABLE.add(String.format("%-36s %11s  %s", "operation", "round trips", "commands Redis ran"));
  }

  @AfterAll
  static void close() {
    store.close();
    jedis.close();
    proxy.close();
    server.close();
    System.out.println(String.join(System.lineSeparator(), TABLE));
  }

  private static void measure(String operation, int expectedRoundTrips, Runnable call) {
    jedis.configResetStat();
    int roundTrips = counter.roundTripsOf(call);
    RedisServerProcess.sleep(2 * DELAY_MILLIS);
    Map<String, Long> executed = RoundTripCounter.commandStats(jedis);
    TABLE.add(String.format("%-36s %11d  %s", operation, roundTrips, executed));
    assertEquals(expectedRoundTrips, roundTrips, operation + " sent " + counter.commands());
  }

  @Test
  @DisplayName("fetching a token by its key, the check on every API call, is one GET")
  void fetchByKey() {
    Record token = token("family-a");
    store.store(Table.TOKENS, token);
    measure("fetch token by key", 1, () -> store.fetch(Table.TOKENS, byKey(token)));
    assertEquals(List.of("GET"), counter.commands());
  }

  @Test
  @DisplayName("redeeming a code is one GETDEL, whatever indexes codes have")
  void takeCode() {
    Record code = code();
    measure(
        "store code",
        storeRoundTrips(Table.NONCE_CODES),
        () -> store.store(Table.NONCE_CODES, code));
    measure("take code (redeem)", 1, () -> store.take(Table.NONCE_CODES, byCode(code)));
    assertEquals("GETDEL", counter.commands().get(0));
  }

  @Test
  @DisplayName("issuing: index entries in one pipeline, then the record")
  void storing() {
    measure("store token (3 indexes)", 2, () -> store.store(Table.TOKENS, token("family-b")));
    measure(
        "store refresh token (3 indexes)",
        2,
        () -> store.store(Table.REFRESH_TOKENS, token("family-b")));
    Record app = application();
    measure("store application", 1, () -> store.store(Table.APPLICATIONS, app));
    Query byClientId = Query.where(Table.CLIENT_ID, app.fields().get(Table.CLIENT_ID));
    measure("fetch application by client_id", 1, () -> store.fetch(Table.APPLICATIONS, byClientId));
  }

  @Test
  @DisplayName("revoking: one round trip by key, three per page of an index")
  void removing() {
    Record token = token("family-c");
    store.store(Table.TOKENS, token);
    measure("take token by key", 1, () -> store.take(Table.TOKENS, byKey(token)));
    Record other = token("family-c");
    store.store(Table.TOKENS, other);
    measure("remove token by key", 1, () -> store.remove(Table.TOKENS, byKey(other)));
    measure("remove missing token by key", 1, () -> store.remove(Table.TOKENS, byKey(other)));
    Record third = token("family-c");
    store.store(Table.TOKENS, third);
    Query byKeyAndClient = byKey(third).and(Table.CLIENT_ID, "client-1");
    measure("take token by key and client_id", 2, () -> store.take(Table.TOKENS, byKeyAndClient));
    for (int i = 0; i < 3; i++) {
      store.store(Table.TOKENS, token("family-d"));
    }
    Query byUser = Query.where(Table.USER_ID, "frank");
    measure(
        "fetch token by user_id",
        2,
        () -> assertTrue(store.fetch(Table.TOKENS, byUser).isPresent()));
    Query byFamily = Query.where(Table.FAMILY, "family-d");
    measure(
        "remove 3 tokens by family",
        3,
        () -> assertEquals(3, store.remove(Table.TOKENS, byFamily)));
  }

  /** One round trip for the record, and one before it for the index entries, if any. */
  private static int storeRoundTrips(Table table) {
    return table.indexedFields().isEmpty() ? 1 : 2;
  }

  private static Query byKey(Record token) {
    return Query.where(Table.TOKEN_HASH, token.fields().get(Table.TOKEN_HASH));
  }

  private static Query byCode(Record code) {
    return Query.where(Table.CODE_HASH, code.fields().get(Table.CODE_HASH));
  }

  private static Record token(String family) {
    return RedisSampleRecords.token("frank", family);
  }

  private static Record code() {
    return RedisSampleRecords.code(RedisSampleRecords.newHash());
  }

  private static Record application() {
    return RedisSampleRecords.application(
        "client-" + UUID.randomUUID(), RedisSampleRecords.newHash());
  }
}

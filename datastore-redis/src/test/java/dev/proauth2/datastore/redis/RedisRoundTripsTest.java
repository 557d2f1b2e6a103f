package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * the round trips and the commands sent are asserted.
 */
@DisplayName("round trips per operation")
class RedisRoundTripsTest {

  private static final long DELAY_MILLIS = 50;
  private static final List<String> TABLE = Collections.synchronizedList(new ArrayList<>());

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
    store = RedisSettings.builder(DataStoreConfig.parse(config)).listener(counter).build();
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

  /** Measures a call and asserts its round trips; answers the commands it sent. */
  private static List<String> measure(String operation, int expectedRoundTrips, Runnable call) {
    jedis.configResetStat();
    int roundTrips = counter.roundTripsOf(call);
    List<String> sent = counter.commands();
    RedisServerProcess.sleep(2 * DELAY_MILLIS);
    Map<String, Long> executed = RoundTripCounter.commandStats(jedis);
    TABLE.add(String.format("%-36s %11d  %s", operation, roundTrips, executed));
    assertEquals(expectedRoundTrips, roundTrips, operation + " sent " + sent);
    return sent;
  }

  @Test
  @DisplayName("fetching a token by its key, the check on every API call, is one GET")
  void fetch() {
    Record token = token("family-a");
    store.put(Table.TOKENS, token);
    List<String> sent =
        measure(
            "fetch token", 1, () -> assertTrue(store.fetch(Table.TOKENS, key(token)).isPresent()));
    assertEquals(List.of("GET"), sent);
  }

  @Test
  @DisplayName("a put is one round trip: an EVAL per index entry and SET ... GET, pipelined")
  void put() {
    List<String> sent =
        measure("put token (3 indexes)", 1, () -> store.put(Table.TOKENS, token("family-b")));
    assertEquals(List.of("EVAL", "EVAL", "EVAL", "SET"), sent);
    Record refresh = token("family-b");
    measure("put refresh token (3 indexes)", 1, () -> store.put(Table.REFRESH_TOKENS, refresh));
    Record tombstone = refresh.with(Table.ROTATED_AT, System.currentTimeMillis());
    measure(
        "put tombstone over refresh token",
        1,
        () -> assertEquals(refresh, store.put(Table.REFRESH_TOKENS, tombstone).orElseThrow()));
    sent = measure("put code (2 indexes)", 1, () -> store.put(Table.NONCE_CODES, code()));
    assertEquals(List.of("EVAL", "EVAL", "SET"), sent);
    Record app = application();
    sent = measure("put application", 1, () -> store.put(Table.APPLICATIONS, app));
    assertEquals(List.of("SET"), sent);
    String clientId = app.string(Table.CLIENT_ID).orElseThrow();
    measure("fetch application", 1, () -> store.fetch(Table.APPLICATIONS, clientId));
  }

  @Test
  @DisplayName(
      "a replace is one round trip, present or absent: an EVAL per index entry and the"
          + " replace-if-live EVAL, pipelined; for an application the EVAL alone")
  void replace() {
    Record token = token("family-e");
    store.put(Table.TOKENS, token);
    Record tombstone = token.with(Table.SCOPE, "write");
    List<String> sent =
        measure(
            "replace token (3 indexes)",
            1,
            () -> assertEquals(Optional.of(token), store.replace(Table.TOKENS, tombstone)));
    assertEquals(List.of("EVAL", "EVAL", "EVAL", "EVAL"), sent);
    Record absent = token("family-e");
    sent =
        measure(
            "replace missing token",
            1,
            () -> assertEquals(Optional.empty(), store.replace(Table.TOKENS, absent)));
    assertEquals(List.of("EVAL", "EVAL", "EVAL", "EVAL"), sent);
    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key(absent)));
    Record code = code();
    store.put(Table.NONCE_CODES, code);
    Record redeemed = code.with(Table.REDEEMED_AT, System.currentTimeMillis());
    sent =
        measure(
            "replace code (2 indexes)",
            1,
            () -> assertEquals(Optional.of(code), store.replace(Table.NONCE_CODES, redeemed)));
    assertEquals(List.of("EVAL", "EVAL", "EVAL"), sent);
    Record app = application();
    store.put(Table.APPLICATIONS, app);
    Record renamed = app.with(Table.NAME, "Renamed app");
    sent =
        measure(
            "replace application",
            1,
            () -> assertEquals(Optional.of(app), store.replace(Table.APPLICATIONS, renamed)));
    assertEquals(List.of("EVAL"), sent);
    Record otherApp = application();
    sent =
        measure(
            "replace missing application",
            1,
            () -> assertEquals(Optional.empty(), store.replace(Table.APPLICATIONS, otherApp)));
    assertEquals(List.of("EVAL"), sent);
    String otherId = otherApp.string(Table.CLIENT_ID).orElseThrow();
    assertEquals(Optional.empty(), store.fetch(Table.APPLICATIONS, otherId));
  }

  @Test
  @DisplayName("a remove is one GETDEL; its index clean-up is sent without waiting")
  void remove() {
    Record token = token("family-c");
    store.put(Table.TOKENS, token);
    List<String> sent =
        measure("remove token", 1, () -> assertTrue(store.remove(Table.TOKENS, key(token))));
    assertEquals(List.of("GETDEL", "ZREM", "ZREM", "ZREM"), sent);
    sent =
        measure(
            "remove missing token", 1, () -> assertFalse(store.remove(Table.TOKENS, key(token))));
    assertEquals(List.of("GETDEL"), sent);
  }

  @Test
  @DisplayName(
      "removeAll is ZSCAN, pipelined GETs, pipelined compare-and-deletes, then a ZSCAN that finds"
          + " nothing more")
  void removeAll() {
    for (int i = 0; i < 3; i++) {
      store.put(Table.TOKENS, token("family-d"));
    }
    List<String> sent =
        measure(
            "removeAll 3 tokens by family",
            4,
            () -> assertEquals(3, store.removeAll(Table.TOKENS, Table.FAMILY, "family-d")));
    assertEquals(2, sent.stream().filter("ZSCAN"::equals).count(), sent.toString());
    assertEquals(3, sent.stream().filter("GET"::equals).count(), sent.toString());
    assertEquals(3, sent.stream().filter("EVAL"::equals).count(), sent.toString());
    sent =
        measure(
            "removeAll of an empty family",
            1,
            () -> assertEquals(0, store.removeAll(Table.TOKENS, Table.FAMILY, "family-none")));
    assertEquals(List.of("ZSCAN"), sent);
  }

  private static String key(Record token) {
    return token.string(Table.TOKEN_HASH).orElseThrow();
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

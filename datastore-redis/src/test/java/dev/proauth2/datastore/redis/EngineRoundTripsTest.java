package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.testkit.EngineOperations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Counts the round trips each engine operation makes to Redis, the way {@link RedisRoundTripsTest}
 * counts the store's: Redis sits behind a relay that adds 50 ms each way, so every round trip the
 * caller waits for costs 100 ms on a stopwatch ({@link RoundTripCounter}); Lettuce's command events
 * say what was sent, and Redis's own {@code INFO commandstats} what it ran, scripts' insides
 * included. The flow, the testkit's {@link EngineOperations}, runs three times after a warm-up and
 * each operation keeps its lowest count, so a pause of the test JVM cannot add a round trip. The
 * table is printed; the counts are asserted, so a change to them is a deliberate one.
 */
@DisplayName("round trips of each engine operation on Redis")
class EngineRoundTripsTest {

  private static final long DELAY_MILLIS = 50;
  private static final int RUNS = 3;

  private static final Map<String, Figure> FIGURES = new LinkedHashMap<>();

  private static RedisServerProcess server;
  private static LatencyProxy proxy;
  private static RoundTripCounter counter;
  private static DataStore store;
  private static Proauth2 oauth;
  private static Jedis jedis;

  /** What one operation cost: round trips waited for, commands sent, commands Redis ran. */
  private record Figure(int roundTrips, List<String> sent, Map<String, Long> ran) {}

  @BeforeAll
  static void runTheFlow() {
    server = RedisServerProcess.launch();
    proxy = new LatencyProxy(server.port(), DELAY_MILLIS);
    counter = new RoundTripCounter(DELAY_MILLIS);
    String config = "redis://127.0.0.1:" + proxy.port() + "/0?prefix=engine-rt&timeout=10s";
    store = RedisSettings.builder(DataStoreConfig.parse(config)).listener(counter).build();
    oauth = Proauth2.builder().dataStore(store).build();
    jedis = server.jedis();
    EngineOperations.run(oauth, EngineRoundTripsTest::warmUp);
    for (int run = 0; run < RUNS; run++) {
      EngineOperations.run(oauth, EngineRoundTripsTest::measure);
    }
  }

  @AfterAll
  static void close() {
    oauth.close();
    store.close();
    jedis.close();
    proxy.close();
    server.close();
    List<String> table = new ArrayList<>();
    table.add(String.format("%-40s %11s  %s", "engine operation", "round trips", "commands"));
    FIGURES.forEach(
        (operation, figure) ->
            table.add(
                String.format(
                    "%-40s %11d  sent %s; Redis ran %s",
                    operation, figure.roundTrips(), figure.sent(), figure.ran())));
    System.out.println(String.join(System.lineSeparator(), table));
  }

  /** Runs an operation of the warm-up pass, unmeasured. */
  private static <T> T warmUp(String operation, Supplier<T> call) {
    return call.get();
  }

  /** Measures an operation; of the runs, each operation keeps its lowest count. */
  private static <T> T measure(String operation, Supplier<T> call) {
    RedisServerProcess.sleep(
        3 * DELAY_MILLIS); // what the last operation sent without waiting lands
    jedis.configResetStat();
    List<T> result = new ArrayList<>(1);
    int roundTrips = counter.roundTripsOf(() -> result.add(call.get()));
    List<String> sent = counter.commands();
    RedisServerProcess.sleep(3 * DELAY_MILLIS);
    Figure figure = new Figure(roundTrips, sent, RoundTripCounter.commandStats(jedis));
    FIGURES.merge(operation, figure, (old, now) -> now.roundTrips() < old.roundTrips() ? now : old);
    return result.get(0);
  }

  private static Figure figure(String operation) {
    return FIGURES.get(operation);
  }

  @Test
  @DisplayName("authenticateToken, the check on every API request, is one round trip: one GET")
  void authenticateToken() {
    assertEquals(1, figure("authenticateToken").roundTrips());
    assertEquals(List.of("GET"), figure("authenticateToken").sent());
  }

  @Test
  @DisplayName(
      "introspecting an access token is one round trip; a refresh token two (the access-token"
          + " lookup misses first)")
  void introspect() {
    assertEquals(1, figure("introspect (access token)").roundTrips());
    assertEquals(List.of("GET"), figure("introspect (access token)").sent());
    assertEquals(2, figure("introspect (refresh token)").roundTrips());
    assertEquals(List.of("GET", "GET"), figure("introspect (refresh token)").sent());
  }

  @Test
  @DisplayName("authorizing is 2 round trips: GET the client, put the code")
  void authorize() {
    assertEquals(2, figure("requestAuthorization (PKCE)").roundTrips());
    assertEquals(
        List.of("GET", "EVAL", "EVAL", "SET"), figure("requestAuthorization (PKCE)").sent());
  }

  /**
   * GET the client, GET the code, put the refresh token, put the access token, replace the code
   * with its tombstone (the replace that redeems it, and confirms the grant was not revoked
   * meanwhile): 5 round trips, each put one pipeline of its index EVALs and its SET, the replace
   * one of its index EVALs and the replace-if-live EVAL. With the authorization, a whole code
   * exchange is 7.
   */
  @Test
  @DisplayName(
      "redeeming a code is 5 round trips: 2 GETs, 2 puts and 1 replace of one pipeline each")
  void codeExchange() {
    Figure exchange = figure("requestAccessToken (authorization_code)");
    assertEquals(5, exchange.roundTrips());
    List<String> expected = new ArrayList<>(List.of("GET", "GET"));
    expected.addAll(pipeline(3, "SET")); // put the refresh token (3 indexes)
    expected.addAll(pipeline(3, "SET")); // put the access token (3 indexes)
    expected.addAll(pipeline(2, "EVAL")); // replace the code (2 indexes) with its tombstone
    assertEquals(expected, exchange.sent(), exchange.toString());
    assertEquals(
        7, exchange.roundTrips() + figure("requestAuthorization (PKCE)").roundTrips(), "in all");
  }

  /**
   * GET the client, GET the refresh token, put the new refresh token, put the new access token,
   * replace the old one with its tombstone (the replace that rotates it): 5 round trips.
   */
  @Test
  @DisplayName(
      "a refresh with rotation is 5 round trips: 2 GETs, 2 puts and 1 replace of one pipeline"
          + " each")
  void refresh() {
    Figure refresh = figure("requestAccessToken (refresh_token)");
    assertEquals(5, refresh.roundTrips());
    List<String> expected = new ArrayList<>(List.of("GET", "GET"));
    expected.addAll(pipeline(3, "SET")); // put the new refresh token
    expected.addAll(pipeline(3, "SET")); // put the new access token
    expected.addAll(pipeline(3, "EVAL")); // replace the refresh token (3 indexes)
    assertEquals(expected, refresh.sent(), refresh.toString());
  }

  /**
   * The commands of one put or replace: an index EVAL per indexed field, then the write (SET for a
   * put, the replace-if-live EVAL for a replace of a record that expires).
   */
  private static List<String> pipeline(int indexes, String write) {
    List<String> commands = new ArrayList<>(Collections.nCopies(indexes, "EVAL"));
    commands.add(write);
    return commands;
  }

  @Test
  @DisplayName(
      "revoking an access token is 2 round trips: GET it, GETDEL it (index ZREMs unawaited)")
  void revoke() {
    assertEquals(2, figure("revokeToken (access token)").roundTrips());
    List<String> sent = figure("revokeToken (access token)").sent();
    assertEquals(List.of("GET", "GETDEL"), sent.subList(0, 2));
    assertTrue(sent.subList(2, sent.size()).stream().allMatch("ZREM"::equals), sent.toString());
  }

  /**
   * GET as an access token (a miss), GET the refresh token, then the family removed from the access
   * tokens (ZSCAN, GETs, compare-and-delete EVALs, a closing ZSCAN that finds nothing more: 4),
   * from the refresh tokens (4 again), then from both once more, now empty (a ZSCAN each: 2), for
   * tokens a racing refresh stored behind the first sweeps.
   */
  @Test
  @DisplayName("revoking a refresh token with its whole grant is 12 round trips")
  void revokeGrant() {
    Figure revoke = figure("revokeToken (refresh token, whole grant)");
    assertEquals(12, revoke.roundTrips());
    assertEquals(6, revoke.sent().stream().filter("ZSCAN"::equals).count(), revoke.toString());
  }

  @Test
  @DisplayName("registering a client is one round trip: one SET")
  void register() {
    assertEquals(1, figure("registerApp").roundTrips());
    assertEquals(List.of("SET"), figure("registerApp").sent());
  }
}

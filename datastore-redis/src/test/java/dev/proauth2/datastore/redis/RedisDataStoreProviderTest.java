package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.DataStores;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreProvider;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the Redis provider")
class RedisDataStoreProviderTest {

  @Test
  @DisplayName("is found by ServiceLoader and claims every Redis scheme")
  void discovered() {
    List<DataStoreProvider> redis =
        ServiceLoader.load(DataStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(RedisDataStoreProvider.class::isInstance)
            .toList();
    assertEquals(1, redis.size());
    assertEquals(
        Set.of(
            "redis",
            "rediss",
            "redis-sentinel",
            "rediss-sentinel",
            "redis-cluster",
            "rediss-cluster"),
        redis.get(0).schemes());
  }

  @Test
  @DisplayName("opens a working store through DataStores.open and a redis:// config string")
  void openedByConfigString() {
    String config = TestRedis.standalone().configString(TestRedis.newPrefix());
    try (DataStore store = DataStores.open(config)) {
      assertFalse(store.remove(Table.TOKENS, "no-such-token-hash"));
      Record token = RedisSampleRecords.token("oscar", "family-1");
      store.put(Table.TOKENS, token);
      assertEquals(
          Optional.of(token),
          store.fetch(Table.TOKENS, token.string(Table.TOKEN_HASH).orElseThrow()));
    }
  }

  @Test
  @DisplayName("closing a store ends every Lettuce thread it started")
  void closeEndsThreads() throws InterruptedException {
    Set<Thread> before = lettuceThreads();
    DataStore store = TestRedis.standalone().newStore();
    store.fetch(Table.TOKENS, "warm-up");
    assertFalse(before.containsAll(lettuceThreads()), "the store runs threads of its own");
    store.close();
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!before.containsAll(lettuceThreads()) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    Set<Thread> left = lettuceThreads();
    left.removeAll(before);
    assertEquals(Set.of(), left);
  }

  private static Set<Thread> lettuceThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith("lettuce-"))
        .collect(Collectors.toSet());
  }

  @Test
  @DisplayName(
      "a Redis that cannot be reached fails the open with DataStoreUnavailableException in time,"
          + " without the password")
  void unreachable() {
    int closedPort = RedisServerProcess.freePort();
    String config =
        "redis://proauth2:pa55-w0rd-never-shown@127.0.0.1:" + closedPort + "/0?timeout=500ms";
    long start = System.nanoTime();
    DataStoreUnavailableException failure =
        assertThrows(DataStoreUnavailableException.class, () -> TestRedis.open(config));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
    assertFalse(failure.getMessage().contains("pa55-w0rd"), failure.getMessage());
    assertTrue(failure.getMessage().contains("127.0.0.1:" + closedPort), failure.getMessage());
  }
}

package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Kills, freezes and restarts a Redis of the test's own, started from the embedded-redis binary
 * whatever {@link TestRedis} found, because only a server the test started can be stopped.
 */
@DisplayName("when Redis goes away")
class RedisOutageTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /** Generous: the assertions are about failing by the timeout, not about speed. */
  private static final Duration BOUND = TIMEOUT.multipliedBy(10);

  private RedisServerProcess server;
  private DataStore store;

  @BeforeEach
  void start() {
    server = RedisServerProcess.launch();
    store = TestRedis.open(server.uri() + "?prefix=outage&timeout=" + TIMEOUT.toMillis() + "ms");
  }

  @AfterEach
  void stop() {
    store.close();
    server.close();
  }

  @Test
  @DisplayName(
      "every call on a killed Redis throws DataStoreUnavailableException within the timeout")
  void killed() {
    Record token = token();
    store.put(Table.TOKENS, token);
    server.stop();

    String key = key(token);
    assertUnavailableInTime(() -> store.fetch(Table.TOKENS, key));
    assertUnavailableInTime(() -> store.put(Table.TOKENS, token()));
    assertUnavailableInTime(() -> store.put(Table.APPLICATIONS, application()));
    assertUnavailableInTime(() -> store.remove(Table.TOKENS, key));
    assertUnavailableInTime(() -> store.removeAll(Table.TOKENS, Table.USER_ID, "erin"));
  }

  @Test
  @DisplayName("calls in flight when Redis dies end with DataStoreUnavailableException in time")
  void killedUnderLoad() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Duration> failedCallTimes = new ConcurrentLinkedQueue<>();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(
          threads.submit(
              () -> {
                while (running.get()) {
                  long start = System.nanoTime();
                  try {
                    Record token = token();
                    store.put(Table.TOKENS, token);
                    store.remove(Table.TOKENS, key(token));
                  } catch (RuntimeException e) {
                    failures.add(e);
                    failedCallTimes.add(Duration.ofNanos(System.nanoTime() - start));
                  }
                }
              }));
    }
    try {
      Thread.sleep(300);
      server.stop();
      Thread.sleep(TIMEOUT.multipliedBy(3).toMillis());
    } finally {
      running.set(false);
      threads.shutdown();
    }
    for (Future<?> worker : workers) {
      worker.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }
    assertFalse(failures.isEmpty(), "the calls after the kill failed");
    for (Throwable failure : failures) {
      assertEquals(DataStoreUnavailableException.class, failure.getClass(), failure.toString());
    }
    for (Duration took : failedCallTimes) {
      assertTrue(took.compareTo(BOUND.multipliedBy(2)) < 0, "a put and a remove took " + took);
    }
  }

  @Test
  @DisplayName("the same store instance works again once Redis is back on its port")
  void recoversAfterRestart() {
    server.stop();
    assertUnavailableInTime(() -> store.put(Table.TOKENS, token()));
    server.start();

    Record token = token();
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        store.put(Table.TOKENS, token);
        break;
      } catch (DataStoreUnavailableException e) {
        assertTrue(System.nanoTime() < end, "the store did not reconnect within 10 s");
        RedisServerProcess.sleep(100);
      }
    }
    assertEquals(Optional.of(token), store.fetch(Table.TOKENS, key(token)));
  }

  @Test
  @DisplayName("a Redis that stops answering gives DataStoreUnavailableException after the timeout")
  void frozen() {
    assumeTrue(
        System.getProperty("os.name").toLowerCase().contains("linux"),
        "freezes the server with SIGSTOP");
    Record token = token();
    store.put(Table.TOKENS, token);
    server.pause();
    try {
      Duration took = assertUnavailableInTime(() -> store.fetch(Table.TOKENS, key(token)));
      assertTrue(took.compareTo(TIMEOUT.multipliedBy(9).dividedBy(10)) >= 0, "took " + took);
    } finally {
      server.resume();
    }
    assertEquals(Optional.of(token), store.fetch(Table.TOKENS, key(token)));
  }

  private static Duration assertUnavailableInTime(Runnable call) {
    long start = System.nanoTime();
    DataStoreUnavailableException failure =
        assertThrows(DataStoreUnavailableException.class, call::run);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(BOUND) < 0, "failed only after " + took);
    assertEquals("temporarily_unavailable", failure.error());
    return took;
  }

  private static Record token() {
    return RedisSampleRecords.token("erin", "family-1");
  }

  private static Record application() {
    return RedisSampleRecords.application("client-erin", RedisSampleRecords.newHash());
  }

  private static String key(Record token) {
    return token.string(Table.TOKEN_HASH).orElseThrow();
  }
}

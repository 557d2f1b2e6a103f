package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Table;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
}

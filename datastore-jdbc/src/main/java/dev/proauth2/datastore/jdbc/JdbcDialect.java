package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The databases the JDBC store speaks to. A dialect holds only what differs between them: the
 * migrations, how a put and a replace are made atomic, the sweeper's bounded delete, and the
 * driver's socket timeout. The store picks one from the JDBC URL, or from a {@code DataSource}'s
 * metadata; {@link JdbcDataStores} also takes one named outright.
 */
public enum JdbcDialect {

  /** PostgreSQL 9.6 or newer (the tests run 18): a put and a replace are each one statement. */
  POSTGRESQL("postgresql"),

  /**
   * MySQL 8 or MariaDB 10.6 or newer (InnoDB; the tests run MariaDB 11.4): a put and a replace lock
   * the row in a transaction.
   */
  MYSQL("mysql"),

  /** H2 2.x, in-process or server: a put and a replace lock the row in a transaction. */
  H2("h2");

  private final String name;

  JdbcDialect(String name) {
    this.name = name;
  }

  /** The name of the dialect's migrations folder: {@code postgresql}, {@code mysql}, {@code h2}. */
  String folderName() {
    return name;
  }

  /** Whether put and replace are single statements here, rather than a locking transaction. */
  boolean writesInOneStatement() {
    return this == POSTGRESQL;
  }

  /**
   * Deletes up to a batch of rows expired at a time; parameters: the time, the batch size. Safe
   * when many stores sweep at once: PostgreSQL skips rows another sweeper holds, MySQL and H2 take
   * rows in the order of the expiry index, so two sweepers wait for each other instead of
   * deadlocking.
   */
  String sweep(String table, String key) {
    return switch (this) {
      case POSTGRESQL ->
          "DELETE FROM "
              + table
              + " WHERE "
              + key
              + " IN (SELECT "
              + key
              + " FROM "
              + table
              + " WHERE expires_at <= ? LIMIT ? FOR UPDATE SKIP LOCKED)";
      case MYSQL -> "DELETE FROM " + table + " WHERE expires_at <= ? ORDER BY expires_at LIMIT ?";
      case H2 -> "DELETE FROM " + table + " WHERE expires_at <= ? FETCH FIRST ? ROWS ONLY";
    };
  }

  /** Driver properties that bound a wait for the server's answer, for the pool the store makes. */
  Map<String, String> socketTimeout(Duration timeout) {
    return switch (this) {
      // PostgreSQL's driver counts in whole seconds.
      case POSTGRESQL ->
          Map.of(
              "socketTimeout", Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000)),
              "connectTimeout", Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000)));
      case MYSQL ->
          Map.of(
              "socketTimeout", Long.toString(timeout.toMillis()),
              "connectTimeout", Long.toString(timeout.toMillis()));
      case H2 -> Map.of();
    };
  }

  /** The dialect of a JDBC URL such as {@code jdbc:postgresql://db/auth}. */
  static JdbcDialect ofUrl(String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    if (lower.startsWith("jdbc:h2:")) {
      return H2;
    }
    int end = lower.indexOf(':', "jdbc:".length());
    throw new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR,
        "The 'jdbc:' config names database '"
            + (end < 0 ? lower : lower.substring("jdbc:".length(), end))
            + "', which datastore-jdbc does not speak. It speaks jdbc:postgresql:, jdbc:mysql:,"
            + " jdbc:mariadb: and jdbc:h2:.");
  }

  /** The dialect of a database by its {@code DatabaseMetaData.getDatabaseProductName()}. */
  static JdbcDialect ofProduct(String productName) {
    String lower = productName.toLowerCase(Locale.ROOT);
    if (lower.contains("postgres")) {
      return POSTGRESQL;
    }
    if (lower.contains("mysql") || lower.contains("mariadb")) {
      return MYSQL;
    }
    if (lower.equals("h2")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "the DataSource's database is "
            + productName
            + ", which datastore-jdbc does not speak; it speaks PostgreSQL, MySQL, MariaDB and H2");
  }
}

package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.Proauth2Exception;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * The schema as versioned migrations, one folder of plain {@code .sql} files per dialect named as
 * Flyway names them ({@code V1__baseline.sql}), which the store applies in order at start-up and
 * records in {@value #HISTORY}: the files a host may hand to Flyway are the ones the store runs.
 */
final class Migrations {

  /** The table that records which migrations a database has; proauth2's own, not Flyway's. */
  static final String HISTORY = "proauth2_schema_history";

  /**
   * The migrations this jar ships, in order. A new one is appended here and added, under the same
   * name, to every dialect's folder; a shipped one is never edited (its checksum is recorded).
   */
  static final List<String> SHIPPED = List.of("V1__baseline");

  private static final Pattern NAME = Pattern.compile("V([1-9][0-9]{0,8})__([a-z0-9_]+)");

  /** H2 has no advisory lock: stores of one JVM (H2 in-process) take turns on this one. */
  private static final ReentrantLock IN_PROCESS = new ReentrantLock();

  /** PostgreSQL's advisory lock key for migrating: any fixed number, the same in every store. */
  private static final long POSTGRES_LOCK = 0x70726f617574682L;

  private Migrations() {}

  /** One migration of one dialect: its version, its name's description and its statements. */
  record Migration(int version, String name, List<String> statements) {

    /** A checksum of the statements, comments and line breaks aside, to catch an edited file. */
    long checksum() {
      CRC32 crc = new CRC32();
      for (String statement : statements) {
        crc.update(statement.replaceAll("\\s+", " ").getBytes(StandardCharsets.UTF_8));
        crc.update(';');
      }
      return crc.getValue();
    }
  }

  /** The folder of a dialect's migrations on the class path, open to any module. */
  static String folder(JdbcDialect dialect) {
    return "META-INF/proauth2/migrations/" + dialect.folderName();
  }

  /** The shipped migrations of a dialect, in order. */
  static List<Migration> shipped(JdbcDialect dialect) {
    return load(dialect, SHIPPED);
  }

  /** Reads the named migrations of a dialect from the class path; versions must rise. */
  static List<Migration> load(JdbcDialect dialect, List<String> names) {
    List<Migration> migrations = new ArrayList<>();
    int last = 0;
    for (String name : names) {
      Matcher matcher = NAME.matcher(name);
      if (!matcher.matches()) {
        throw new IllegalArgumentException("not a migration name (V<n>__<words>): " + name);
      }
      int version = Integer.parseInt(matcher.group(1));
      if (version <= last) {
        throw new IllegalArgumentException("migration versions must rise: " + name);
      }
      last = version;
      migrations.add(
          new Migration(version, name, statements(folder(dialect) + "/" + name + ".sql")));
    }
    return migrations;
  }

  /** The statements of one file, comment lines left out, in order. */
  static List<String> statements(String resource) {
    String text;
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the class path");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder sql = new StringBuilder();
    for (String line : text.split("\r?\n")) {
      if (!line.strip().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : sql.toString().split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }

  /**
   * Brings a database up to the last of the migrations: applies, in order, each one its history
   * does not record, and records it. Stores that start at once take turns (an advisory lock on
   * PostgreSQL and MySQL, a lock in this JVM on H2). On PostgreSQL the whole run is one
   * transaction, so a failed migration leaves the database as it was; MySQL and H2 commit each DDL
   * statement, so every statement is written to be run again after a failure.
   *
   * @return the versions applied now, in order (empty when the database was up to date)
   * @throws Proauth2Exception when the database records a migration of this jar with another
   *     checksum: a shipped file was edited, or the database was migrated by another build
   */
  static List<Integer> apply(
      DataSource dataSource, JdbcDialect dialect, List<Migration> migrations, Clock clock)
      throws SQLException {
    // H2 has no advisory lock; PostgreSQL and MySQL take theirs on the connection below.
    ReentrantLock inProcess = dialect == JdbcDialect.H2 ? IN_PROCESS : new ReentrantLock();
    inProcess.lock();
    try (Connection connection = dataSource.getConnection()) {
      boolean transactional = dialect == JdbcDialect.POSTGRESQL;
      boolean autoCommit = connection.getAutoCommit();
      if (transactional) {
        connection.setAutoCommit(false);
      }
      try {
        lock(connection, dialect);
        List<Integer> applied;
        try {
          applied = applyLocked(connection, migrations, clock);
        } finally {
          unlock(connection, dialect);
        }
        if (transactional) {
          connection.commit();
        }
        return applied;
      } catch (SQLException | RuntimeException e) {
        if (transactional) {
          connection.rollback();
        }
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } finally {
      inProcess.unlock();
    }
  }

  private static List<Integer> applyLocked(
      Connection connection, List<Migration> migrations, Clock clock) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + HISTORY
              + " (version INT PRIMARY KEY, name VARCHAR(200) NOT NULL,"
              + " checksum BIGINT NOT NULL, installed_at BIGINT NOT NULL)");
    }
    Map<Integer, Long> recorded = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version, checksum FROM " + HISTORY)) {
      while (rows.next()) {
        recorded.put(rows.getInt(1), rows.getLong(2));
      }
    }
    List<Integer> applied = new ArrayList<>();
    for (Migration migration : migrations) {
      Long checksum = recorded.get(migration.version());
      if (checksum != null) {
        if (checksum != migration.checksum()) {
          throw new Proauth2Exception(
              Proauth2Exception.SERVER_ERROR,
              "The database records migration "
                  + migration.name()
                  + " with another checksum than this jar's file: it was migrated by another"
                  + " build of datastore-jdbc, or the file was edited. Restore the shipped file;"
                  + " a change to the schema is a new migration.");
        }
        continue;
      }
      try (Statement statement = connection.createStatement()) {
        for (String sql : migration.statements()) {
          statement.execute(sql);
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO "
                  + HISTORY
                  + " (version, name, checksum, installed_at) VALUES (?, ?, ?, ?)")) {
        insert.setInt(1, migration.version());
        insert.setString(2, migration.name());
        insert.setLong(3, migration.checksum());
        insert.setLong(4, clock.millis());
        insert.executeUpdate();
      }
      applied.add(migration.version());
    }
    return applied;
  }

  private static void lock(Connection connection, JdbcDialect dialect) throws SQLException {
    switch (dialect) {
      case POSTGRESQL -> {
        // Released by the transaction's end, commit or rollback.
        try (PreparedStatement lock =
            connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          lock.setLong(1, POSTGRES_LOCK);
          lock.execute();
        }
      }
      case MYSQL -> {
        try (Statement lock = connection.createStatement();
            ResultSet got = lock.executeQuery("SELECT GET_LOCK('proauth2_migrations', 60)")) {
          if (!got.next() || got.getInt(1) != 1) {
            throw new SQLException(
                "another store held the lock 'proauth2_migrations' for 60 s while migrating");
          }
        }
      }
      case H2 -> {}
    }
  }

  private static void unlock(Connection connection, JdbcDialect dialect) throws SQLException {
    if (dialect == JdbcDialect.MYSQL) {
      try (Statement unlock = connection.createStatement()) {
        unlock.execute("SELECT RELEASE_LOCK('proauth2_migrations')");
      }
    }
  }
}

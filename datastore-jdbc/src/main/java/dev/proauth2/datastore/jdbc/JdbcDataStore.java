package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The DataStore on a relational database: one row per record, one column per field. A fetch is one
 * primary-key select that leaves out expired rows; a put and a replace are atomic per row, in one
 * statement on PostgreSQL and in a transaction holding the row's lock elsewhere; expired rows are
 * deleted by the {@link Sweeper}.
 */
final class JdbcDataStore implements DataStore {

  private final DataSource dataSource;
  private final AutoCloseable ownedPool;
  private final JdbcDialect dialect;
  private final Clock clock;
  private final Duration timeout;
  private final String location;
  private final Map<Table, TableSql> statements = new EnumMap<>(Table.class);
  private final Sweeper sweeper;
  private volatile boolean closed;

  /**
   * @param dataSource where connections come from
   * @param ownedPool the pool to close with the store, or null when the caller owns the DataSource
   * @param dialect the database's dialect
   * @param clock the engine's clock, which decides what has expired
   * @param timeout how long a put may retry after losing a race to insert the same key
   * @param sweepInterval the pause between sweeps, or zero for no sweeper
   * @param sweepBatch the most rows one delete of the sweeper removes
   * @param location where the database is, with no password, for messages
   */
  JdbcDataStore(
      DataSource dataSource,
      AutoCloseable ownedPool,
      JdbcDialect dialect,
      Clock clock,
      Duration timeout,
      Duration sweepInterval,
      int sweepBatch,
      String location) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.dialect = dialect;
    this.clock = clock;
    this.timeout = timeout;
    this.location = location;
    for (Table table : Table.values()) {
      statements.put(table, new TableSql(table, dialect));
    }
    this.sweeper =
        sweepInterval.isZero() ? null : new Sweeper(this, sweepInterval, sweepBatch, location);
  }

  @Override
  public Optional<Record> fetch(Table table, String key) {
    TableSql sql = statements(table);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql.fetch)) {
      sql.bindKey(select, 1, key, clock.millis());
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(sql.read(row, 1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("read from " + table.tableName(), e);
    }
  }

  @Override
  public Optional<Record> put(Table table, Record record) {
    return write(table, record, true);
  }

  @Override
  public Optional<Record> replace(Table table, Record record) {
    return write(table, record, false);
  }

  @Override
  public boolean remove(Table table, String key) {
    TableSql sql = statements(table);
    return delete(table, sql.remove, key) > 0;
  }

  @Override
  public long removeAll(Table table, String field, String value) {
    TableSql sql = statements(table);
    return delete(table, sql.removeAll(field), value);
  }

  /** Deletes the live rows a statement names by one value; how many. */
  private long delete(Table table, String delete, String value) {
    TableSql sql = statements.get(table);
    return retrying(
        table,
        "remove from",
        false,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(delete)) {
            sql.bindKey(statement, 1, value, clock.millis());
            return statement.executeLargeUpdate();
          }
        });
  }

  /** A put ({@code create}) or a replace, in the dialect's atomic form. */
  private Optional<Record> write(Table table, Record record, boolean create) {
    TableSql sql = statements(table);
    String action = create ? "write to" : "replace in";
    if (!dialect.writesInOneStatement()) {
      return retrying(
          table, action, true, connection -> lockAndWrite(connection, table, sql, record, create));
    }
    String key = record.string(table.keyField()).orElseThrow();
    long now = clock.millis();
    return retrying(
        table,
        action,
        false,
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  create ? sql.upsertReturningOld : sql.replaceReturningOld)) {
            return create
                ? upsertReturningOld(statement, sql, key, record, now)
                : replaceReturningOld(statement, sql, key, record, now);
          }
        });
  }

  /**
   * PostgreSQL's put: one statement, run again only when a concurrent put inserted the key first,
   * and the next run finds that put's row.
   */
  private Optional<Record> upsertReturningOld(
      PreparedStatement upsert, TableSql sql, String key, Record record, long now)
      throws SQLException {
    upsert.setString(1, key);
    sql.bindAll(upsert, sql.bindUpdate(upsert, 2, record), record);
    while (true) {
      try (ResultSet row = upsert.executeQuery()) {
        if (row.next()) {
          return row.getBoolean(1) ? live(sql.read(row, 2), now) : Optional.empty();
        }
      }
    }
  }

  /** PostgreSQL's replace: one statement that locks the live row, updates it, answers the old. */
  private static Optional<Record> replaceReturningOld(
      PreparedStatement replace, TableSql sql, String key, Record record, long now)
      throws SQLException {
    sql.bindOthers(replace, sql.bindKey(replace, 1, key, now), record);
    try (ResultSet row = replace.executeQuery()) {
      return row.next() ? Optional.of(sql.read(row, 1)) : Optional.empty();
    }
  }

  /**
   * MySQL and H2: reads the row under the key with its lock ({@code SELECT ... FOR UPDATE}), then
   * updates it, or inserts one when there was none and this is a put. Concurrent writers of one row
   * queue on its lock, so each gets the row the one before it wrote.
   */
  private Optional<Record> lockAndWrite(
      Connection connection, Table table, TableSql sql, Record record, boolean create)
      throws SQLException {
    String key = record.string(table.keyField()).orElseThrow();
    long now = clock.millis();
    Record old = null;
    try (PreparedStatement select = connection.prepareStatement(create ? sql.lock : sql.lockLive)) {
      if (create) {
        select.setString(1, key);
      } else {
        sql.bindKey(select, 1, key, now);
      }
      try (ResultSet row = select.executeQuery()) {
        if (row.next()) {
          old = sql.read(row, 1);
        }
      }
    }
    if (old == null && !create) {
      return Optional.empty();
    }
    try (PreparedStatement write =
        connection.prepareStatement(old == null ? sql.insert : sql.update)) {
      if (old == null) {
        sql.bindAll(write, 1, record);
      } else {
        sql.bindUpdate(write, 1, record);
      }
      write.executeUpdate();
    }
    return old == null ? Optional.empty() : live(old, now);
  }

  /** Work on one connection. */
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs work on a connection, in a transaction or in autocommit, and again when it lost a race the
   * database broke off: a deadlock or serialization failure (SQLState class 40; InnoDB picks such
   * victims among concurrent deletes by an index and inserts), or, in a transaction, a duplicate
   * key (two puts inserted one new key; the loser then finds the winner's row). The failed try was
   * rolled back whole, so running it again is safe.
   */
  private <T> T retrying(Table table, String action, boolean transaction, Work<T> work) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Connection connection = dataSource.getConnection()) {
        if (transaction) {
          connection.setAutoCommit(false);
        }
        try {
          T result = work.run(connection);
          if (transaction) {
            connection.commit();
          }
          return result;
        } catch (SQLException | RuntimeException e) {
          if (transaction) {
            rollback(connection, e);
          }
          if (!(e instanceof SQLException sql)
              || !lostRace(sql, transaction)
              || System.nanoTime() > deadline) {
            throw e;
          }
        }
      } catch (SQLException e) {
        throw unavailable(action + " " + table.tableName(), e);
      }
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** A deadlock or serialization failure (class 40), or in a transaction a duplicate key (23). */
  private static boolean lostRace(SQLException e, boolean transaction) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("40") || transaction && state.startsWith("23"));
  }

  /** Deletes expired rows of every table, a batch at a time; how many. */
  long sweep(int batch) {
    long deleted = 0;
    for (Table table : Table.values()) {
      TableSql sql = statements.get(table);
      if (sql.sweep == null) {
        continue;
      }
      try (Connection connection = dataSource.getConnection();
          PreparedStatement delete = connection.prepareStatement(sql.sweep)) {
        delete.setLong(1, clock.millis());
        delete.setInt(2, batch);
        int removed;
        do {
          removed = delete.executeUpdate();
          deleted += removed;
        } while (removed == batch && !closed);
      } catch (SQLException e) {
        throw unavailable("sweep expired rows from " + table.tableName(), e);
      }
    }
    return deleted;
  }

  private static Optional<Record> live(Record record, long now) {
    return record.isExpired(now) ? Optional.empty() : Optional.of(record);
  }

  private TableSql statements(Table table) {
    if (closed) {
      throw new IllegalStateException("the JDBC store is closed");
    }
    return statements.get(table);
  }

  /** Starts the sweeper, if it has one; the store is ready before. */
  JdbcDataStore startSweeper() {
    if (sweeper != null) {
      sweeper.start();
    }
    return this;
  }

  /**
   * How many sweeps have failed since the store opened. The SPI has no channel from a store to the
   * engine's listeners, so a failed sweep is a log line and this count, also in {@link #toString}.
   */
  long sweepFailures() {
    return sweeper == null ? 0 : sweeper.failures();
  }

  @Override
  public String toString() {
    return "JdbcDataStore[location="
        + location
        + ", dialect="
        + dialect
        + (sweeper == null ? ", no sweeper" : ", failed sweeps=" + sweeper.failures())
        + (closed ? ", closed" : "")
        + "]";
  }

  private DataStoreUnavailableException unavailable(String action, SQLException e) {
    return failure(location, "could not " + action, e);
  }

  /** The exception for a failed call: what failed, where, the driver's words, no password. */
  static DataStoreUnavailableException failure(String location, String what, Exception e) {
    String state =
        e instanceof SQLException sql && sql.getSQLState() != null
            ? " (SQLState " + sql.getSQLState() + ")"
            : "";
    return new DataStoreUnavailableException(
        "The database at "
            + location
            + " "
            + what
            + state
            + ": "
            + DataStoreConfig.redact(String.valueOf(e.getMessage())),
        e);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sweeper != null) {
      sweeper.stop();
    }
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the connection pool failed", e);
      }
    }
  }
}

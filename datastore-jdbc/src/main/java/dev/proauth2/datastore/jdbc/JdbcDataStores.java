package dev.proauth2.datastore.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * JDBC stores on a {@link DataSource} the application already has, for when it should share that
 * pool (its size, credentials, TLS, monitoring) rather than have proauth2 make one from a config
 * string:
 *
 * <pre>{@code
 * DataStore store = JdbcDataStores.of(dataSource);     // the dialect from the database's metadata
 * Proauth2 oauth = Proauth2.builder().dataStore(store).build();
 * ...
 * oauth.close();
 * store.close();   // stops the sweeper; the DataSource stays open, the caller's to close
 * }</pre>
 *
 * <p>The tables are those the config string makes, in the schema the DataSource's connections use.
 * Expiry is judged by the system clock (an engine on another clock checks it again by its own). For
 * a MySQL or MariaDB DataSource, READ COMMITTED isolation spares a put on a new key the deadlock
 * InnoDB's gap locks give under REPEATABLE READ; the store retries that deadlock either way.
 */
public final class JdbcDataStores {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private JdbcDataStores() {}

  /**
   * Opens a store on a DataSource, in its database's dialect, creating the schema if it is missing
   * and sweeping expired rows every minute.
   *
   * @param dataSource where connections come from; it stays the caller's
   * @return the open store; closing it stops its sweeper and leaves the DataSource open
   * @throws IllegalArgumentException when the database is none of PostgreSQL, MySQL, MariaDB, H2
   * @throws DataStoreUnavailableException when the database cannot be reached
   */
  public static DataStore of(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    JdbcDialect dialect;
    try (Connection connection = dataSource.getConnection()) {
      dialect = JdbcDialect.ofProduct(connection.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw JdbcDataStore.failure("the application's DataSource", "could not be reached", e);
    }
    return of(dataSource, dialect, true, JdbcSettings.DEFAULT_SWEEP_INTERVAL);
  }

  /**
   * Opens a store on a DataSource in a given dialect.
   *
   * @param dataSource where connections come from; it stays the caller's
   * @param dialect the database's dialect
   * @param createSchema whether to run the dialect's schema file now (false when a migration tool
   *     owns the schema)
   * @param sweepInterval the pause between deletes of expired rows, from 250 ms to 24 hours, or
   *     {@link Duration#ZERO} for no sweeper (another instance sweeps)
   * @return the open store; closing it stops its sweeper and leaves the DataSource open
   * @throws IllegalArgumentException when the sweep interval is out of bounds
   * @throws DataStoreUnavailableException when the schema cannot be created
   */
  public static DataStore of(
      DataSource dataSource, JdbcDialect dialect, boolean createSchema, Duration sweepInterval) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    if (!sweepInterval.isZero()
        && (sweepInterval.toMillis() < 250 || sweepInterval.compareTo(Duration.ofHours(24)) > 0)) {
      throw new IllegalArgumentException(
          "sweepInterval " + sweepInterval + " is not zero nor from 250 ms to 24 hours");
    }
    String location = "the application's DataSource";
    if (createSchema) {
      createSchema(dataSource, dialect, location);
    }
    return new JdbcDataStore(
            dataSource,
            null,
            dialect,
            Clock.systemUTC(),
            JdbcSettings.DEFAULT_TIMEOUT,
            sweepInterval,
            JdbcSettings.DEFAULT_SWEEP_BATCH,
            location)
        .startSweeper();
  }

  /** Opens a store from a parsed {@code jdbc:} config string, on a HikariCP pool of its own. */
  static DataStore open(JdbcSettings settings, Clock clock) {
    String location = DataStoreConfig.redact(settings.jdbcUrl());
    Driver driver;
    try {
      driver = DriverManager.getDriver(settings.jdbcUrl());
    } catch (SQLException e) {
      throw new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          "No JDBC driver for "
              + location
              + " is on the class path; add your database's driver (such as"
              + " org.postgresql:postgresql, org.mariadb.jdbc:mariadb-java-client,"
              + " com.mysql:mysql-connector-j or com.h2database:h2).");
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(poolConfig(settings, driver, location));
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() instanceof Exception ? e.getCause() : e;
      throw JdbcDataStore.failure(location, "could not be reached", (Exception) cause);
    }
    try {
      if (settings.createSchema()) {
        createSchema(pool, settings.dialect(), location);
      }
      return new JdbcDataStore(
              pool,
              pool,
              settings.dialect(),
              clock,
              settings.timeout(),
              settings.sweepInterval(),
              settings.sweepBatch(),
              location)
          .startSweeper();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  static HikariConfig poolConfig(JdbcSettings settings, Driver driver, String location) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("proauth2-jdbc-" + POOLS.incrementAndGet());
    // The pool gets connections, not the URL: HikariCP logs its URL and masks only password=.
    config.setDataSource(
        new DriverSource(
            driver,
            settings.jdbcUrl(),
            settings.user(),
            settings.password(),
            settings.dialect().socketTimeout(settings.timeout()),
            location));
    config.setMaximumPoolSize(settings.poolSize());
    long timeout = settings.timeout().toMillis();
    config.setConnectionTimeout(timeout);
    config.setValidationTimeout(timeout);
    config.setInitializationFailTimeout(timeout);
    if (settings.dialect() == JdbcDialect.MYSQL) {
      // No gap locks: a put on a new key waits for the row a concurrent put inserted instead of
      // deadlocking with it.
      config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    }
    return config;
  }

  private static void createSchema(DataSource dataSource, JdbcDialect dialect, String location) {
    try {
      SchemaFile.apply(dataSource, dialect);
    } catch (SQLException e) {
      throw JdbcDataStore.failure(
          location, "could not create the schema of " + dialect.schemaResource(), e);
    }
  }
}

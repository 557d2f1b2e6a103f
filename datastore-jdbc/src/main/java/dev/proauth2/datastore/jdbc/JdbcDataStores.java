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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * JDBC stores on a {@link DataSource} the application already has, for when it should share that
 * pool (its size, credentials, TLS, monitoring) rather than have proauth2 make one from a config
 * string:
 *
 * <pre>{@code
 * DataStore store = JdbcDataStores.builder(dataSource)  // the dialect from the database's metadata
 *         .createSchema(false)                          // a migration tool owns the schema
 *         .sweepInterval(Duration.ofMinutes(5))
 *         .clock(clock)                                 // optional: the engine's clock
 *         .build();
 * Proauth2 oauth = Proauth2.builder().dataStore(store).build();
 * ...
 * oauth.close();
 * store.close();   // stops the sweeper; the DataSource stays open, the caller's to close
 * }</pre>
 *
 * <p>The tables are those the config string makes, in the schema the DataSource's connections use.
 * For a MySQL or MariaDB DataSource, READ COMMITTED isolation spares a put on a new key the
 * deadlock InnoDB's gap locks give under REPEATABLE READ; the store retries that deadlock either
 * way.
 */
public final class JdbcDataStores {

  private static final System.Logger LOG = System.getLogger(JdbcDataStores.class.getName());
  private static final AtomicInteger POOLS = new AtomicInteger();

  private JdbcDataStores() {}

  /**
   * Starts a store on a DataSource of the caller's.
   *
   * @param dataSource where connections come from; it stays the caller's
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null);
  }

  /**
   * Starts a store on a HikariCP pool of its own, made for a config string; it closes that pool.
   */
  static Builder builder(JdbcSettings settings) {
    return new Builder(null, Objects.requireNonNull(settings, "settings"));
  }

  /**
   * The settings of a JDBC store, the same as a config string's options; {@link #build()} checks
   * them all, the one place their ranges are.
   */
  public static final class Builder {

    static final int DEFAULT_POOL_SIZE = 10;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
    static final int DEFAULT_SWEEP_BATCH = 1000;
    static final Duration MIN_DURATION = Duration.ofMillis(250);
    static final Duration MAX_DURATION = Duration.ofHours(24);
    static final int MAX_POOL_SIZE = 1000;
    static final int MAX_SWEEP_BATCH = 100_000;
    static final String POOL_SIZE_RANGE = "from 1 to " + MAX_POOL_SIZE;
    static final String DURATION_RANGE = "from 250 ms to 24 hours";
    static final String TIMEOUT_RANGE = DURATION_RANGE;
    static final String SWEEP_INTERVAL_RANGE = "zero (no sweeper) or " + DURATION_RANGE;
    static final String SWEEP_BATCH_RANGE = "from 1 to " + MAX_SWEEP_BATCH;

    private final DataSource dataSource;
    private final JdbcSettings settings;
    private JdbcDialect dialect;
    private boolean createSchema = true;
    private int poolSize = DEFAULT_POOL_SIZE;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
    private int sweepBatch = DEFAULT_SWEEP_BATCH;
    private Clock clock = Clock.systemUTC();

    /** Either a DataSource of the caller's, or the settings to make a pool from; never both. */
    private Builder(DataSource dataSource, JdbcSettings settings) {
      this.dataSource = dataSource;
      this.settings = settings;
      this.dialect = settings == null ? null : settings.dialect();
    }

    /**
     * The database's dialect; by default {@link #build()} reads it from the database's metadata,
     * which takes a connection.
     */
    public Builder dialect(JdbcDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * Whether {@link #build()} applies the dialect's migrations that the database's {@code
     * proauth2_schema_history} does not record yet, and records them; false when a migration tool
     * (Flyway, Liquibase) owns the schema. Default true.
     */
    public Builder createSchema(boolean createSchema) {
      this.createSchema = createSchema;
      return this;
    }

    /** The most connections of the store's own pool; a config string's {@code poolSize}. */
    Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      return this;
    }

    /**
     * How long a put or replace that keeps losing a race to the same row may run again, from 250 ms
     * to 24 hours; default 2 s. (On its own pool the store also waits this long at most for a
     * connection and an answer; a caller's DataSource keeps its own timeouts.)
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * The pause between deletes of expired rows, from 250 ms to 24 hours, or {@link Duration#ZERO}
     * for no sweeper (another instance sweeps); default 1 minute.
     */
    public Builder sweepInterval(Duration sweepInterval) {
      this.sweepInterval = Objects.requireNonNull(sweepInterval, "sweepInterval");
      return this;
    }

    /** The most rows one delete of the sweeper removes, from 1 to 100,000; default 1000. */
    public Builder sweepBatch(int sweepBatch) {
      this.sweepBatch = sweepBatch;
      return this;
    }

    /**
     * The clock that decides what has expired: pass the engine's, so records expire when the engine
     * says they do; default the system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Opens the store: reads the dialect from the database if none was given, creates the schema if
     * asked, and starts the sweeper.
     *
     * @return the open store; closing a store on the caller's DataSource stops its sweeper and
     *     leaves the DataSource open
     * @throws IllegalArgumentException when a setting is out of range, before anything connects; or
     *     when the database is none of PostgreSQL, MySQL, MariaDB, H2
     * @throws DataStoreUnavailableException when the database cannot be reached or the schema
     *     cannot be created
     */
    public DataStore build() {
      Options options = options();
      return dataSource != null ? onDataSource(options) : onOwnPool(options);
    }

    /** The settings, each checked against its range. */
    Options options() {
      if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
        throw outOfRange(JdbcSettings.POOL_SIZE, poolSize, POOL_SIZE_RANGE);
      }
      if (!within(timeout)) {
        throw outOfRange(JdbcSettings.TIMEOUT, timeout, TIMEOUT_RANGE);
      }
      if (!sweepInterval.isZero() && !within(sweepInterval)) {
        throw outOfRange(JdbcSettings.SWEEP_INTERVAL, sweepInterval, SWEEP_INTERVAL_RANGE);
      }
      if (sweepBatch < 1 || sweepBatch > MAX_SWEEP_BATCH) {
        throw outOfRange(JdbcSettings.SWEEP_BATCH, sweepBatch, SWEEP_BATCH_RANGE);
      }
      return new Options(
          dialect, createSchema, poolSize, timeout, sweepInterval, sweepBatch, clock);
    }

    private static boolean within(Duration duration) {
      return duration.compareTo(MIN_DURATION) >= 0 && duration.compareTo(MAX_DURATION) <= 0;
    }

    /**
     * The error for a setting out of range: the caller's {@link IllegalArgumentException}, or, when
     * a config string filled the builder, the config's {@code server_error} quoting the option as
     * the string wrote it.
     */
    private RuntimeException outOfRange(String setting, Object value, String range) {
      if (settings == null) {
        return new IllegalArgumentException(setting + " must be " + range + "; got " + value);
      }
      String written = settings.config().option(setting).orElse(String.valueOf(value));
      return JdbcSettings.error(
          "has " + setting + "='" + written + "'; the " + setting + " must be " + range);
    }

    private DataStore onDataSource(Options options) {
      String location = "the application's DataSource";
      JdbcDialect chosen = options.dialect();
      if (chosen == null) {
        try (Connection connection = dataSource.getConnection()) {
          chosen = JdbcDialect.ofProduct(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
          throw JdbcDataStore.failure(location, "could not be reached", e);
        }
      }
      if (options.createSchema()) {
        applySchema(dataSource, chosen, options.clock(), location);
      }
      return new JdbcDataStore(
              dataSource,
              null,
              chosen,
              options.clock(),
              options.timeout(),
              options.sweepInterval(),
              options.sweepBatch(),
              location)
          .startSweeper();
    }

    private DataStore onOwnPool(Options options) {
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
        pool = new HikariDataSource(poolConfig(settings, options, driver, location));
      } catch (HikariPool.PoolInitializationException e) {
        Throwable cause = e.getCause() instanceof Exception ? e.getCause() : e;
        throw JdbcDataStore.failure(location, "could not be reached", (Exception) cause);
      }
      try {
        if (options.createSchema()) {
          applySchema(pool, settings.dialect(), options.clock(), location);
        }
        return new JdbcDataStore(
                pool,
                pool,
                settings.dialect(),
                options.clock(),
                options.timeout(),
                options.sweepInterval(),
                options.sweepBatch(),
                location)
            .startSweeper();
      } catch (RuntimeException e) {
        pool.close();
        throw e;
      }
    }
  }

  /**
   * What {@link Builder#build()} opens a store with, once checked.
   *
   * @param dialect the dialect given, or null to read it from the database
   */
  record Options(
      JdbcDialect dialect,
      boolean createSchema,
      int poolSize,
      Duration timeout,
      Duration sweepInterval,
      int sweepBatch,
      Clock clock) {}

  static HikariConfig poolConfig(
      JdbcSettings settings, Options options, Driver driver, String location) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("proauth2-jdbc-" + POOLS.incrementAndGet());
    // The pool gets connections, not the URL: HikariCP logs its URL and masks only password=.
    config.setDataSource(
        new DriverSource(
            driver,
            settings.jdbcUrl(),
            settings.user(),
            settings.password(),
            settings.dialect().socketTimeout(options.timeout()),
            location));
    config.setMaximumPoolSize(options.poolSize());
    long timeout = options.timeout().toMillis();
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

  private static void applySchema(
      DataSource dataSource, JdbcDialect dialect, Clock clock, String location) {
    try {
      List<Integer> applied =
          Migrations.apply(dataSource, dialect, Migrations.shipped(dialect), clock);
      if (!applied.isEmpty()) {
        LOG.log(
            System.Logger.Level.INFO,
            "Migrated the proauth2 schema of {0} to V{1} (applied {2})",
            location,
            applied.get(applied.size() - 1),
            applied);
      }
    } catch (SQLException e) {
      throw JdbcDataStore.failure(
          location, "could not apply the migrations of " + Migrations.folder(dialect), e);
    }
  }
}

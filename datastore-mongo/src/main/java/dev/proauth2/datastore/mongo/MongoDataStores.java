package dev.proauth2.datastore.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;

/**
 * Makes a MongoDB store on a {@link MongoClient} the application already has, to share its
 * connection pool, credentials and settings instead of opening a second client from a config
 * string:
 *
 * <pre>{@code
 * MongoClient client = MongoClients.create(settings);       // the application's own
 * DataStore store = MongoDataStores.builder(client, "proauth2")
 *         .clock(clock)                                      // optional: the engine's clock
 *         .build();
 * Proauth2 oauth = Proauth2.builder().dataStore(store).build();
 * }</pre>
 *
 * <p>The store uses the client's write concern and read preference as they are: keep reads on the
 * primary (the default), so a code just stored is found at once. The client stays the caller's:
 * closing the store leaves it open, and the caller closes it after the store.
 */
public final class MongoDataStores {

  private MongoDataStores() {}

  /**
   * Starts a store in a database of the client's server.
   *
   * @param client an open client, which the store never closes
   * @param database the database that holds the collections, such as {@code proauth2}
   */
  public static Builder builder(MongoClient client, String database) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(database, "database");
    return new Builder(client, null, database, null);
  }

  /**
   * Starts a store on a client of its own, made with these settings for a config string; the store
   * closes that client, and the builder's refusals quote the string.
   */
  static Builder builder(MongoClientSettings settings, String database, DataStoreConfig config) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(config, "config");
    return new Builder(null, settings, database, config);
  }

  /**
   * The settings of a MongoDB store; {@link #build()} checks them all, the one place it is done.
   */
  public static final class Builder {

    /** MongoDB's limit: a database name is shorter than 64 bytes. */
    static final int MAX_DATABASE_BYTES = 63;

    static final String DATABASE_RANGE =
        "1 to 63 bytes (UTF-8) without slash, backslash, dot, double quote, dollar sign, space"
            + " or NUL";
    static final String ACKNOWLEDGED_WRITES =
        "the store needs acknowledged writes to know what it replaced or removed";

    /** The characters MongoDB refuses in a database name on every platform. */
    private static final String FORBIDDEN_IN_DATABASE = "/\\.\"$ \0";

    private final MongoClient client;
    private final MongoClientSettings settings;
    private final String database;
    private final DataStoreConfig config;
    private Clock clock = Clock.systemUTC();

    /** Either a client of the caller's, or the settings to make one from; never both. */
    private Builder(
        MongoClient client, MongoClientSettings settings, String database, DataStoreConfig config) {
      this.client = client;
      this.settings = settings;
      this.database = database;
      this.config = config;
    }

    /**
     * The clock that decides whether a record has expired: pass the engine's, so records expire
     * when the engine says they do; default the system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Opens the store. Like opening a store from a config string, this creates the collections'
     * indexes, one {@code createIndexes} command per collection that has any.
     *
     * @return the store; closing a store on the caller's client leaves the client open
     * @throws IllegalArgumentException when the database name is not one MongoDB can have, or the
     *     client asks for unacknowledged writes ({@code w=0}), with which the store cannot tell
     *     what it replaced or removed; both before anything is sent
     * @throws dev.proauth2.spi.DataStoreUnavailableException when the server cannot be reached
     * @throws dev.proauth2.spi.Proauth2Exception {@code server_error} when the server refuses the
     *     indexes or the credentials
     */
    public DataStore build() {
      checkDatabase();
      checkWriteConcern(client != null ? client.getWriteConcern() : settings.getWriteConcern());
      return client != null
          ? MongoDataStore.open(client, false, database, clock)
          : MongoDataStore.open(MongoClients.create(settings), true, database, clock);
    }

    private void checkDatabase() {
      boolean valid =
          !database.isEmpty()
              && database.getBytes(StandardCharsets.UTF_8).length <= MAX_DATABASE_BYTES
              && database.chars().noneMatch(c -> FORBIDDEN_IN_DATABASE.indexOf(c) >= 0);
      if (valid) {
        return;
      }
      if (config == null) {
        throw new IllegalArgumentException(
            "database must be " + DATABASE_RANGE + "; got '" + database + "'");
      }
      throw MongoStoreSettings.configError(
          config,
          "names database '"
              + database
              + "' in its path; a MongoDB database name must be "
              + DATABASE_RANGE);
    }

    private void checkWriteConcern(WriteConcern writeConcern) {
      if (writeConcern.isAcknowledged()) {
        return;
      }
      if (config == null) {
        throw new IllegalArgumentException(
            "the MongoClient's write concern must be acknowledged, such as w=1 or w=majority: "
                + ACKNOWLEDGED_WRITES
                + "; got w=0");
      }
      throw MongoStoreSettings.configError(
          config,
          "asks for unacknowledged writes (w=0); "
              + ACKNOWLEDGED_WRITES
              + ", so remove the w option or set w=1 or w=majority");
    }
  }
}

package dev.proauth2.datastore.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Turns a config string into driver settings: the string's own options win, and the defaults below
 * bound how long a call can wait for a server that is gone. What the store itself needs of them (a
 * database name MongoDB can have, acknowledged writes) is checked by {@link
 * MongoDataStores.Builder}, which these settings fill.
 *
 * @param database the database that holds the collections
 * @param clientSettings the settings for the one {@code MongoClient} of a store
 */
record MongoStoreSettings(String database, MongoClientSettings clientSettings) {

  static final Set<String> SCHEMES = Set.of("mongodb", "mongodb+srv");

  /** The database used when the config string has no path. */
  static final String DEFAULT_DATABASE = "proauth2";

  /** How long a call waits for a reachable server ({@code serverSelectionTimeoutMS}). */
  static final Duration SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(2);

  /** How long opening a TCP connection may take ({@code connectTimeoutMS}). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** How long a call waits for the server's answer ({@code socketTimeoutMS}). */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  /** How long a call waits for a free pooled connection ({@code waitQueueTimeoutMS}). */
  static final Duration POOL_WAIT_TIMEOUT = Duration.ofSeconds(10);

  /** The name the server logs for this client ({@code appName}). */
  static final String APPLICATION_NAME = "proauth2";

  static MongoStoreSettings from(DataStoreConfig config) {
    if (!SCHEMES.contains(config.scheme())) {
      throw configError(
          config, "has scheme '" + config.scheme() + "'; this store takes " + SCHEMES);
    }
    ConnectionString connection = parse(config);
    String database =
        connection.getDatabase() == null ? DEFAULT_DATABASE : connection.getDatabase();

    MongoClientSettings.Builder builder =
        MongoClientSettings.builder()
            .applicationName(APPLICATION_NAME)
            .applyToClusterSettings(
                cluster ->
                    cluster.serverSelectionTimeout(
                        SERVER_SELECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
            .applyToSocketSettings(
                socket ->
                    socket.connectTimeout((int) CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    if (connection.getTimeout() == null) {
      // With timeoutMS set, the driver bounds each whole operation; these per-step limits stay out.
      builder
          .applyToSocketSettings(
              socket -> socket.readTimeout((int) READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
          .applyToConnectionPoolSettings(
              pool -> pool.maxWaitTime(POOL_WAIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }
    // Applied last, and only the options the string names: they override the defaults above.
    builder.applyConnectionString(connection);
    return new MongoStoreSettings(database, builder.build());
  }

  private static ConnectionString parse(DataStoreConfig config) {
    ConnectionString connection;
    try {
      connection = new ConnectionString(config.uri());
    } catch (IllegalArgumentException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      // The driver may quote what it could not read, such as authMechanismProperties.
      reason = DataStoreConfig.redact(reason.strip().replaceAll("[.\\s]+$", ""));
      if (config.password() != null && reason.contains(config.password())) {
        reason = "the driver's reason is withheld because it repeats the password";
      }
      throw configError(config, "is not a valid MongoDB connection string: " + reason);
    } catch (MongoException e) {
      // Only mongodb+srv strings do I/O here: the driver reads the host's DNS TXT record.
      throw new DataStoreUnavailableException(
          "The '"
              + config.scheme()
              + ":' config "
              + config.redactedUri()
              + " could not be resolved in DNS ("
              + e.getClass().getSimpleName()
              + "); check the host name and the DNS server",
          e);
    }
    if (connection.getCollection() != null) {
      throw configError(
          config,
          "names a collection after the database ('"
              + connection.getDatabase()
              + "."
              + connection.getCollection()
              + "'); give only the database: the store makes one collection per table in it");
    }
    return connection;
  }

  static Proauth2Exception configError(DataStoreConfig config, String problem) {
    return new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR,
        "The '" + config.scheme() + ":' config " + config.redactedUri() + " " + problem + ".");
  }
}

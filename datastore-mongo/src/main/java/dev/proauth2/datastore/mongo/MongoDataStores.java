package dev.proauth2.datastore.mongo;

import com.mongodb.client.MongoClient;
import dev.proauth2.spi.DataStore;
import java.time.Clock;
import java.util.Objects;

/**
 * Makes a MongoDB store on a {@link MongoClient} the application already has, to share its
 * connection pool, credentials and settings instead of opening a second client from a config
 * string:
 *
 * <pre>{@code
 * MongoClient client = MongoClients.create(settings);       // the application's own
 * Proauth2 oauth =
 *     Proauth2.builder().dataStore(MongoDataStores.of(client, "proauth2")).build();
 * }</pre>
 *
 * <p>The store uses the client's write concern and read preference as they are: keep reads on the
 * primary (the default), so a code just stored is found at once. The client stays the caller's:
 * closing the store leaves it open, and the caller closes it after the store.
 */
public final class MongoDataStores {

  private MongoDataStores() {}

  /**
   * A store in a database of the client's server, judging expiry by the system clock. Like opening
   * a store from a config string, this creates the collections' indexes, one {@code createIndexes}
   * command per collection that has any.
   *
   * @param client an open client, which the store never closes
   * @param database the database that holds the collections, such as {@code proauth2}
   * @return the store; closing it leaves the client open
   * @throws IllegalArgumentException when the database name is not valid in MongoDB, or the client
   *     asks for unacknowledged writes ({@code w=0}), with which the store cannot tell what it
   *     replaced or removed
   * @throws dev.proauth2.spi.DataStoreUnavailableException when the server cannot be reached
   * @throws dev.proauth2.spi.Proauth2Exception {@code server_error} when the server refuses the
   *     indexes or the credentials
   */
  public static DataStore of(MongoClient client, String database) {
    return of(client, database, Clock.systemUTC());
  }

  /**
   * A store in a database of the client's server, judging expiry by the given clock: pass the
   * engine's, so records expire when the engine says they do.
   *
   * @param client an open client, which the store never closes
   * @param database the database that holds the collections
   * @param clock the clock that decides whether a record has expired
   * @return the store; closing it leaves the client open
   * @throws IllegalArgumentException as {@link #of(MongoClient, String)} does
   * @throws dev.proauth2.spi.DataStoreUnavailableException when the server cannot be reached
   * @throws dev.proauth2.spi.Proauth2Exception {@code server_error} when the server refuses the
   *     indexes or the credentials
   */
  public static DataStore of(MongoClient client, String database, Clock clock) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(clock, "clock");
    if (!client.getDatabase(database).getWriteConcern().isAcknowledged()) {
      throw new IllegalArgumentException(
          "the MongoClient asks for unacknowledged writes (w=0); the store needs acknowledged"
              + " writes to know what it replaced or removed");
    }
    return MongoDataStore.open(client, false, database, clock);
  }
}

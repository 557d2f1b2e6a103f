package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Redis stores on a Lettuce client the application already has, for when it should share that
 * client (its options, TLS setup, credentials, thread pools) rather than have proauth2 make one
 * from a config string:
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://cache:6379/0");
 * DataStore store = RedisDataStores.of(client, "proauth2", Duration.ofSeconds(2));
 * Proauth2 oauth = Proauth2.builder().dataStore(store).build();
 * ...
 * oauth.close();
 * store.close();    // closes the store's connection; the client stays open
 * client.shutdown();
 * }</pre>
 *
 * <p>The store opens one connection of the client and uses nothing else of it; {@link
 * DataStore#close()} closes that connection and leaves the client, its other connections and its
 * threads to the caller, who shuts them down. The client keeps its own options; the store bounds
 * every call by its {@code timeout} all the same. Records and keys are laid out as for a config
 * string with the same {@code prefix}, so stores from either way share data. Records read back are
 * checked for expiry by the system clock (an engine on another clock checks them again by its own).
 */
public final class RedisDataStores {

  private RedisDataStores() {}

  /**
   * Opens a store on a standalone Redis, or on the master a Sentinel names, through the client's
   * {@link io.lettuce.core.RedisURI}.
   *
   * @param client a client created with the URI of the Redis to use; it stays the caller's
   * @param prefix the first segment of every key: 1 to 64 of {@code A-Z a-z 0-9 _ . - { }}, such as
   *     {@code proauth2}
   * @param timeout how long any one call may take, from 1 ms to 10 minutes
   * @return the open store; closing it closes only its own connection
   * @throws IllegalArgumentException when the prefix or timeout is out of bounds
   * @throws DataStoreUnavailableException when Redis cannot be reached within the timeout
   * @throws Proauth2Exception {@code server_error} when Redis refuses the credentials or is older
   *     than 6.2
   */
  public static DataStore of(RedisClient client, String prefix, Duration timeout) {
    return open(client, prefix, timeout);
  }

  /**
   * Opens a store on a Redis Cluster; the store connects to every master at once.
   *
   * @param client a client created with seed nodes of the cluster; it stays the caller's
   * @param prefix as for {@link #of(RedisClient, String, Duration)}
   * @param timeout as for {@link #of(RedisClient, String, Duration)}
   * @return the open store; closing it closes only its own connection
   * @throws IllegalArgumentException when the prefix or timeout is out of bounds
   * @throws DataStoreUnavailableException when the cluster cannot be reached within the timeout
   * @throws Proauth2Exception {@code server_error} when Redis refuses the credentials or is older
   *     than 6.2
   */
  public static DataStore of(RedisClusterClient client, String prefix, Duration timeout) {
    return open(client, prefix, timeout);
  }

  private static DataStore open(AbstractRedisClient client, String prefix, Duration timeout) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(timeout, "timeout");
    if (!RedisSettings.PREFIX_SYNTAX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix '" + prefix + "' is not 1 to 64 of A-Z a-z 0-9 _ . - { } (no ':')");
    }
    if (timeout.toMillis() < 1 || timeout.compareTo(RedisSettings.MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout " + timeout + " is not from 1 ms to 10 minutes");
    }
    return new RedisDataStore(
        RedisLink.borrow(client, timeout), prefix, timeout, Clock.systemUTC());
  }
}

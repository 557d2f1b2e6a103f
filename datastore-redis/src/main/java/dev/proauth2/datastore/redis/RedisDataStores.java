package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.event.command.CommandListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Redis stores on a Lettuce client the application already has, for when it should share that
 * client (its options, TLS setup, credentials, thread pools) rather than have proauth2 make one
 * from a config string:
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://cache:6379/0");
 * DataStore store = RedisDataStores.builder(client)      // or builder(RedisClusterClient)
 *         .prefix("proauth2")
 *         .timeout(Duration.ofSeconds(2))
 *         .build();
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
 * string with the same {@code prefix}, so stores from either way share data.
 */
public final class RedisDataStores {

  private RedisDataStores() {}

  /**
   * Starts a store on a standalone Redis, or on the master a Sentinel names, through the client's
   * {@link io.lettuce.core.RedisURI}.
   *
   * @param client a client created with the URI of the Redis to use; it stays the caller's
   */
  public static Builder builder(RedisClient client) {
    return new Builder(Objects.requireNonNull(client, "client"), null);
  }

  /**
   * Starts a store on a Redis Cluster; the store connects to every master at once.
   *
   * @param client a client created with seed nodes of the cluster; it stays the caller's
   */
  public static Builder builder(RedisClusterClient client) {
    return new Builder(Objects.requireNonNull(client, "client"), null);
  }

  /** Starts a store on a client of its own, made for a config string; it closes that client. */
  static Builder builder(RedisSettings settings) {
    return new Builder(null, Objects.requireNonNull(settings, "settings"));
  }

  /**
   * The settings of a Redis store, the same as a config string's options; {@link #build()} checks
   * them all, the one place their ranges are.
   */
  public static final class Builder {

    static final String DEFAULT_PREFIX = "proauth2";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    static final String PREFIX_RANGE =
        "1 to 64 letters, digits, '_', '.', '-', '{' or '}' (no ':')";
    static final String TIMEOUT_RANGE = "from 1 ms to 10 minutes";

    private static final Pattern PREFIX_SYNTAX = Pattern.compile("[A-Za-z0-9_.{}\\-]{1,64}");

    private final AbstractRedisClient client;
    private final RedisSettings settings;
    private String prefix = DEFAULT_PREFIX;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private CommandListener listener;

    /** Either a client of the caller's, or the settings to make one from; never both. */
    private Builder(AbstractRedisClient client, RedisSettings settings) {
      this.client = client;
      this.settings = settings;
    }

    /**
     * The first segment of every key, so several deployments can share one Redis: 1 to 64 of {@code
     * A-Z a-z 0-9 _ . - { }} (no {@code :}); default {@code proauth2}.
     */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * How long any one call may take, connecting included, from 1 ms to 10 minutes; default 2 s.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * The clock that judges whether a record read back has expired: pass the engine's, so records
     * expire when the engine says they do; default the system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Tells the listener of every command a client made here sends; for tests that count them. */
    Builder listener(CommandListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Connects and opens the store.
     *
     * @return the open store; closing a store on the caller's client closes only its own connection
     * @throws IllegalArgumentException when the prefix or timeout is out of range, before anything
     *     connects
     * @throws DataStoreUnavailableException when Redis cannot be reached within the timeout
     * @throws Proauth2Exception {@code server_error} when Redis refuses the credentials or is older
     *     than 6.2
     */
    public DataStore build() {
      Options options = options();
      RedisLink link =
          client != null
              ? RedisLink.borrow(client, options.timeout())
              : RedisLink.open(settings, options.timeout(), listener);
      return new RedisDataStore(link, options.prefix(), options.timeout(), options.clock());
    }

    /** The settings, each checked against its range. */
    Options options() {
      if (!PREFIX_SYNTAX.matcher(prefix).matches()) {
        throw outOfRange(RedisSettings.PREFIX, "'" + prefix + "'", PREFIX_RANGE);
      }
      if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw outOfRange(RedisSettings.TIMEOUT, timeout, TIMEOUT_RANGE);
      }
      return new Options(prefix, timeout, clock);
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
      DataStoreConfig config = settings.config();
      String written = config.option(setting).orElse(String.valueOf(value));
      return RedisSettings.error(
          config.scheme(),
          "has " + setting + "='" + written + "'; the " + setting + " must be " + range);
    }
  }

  /** What {@link Builder#build()} opens a store with, once checked. */
  record Options(String prefix, Duration timeout, Clock clock) {}
}

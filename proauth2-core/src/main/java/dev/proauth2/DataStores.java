package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreProvider;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the {@link DataStoreProvider} for a config string among the plugins on the class path or
 * module path, and opens its store.
 *
 * <pre>{@code
 * try (DataStore store = DataStores.open("redis://localhost:6379/0")) { ... }
 * }</pre>
 */
public final class DataStores {

  /** The artifact that provides each scheme proauth2 ships, for "add this jar" messages. */
  private static final Map<String, String> SHIPPED =
      Map.of(
          "jdbc", "dev.proauth2:datastore-jdbc",
          "memory", "dev.proauth2:datastore-memory",
          "mongodb", "dev.proauth2:datastore-mongo",
          "mongodb+srv", "dev.proauth2:datastore-mongo",
          "redis", "dev.proauth2:datastore-redis",
          "rediss", "dev.proauth2:datastore-redis",
          "redis-sentinel", "dev.proauth2:datastore-redis",
          "rediss-sentinel", "dev.proauth2:datastore-redis",
          "redis-cluster", "dev.proauth2:datastore-redis",
          "rediss-cluster", "dev.proauth2:datastore-redis");

  private DataStores() {}

  /**
   * Opens the store a config string names.
   *
   * @param uri a config string such as {@code memory:} or {@code mongodb://localhost/proauth2}
   * @return the open store; the caller closes it
   * @throws Proauth2Exception {@code server_error} when the string is malformed, no installed
   *     plugin answers its scheme, or two do
   */
  public static DataStore open(String uri) {
    return open(uri, Clock.systemUTC());
  }

  /**
   * Opens the store a config string names, on the clock that decides when records expire.
   *
   * @param uri a config string such as {@code memory:}
   * @param clock the clock the store should judge expiry by, where its backend allows
   * @return the open store; the caller closes it
   * @throws Proauth2Exception {@code server_error} as {@link #open(String)} does
   */
  public static DataStore open(String uri, Clock clock) {
    DataStoreConfig config = DataStoreConfig.parse(uri, clock);
    return get(config.scheme()).open(config);
  }

  /** Whether an installed plugin answers the scheme of this config string. */
  public static boolean supports(String uri) {
    return find(DataStoreConfig.parse(uri).scheme()).isPresent();
  }

  /**
   * The provider for a scheme, if exactly one is installed.
   *
   * @throws Proauth2Exception when two installed plugins claim the scheme
   */
  public static Optional<DataStoreProvider> find(String scheme) {
    String wanted = scheme.toLowerCase(Locale.ROOT);
    Plugins<DataStoreProvider> plugins = Plugins.load(DataStoreProvider.class);
    DataStoreProvider found = null;
    for (DataStoreProvider provider : plugins.loaded) {
      if (claims(provider, wanted)) {
        if (found != null) {
          throw plugins.withBroken(
              new Proauth2Exception(
                  Proauth2Exception.SERVER_ERROR,
                  "Two DataStore plugins claim scheme '"
                      + wanted
                      + "': "
                      + Plugins.origin(found)
                      + " and "
                      + Plugins.origin(provider)
                      + ". Remove one of them from the class path."));
        }
        found = provider;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Every scheme the installed plugins answer, sorted. */
  public static Set<String> installedSchemes() {
    Set<String> schemes = new TreeSet<>();
    for (DataStoreProvider provider : Plugins.load(DataStoreProvider.class).loaded) {
      provider.schemes().forEach(s -> schemes.add(s.toLowerCase(Locale.ROOT)));
    }
    return schemes;
  }

  private static DataStoreProvider get(String scheme) {
    Optional<DataStoreProvider> provider = find(scheme);
    if (provider.isPresent()) {
      return provider.get();
    }
    Plugins<DataStoreProvider> plugins = Plugins.load(DataStoreProvider.class);
    String artifact = SHIPPED.get(scheme);
    String advice =
        artifact == null
            ? " Add the jar of a DataStore plugin that answers '" + scheme + "'."
            : " Add the artifact " + artifact + " to the class path.";
    throw plugins.withBroken(
        new Proauth2Exception(
            Proauth2Exception.SERVER_ERROR,
            "No DataStore plugin answers scheme '"
                + scheme
                + "'. Installed schemes: "
                + installedSchemes()
                + "."
                + advice
                + plugins.brokenSummary()));
  }

  private static boolean claims(DataStoreProvider provider, String scheme) {
    for (String claimed : provider.schemes()) {
      if (claimed.toLowerCase(Locale.ROOT).equals(scheme)) {
        return true;
      }
    }
    return false;
  }
}

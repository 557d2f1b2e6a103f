package dev.proauth2.spi;

import java.util.Set;

/**
 * Opens {@link DataStore}s for one or more URI schemes. Found with {@link java.util.ServiceLoader},
 * so a plugin registers its provider in {@code
 * META-INF/services/dev.proauth2.spi.DataStoreProvider} (or with {@code provides} in a module
 * descriptor).
 *
 * <p>A provider must be cheap to construct and do no I/O until {@link #open}.
 */
public interface DataStoreProvider {

  /**
   * The URI schemes this provider answers, lower case, such as {@code Set.of("redis", "rediss")}.
   */
  Set<String> schemes();

  /**
   * Opens a store, connecting to its backend.
   *
   * @param config the parsed config string; {@link DataStoreConfig#uri()} holds the raw string for
   *     drivers with a parser of their own
   * @return an open store that the caller closes
   * @throws Proauth2Exception when the config is wrong for this backend
   * @throws DataStoreUnavailableException when the backend cannot be reached
   */
  DataStore open(DataStoreConfig config);
}

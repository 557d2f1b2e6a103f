package dev.proauth2.datastore.redis;

import com.google.auto.service.AutoService;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreProvider;
import java.util.Objects;
import java.util.Set;

/**
 * Opens Redis stores for the schemes {@code redis}, {@code rediss} (TLS), {@code redis-sentinel},
 * {@code rediss-sentinel}, {@code redis-cluster} and {@code rediss-cluster}:
 *
 * <pre>{@code
 * redis://[user:password@]host[:6379][/database][?prefix=proauth2&timeout=2s]
 * redis-sentinel://[user:password@]sentinel1[:26379][,sentinel2...][/database]?sentinelMasterId=mymaster
 * redis-cluster://[user:password@]node1[:6379][,node2...][?prefix=proauth2&timeout=2s]
 * }</pre>
 *
 * <p>{@code prefix} starts every key, so several deployments can share one Redis; {@code timeout}
 * bounds every call (default 2s). The module's README documents the grammar and the key layout.
 * Constructing the provider does nothing; {@link #open} connects. To build a store on a Lettuce
 * client of your own, see {@link RedisDataStores}.
 */
@AutoService(DataStoreProvider.class)
public final class RedisDataStoreProvider implements DataStoreProvider {

  /** Creates the provider; it holds no state. */
  public RedisDataStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return RedisSettings.SCHEMES;
  }

  @Override
  public DataStore open(DataStoreConfig config) {
    Objects.requireNonNull(config, "config");
    return RedisSettings.builder(config).build();
  }
}

/**
 * The Redis DataStore on Lettuce: schemes {@code redis}, {@code rediss}, Sentinel and Cluster, and
 * {@link dev.proauth2.datastore.redis.RedisDataStores} for a caller who holds a Lettuce client.
 */
module dev.proauth2.datastore.redis {
  requires transitive dev.proauth2.api;
  requires transitive lettuce.core;
  requires io.netty.common;
  requires static com.google.auto.service;

  exports dev.proauth2.datastore.redis;

  provides dev.proauth2.spi.DataStoreProvider with
      dev.proauth2.datastore.redis.RedisDataStoreProvider;
}

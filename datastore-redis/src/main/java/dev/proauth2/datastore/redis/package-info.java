/**
 * The Redis DataStore, schemes {@code redis}, {@code rediss}, {@code redis-sentinel}, {@code
 * rediss-sentinel}, {@code redis-cluster} and {@code rediss-cluster}, on Lettuce. Its entry point
 * is {@link dev.proauth2.datastore.redis.RedisDataStoreProvider}; open it with {@code
 * Proauth2.open("redis://localhost:6379/0")}. The module's README documents the config grammar and
 * the key layout.
 */
package dev.proauth2.datastore.redis;

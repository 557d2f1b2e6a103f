package dev.proauth2.datastore.redis;

import dev.proauth2.spi.Table;

/**
 * Names the Redis keys of one deployment. Every command the store sends touches exactly one of
 * these keys, so none can fail with CROSSSLOT on Redis Cluster, and records spread over all slots.
 *
 * <ul>
 *   <li>a record: {@code <prefix>:<table>:<key>}, such as {@code proauth2:tokens:3q2-7w...}
 *   <li>an index: {@code <prefix>:<table>.<field>:<value>}, such as {@code
 *       proauth2:tokens.user_id:alice}, a sorted set of record keys scored by their {@code
 *       expires_at}
 * </ul>
 *
 * <p>The prefix holds no ':' and table names hold neither ':' nor '.', so no record key can equal
 * an index key, of this deployment or of another prefix.
 *
 * @param prefix the first segment of every key
 */
record KeyLayout(String prefix) {

  /** The key of the string that holds one record. */
  String record(Table table, Object key) {
    return prefix + ':' + table.tableName() + ':' + key;
  }

  /** The key of the sorted set that lists the records whose {@code field} equals {@code value}. */
  String index(Table table, String field, Object value) {
    return prefix + ':' + table.tableName() + '.' + field + ':' + value;
  }
}

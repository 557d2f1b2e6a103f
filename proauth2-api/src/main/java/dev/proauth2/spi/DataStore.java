package dev.proauth2.spi;

import java.util.Optional;

/**
 * Where applications, codes and tokens live: records in {@link Table}s, found by their key. A
 * plugin implements this and a {@link DataStoreProvider} that opens it; the engine needs nothing
 * more.
 *
 * <p>The engine checks every record, key and field before it calls a store (schema, lengths,
 * indexed fields, a closed store), so a store only stores. The rules a store keeps, each checked by
 * the testkit's {@code DataStoreContract}:
 *
 * <ol>
 *   <li>{@link #fetch} returns the record last put under the key, with every field and value as it
 *       was put.
 *   <li>A record whose {@code expires_at} is at or before the current time does not exist: no
 *       method returns it, {@link #put} replaces it as if it were absent, {@link #remove} and
 *       {@link #removeAll} do not count it, and the backend reclaims it in time without the
 *       engine's help.
 *   <li>The current time is {@link DataStoreConfig#clock()}, where the backend lets the store
 *       choose its clock.
 *   <li>{@link #put} creates or replaces in one atomic step and returns the live record it
 *       replaced; when many callers put the same key at once, exactly one of them gets the record
 *       that was there before all of them.
 *   <li>{@link #remove} deletes one record by key; {@link #removeAll} deletes every record whose
 *       indexed field has a value, as of the record's latest put.
 *   <li>Each table is separate: the same key in two tables names two records.
 *   <li>Every method is safe to call from many threads, and from many processes sharing the
 *       backend.
 *   <li>A backend failure surfaces as {@link DataStoreUnavailableException}, with no password in
 *       its message.
 * </ol>
 */
public interface DataStore extends AutoCloseable {

  /**
   * Reads the live record under a key.
   *
   * @param table the table to read
   * @param key the value of the table's {@link Table#keyField() key field}
   * @return the record, or empty when there is none or it has expired
   */
  Optional<Record> fetch(Table table, String key);

  /**
   * Stores a record under its key, creating it or replacing the one there, in one atomic step. This
   * is what makes a code single-use: the engine puts the redeemed code's tombstone, and only the
   * caller that replaced the live code redeems it.
   *
   * @param table the table to write
   * @param record the record; its key is the value of the table's key field
   * @return the live record this put replaced, or empty when there was none or it had expired
   */
  Optional<Record> put(Table table, Record record);

  /**
   * Deletes the record under a key.
   *
   * @param table the table to change
   * @param key the value of the table's key field
   * @return whether a live record was deleted
   */
  boolean remove(Table table, String key);

  /**
   * Deletes every record whose indexed field has a value: revocation by family, user or client.
   *
   * @param table the table to change
   * @param field one of the table's {@link Table#indexedFields() indexed fields}
   * @param value the value to match exactly
   * @return how many live records were deleted
   */
  long removeAll(Table table, String field, String value);

  /** Releases every connection and thread; the engine calls nothing after this. */
  @Override
  default void close() {}
}

package dev.proauth2.spi;

import java.util.Optional;

/**
 * Where applications, codes and tokens live: records in {@link Table}s, found by their key. A
 * plugin implements this and a {@link DataStoreProvider} that opens it; the engine needs nothing
 * more.
 *
 * <p>The engine checks every record, key and field before it calls a store (the schema, lengths,
 * indexed fields, calls after close), so a store never validates and is never asked to refuse
 * anything. The rules a store keeps, each checked by one test of the testkit's {@code
 * DataStoreContract} under the same sentence:
 *
 * <ol>
 *   <li>fetch returns the record put under its key, every field and value as put
 *   <li>fetch of a key never put is empty
 *   <li>values come back exactly: any Unicode text, numbers at the bounds of a long
 *   <li>the same key in two tables names two records
 *   <li>put under a new key returns empty
 *   <li>put under a taken key replaces the record and returns the one it replaced
 *   <li>fetch never returns a record whose expires_at has passed
 *   <li>a record stops being returned once its expires_at passes
 *   <li>put over an expired record returns empty, as if the key were free
 *   <li>replace under a key never put writes nothing and returns empty
 *   <li>replace under a taken key replaces the record and returns the one it replaced
 *   <li>replace over an expired record writes nothing and returns empty
 *   <li>replace after remove writes nothing: a removed record stays removed
 *   <li>remove and removeAll do not count expired records
 *   <li>remove deletes the record under a key and says whether a live one was there
 *   <li>removeAll deletes every record with the value, counts them, and leaves the rest
 *   <li>removeAll finds a record by the values of its latest put, not an earlier one
 *   <li>removeAll reaches every one of many records with the value
 *   <li>when 64 threads put one key at once, exactly one gets the record that was there, and each
 *       of the others gets the record of another
 *   <li>when 64 threads put one new key at once, exactly one finds it free
 *   <li>when 64 threads replace one key at once, exactly one gets the record that was there, and
 *       each of the others gets the record of another
 *   <li>when 64 threads remove one key at once, exactly one is told it removed it
 *   <li>64 threads putting different keys at once lose none of them
 * </ol>
 *
 * <p>Besides these, which no test can see from outside: the current time is {@link
 * DataStoreConfig#clock()} where the backend lets the store choose its clock; the backend reclaims
 * expired records in time (a TTL, a sweeper), without the engine's help; the rules hold across
 * processes that share the backend; and a backend failure surfaces as {@link
 * DataStoreUnavailableException}, with no password in its message.
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
   * Stores a record under its key, creating it or replacing the one there, in one atomic step.
   *
   * @param table the table to write
   * @param record the record; its key is the value of the table's key field
   * @return the live record this put replaced, or empty when there was none or it had expired
   */
  Optional<Record> put(Table table, Record record);

  /**
   * Replaces the live record under the record's key, in one atomic step, and does nothing when
   * there is none. This is what makes a code single-use: the engine replaces the code with its
   * tombstone, and only the caller that got the live code back redeems it; and since a replace
   * never creates, a tombstone a revocation removed stays removed.
   *
   * @param table the table to write
   * @param record the record; its key is the value of the table's key field
   * @return the live record this replace replaced, or empty when there was none (nothing was
   *     written then)
   */
  Optional<Record> replace(Table table, Record record);

  /**
   * Deletes the record under a key.
   *
   * @param table the table to change
   * @param key the value of the table's key field
   * @return whether a live record was deleted
   */
  boolean remove(Table table, String key);

  /**
   * Deletes every record whose indexed field has a value: revocation by family, user or client. An
   * indexed field that is optional may be absent (a client's own token has no {@code user_id}): a
   * record without it matches no value, and the store must accept it in {@link #put}.
   *
   * @param table the table to change
   * @param field one of the table's {@link Table#indexedFields() indexed fields}
   * @param value the value to match exactly
   * @return how many live records were deleted
   */
  long removeAll(Table table, String field, String value);

  /**
   * Whether the store keeps its records in this process only, so that nothing it holds is seen by
   * another process or outlives this one. The engine keeps its private signing keys unsealed only
   * in such a store; any other needs the host's key-encryption key. The default is {@code false}:
   * answer {@code true} only for a store that never writes a record outside the JVM.
   */
  default boolean inProcess() {
    return false;
  }

  /** Releases every connection and thread; the engine calls nothing after this. */
  @Override
  default void close() {}
}

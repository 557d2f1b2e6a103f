package dev.proauth2.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where applications, codes and tokens live. A plugin implements this and a {@link
 * DataStoreProvider} that opens it; the engine needs nothing more.
 *
 * <p>Contract, checked by the testkit's {@code DataStoreContract}:
 *
 * <ul>
 *   <li>Every method is safe to call from many threads at once.
 *   <li>A record past its {@code expires_at} is never returned, and the backend reclaims it without
 *       the caller's help.
 *   <li>A backend failure surfaces as {@link DataStoreUnavailableException}, with nothing half
 *       written that the engine can see.
 *   <li>After {@link #close()}, every call throws {@link IllegalStateException}.
 * </ul>
 */
public interface DataStore extends AutoCloseable {

  /**
   * Fetches the one record that matches.
   *
   * @param table the table to read
   * @param query equalities naming the key field or an indexed field
   * @return the record, or empty when none matches or it has expired
   */
  Optional<Record> fetch(Table table, Query query);

  /**
   * Fetches the record each query matches, as {@link #fetch} would, but in one round trip where the
   * backend can: the engine reads several revocation markers after every issuance.
   *
   * <p>The default calls {@link #fetch} for each query in turn. A remote backend should override it
   * with a pipeline or a single multi-key read.
   *
   * @param table the table to read
   * @param queries the queries, each as {@link #fetch} takes it
   * @return one entry per query, in the same order: the record, or empty
   */
  default List<Optional<Record>> fetchAll(Table table, List<Query> queries) {
    List<Optional<Record>> found = new ArrayList<>(queries.size());
    for (Query query : queries) {
      found.add(fetch(table, query));
    }
    return found;
  }

  /**
   * Stores a new record after checking it with {@link Table#validate(Record)}.
   *
   * @param table the table to write
   * @param record the record
   * @throws DuplicateKeyException when a record with the same key exists; nothing is changed
   * @throws Proauth2Exception {@code invalid_request} when the record does not fit the schema;
   *     nothing is stored
   */
  void store(Table table, Record record);

  /**
   * Removes every matching record.
   *
   * @param table the table to change
   * @param query equalities naming the key field or an indexed field
   * @return how many records were removed
   */
  long remove(Table table, Query query);

  /**
   * Fetches and removes one record atomically: when many threads or processes take the same key at
   * once, exactly one of them gets it. This is what makes a code single-use.
   *
   * <p>The default fetches, then removes by key, and succeeds only if that removal removed the
   * record. A backend with an atomic operation ({@code findOneAndDelete}, {@code GETDEL}) should
   * override it.
   *
   * @param table the table to change
   * @param query equalities naming the key field or an indexed field
   * @return the record this caller took, or empty
   */
  default Optional<Record> take(Table table, Query query) {
    Optional<Record> found = fetch(table, query);
    if (found.isEmpty()) {
      return found;
    }
    Object key = found.get().fields().get(table.keyField());
    return remove(table, Query.where(table.keyField(), key)) == 1 ? found : Optional.empty();
  }

  /** Releases every connection and thread. Calls after this throw {@link IllegalStateException}. */
  @Override
  default void close() {}
}

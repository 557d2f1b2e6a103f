package dev.proauth2.datastore.memory;

import dev.proauth2.spi.DuplicateKeyException;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One table in memory: records by key, plus an index per indexed field.
 *
 * <p>A fetch by key, the token-check path, reads the concurrent map without a lock. Every change,
 * and every read through an index, holds this table's monitor, so a record and its index entries
 * always change together.
 *
 * <p>An index maps a value to the one key that has it, or to a {@code Set} of keys once a second
 * one does: most values (a token's family, a code's user) have one record, and a set for each would
 * cost more than the record itself.
 */
final class MemoryTable {

  private final Table table;
  private final String keyField;
  private final ConcurrentHashMap<Object, Record> byKey = new ConcurrentHashMap<>();
  private final Map<String, Map<Object, Object>> indexes = new HashMap<>();

  MemoryTable(Table table) {
    this.table = table;
    this.keyField = table.keyField();
    for (String field : table.indexedFields()) {
      indexes.put(field, new HashMap<>());
    }
  }

  Optional<Record> fetch(Query query, long now) {
    Optional<String> lookup = table.keyLookup(query);
    if (lookup.isPresent()) {
      // The token check: lock-free, and no checkQuery, which a key lookup always passes.
      Record record = byKey.get(lookup.get());
      return record != null && !record.isExpired(now) ? Optional.of(record) : Optional.empty();
    }
    table.checkQuery(query);
    Optional<Object> key = query.value(keyField);
    if (key.isPresent()) {
      Record record = byKey.get(key.get());
      return live(record, query, now) ? Optional.of(record) : Optional.empty();
    }
    synchronized (this) {
      List<Record> matches = matching(query, now);
      return matches.isEmpty() ? Optional.empty() : Optional.of(matches.get(0));
    }
  }

  synchronized void store(Record record, long now) {
    table.validate(record);
    Object key = record.fields().get(keyField);
    Record existing = byKey.putIfAbsent(key, record);
    if (existing != null) {
      if (!existing.isExpired(now)) {
        throw new DuplicateKeyException(
            "table '" + table.tableName() + "' already has a record with this " + keyField);
      }
      delete(existing);
      byKey.put(key, record);
    }
    for (Map.Entry<String, Map<Object, Object>> index : indexes.entrySet()) {
      Object value = record.fields().get(index.getKey());
      if (value != null) {
        index.getValue().merge(value, key, MemoryTable::addKey);
      }
    }
  }

  synchronized long remove(Query query, long now) {
    table.checkQuery(query);
    List<Record> matches = matching(query, now);
    matches.forEach(this::delete);
    return matches.size();
  }

  synchronized Optional<Record> take(Query query, long now) {
    table.checkQuery(query);
    List<Record> matches = matching(query, now);
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    delete(matches.get(0));
    return Optional.of(matches.get(0));
  }

  synchronized void removeExpired(long now) {
    if (!table.expires()) {
      return;
    }
    List<Record> expired = new ArrayList<>();
    for (Record record : byKey.values()) {
      if (record.isExpired(now)) {
        expired.add(record);
      }
    }
    expired.forEach(this::delete);
  }

  int size() {
    return byKey.size();
  }

  /**
   * Every record, sorted by key, and every index entry, sorted by value, as text: two dumps are
   * equal exactly when the table holds the same data. For tests that a refused call changed
   * nothing.
   */
  synchronized String dump() {
    StringBuilder out = new StringBuilder(table.tableName()).append('\n');
    new TreeMap<>(byKey).values().forEach(record -> out.append("  ").append(record).append('\n'));
    new TreeMap<>(indexes)
        .forEach(
            (field, index) ->
                new TreeMap<>(index)
                    .forEach(
                        (value, entry) ->
                            out.append("  index ")
                                .append(field)
                                .append('=')
                                .append(value)
                                .append(" -> ")
                                .append(new TreeSet<>(keys(entry)))
                                .append('\n')));
    return out.toString();
  }

  /** Live records matching the query, found by key or through the first indexed field named. */
  private List<Record> matching(Query query, long now) {
    List<Record> matches = new ArrayList<>();
    Optional<Object> key = query.value(keyField);
    if (key.isPresent()) {
      Record record = byKey.get(key.get());
      if (live(record, query, now)) {
        matches.add(record);
      }
      return matches;
    }
    for (Map.Entry<String, Object> condition : query.fields().entrySet()) {
      Map<Object, Object> index = indexes.get(condition.getKey());
      if (index != null) {
        for (Object candidate : keys(index.get(condition.getValue()))) {
          Record record = byKey.get(candidate);
          if (live(record, query, now)) {
            matches.add(record);
          }
        }
        return matches;
      }
    }
    return matches;
  }

  private static boolean live(Record record, Query query, long now) {
    return record != null && !record.isExpired(now) && query.matches(record);
  }

  private void delete(Record record) {
    Object key = record.fields().get(keyField);
    byKey.remove(key);
    for (Map.Entry<String, Map<Object, Object>> index : indexes.entrySet()) {
      Object value = record.fields().get(index.getKey());
      if (value != null) {
        index.getValue().computeIfPresent(value, (v, keys) -> removeKey(keys, key));
      }
    }
  }

  /** An index entry with one more key: the key alone while it is the only one, then a set. */
  private static Object addKey(Object keys, Object key) {
    if (keys instanceof Set) {
      @SuppressWarnings("unchecked")
      Set<Object> set = (Set<Object>) keys;
      set.add(key);
      return set;
    }
    if (keys.equals(key)) {
      return keys;
    }
    Set<Object> set = new HashSet<>(4);
    set.add(keys);
    set.add(key);
    return set;
  }

  /** An index entry without a key, or {@code null} (the entry goes) when none is left. */
  private static Object removeKey(Object keys, Object key) {
    if (keys instanceof Set) {
      Set<?> set = (Set<?>) keys;
      set.remove(key);
      return set.isEmpty() ? null : set;
    }
    return keys.equals(key) ? null : keys;
  }

  /** The keys of an index entry. */
  private static Collection<?> keys(Object entry) {
    if (entry == null) {
      return List.of();
    }
    return entry instanceof Set ? (Set<?>) entry : List.of(entry);
  }
}

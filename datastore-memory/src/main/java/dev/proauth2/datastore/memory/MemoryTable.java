package dev.proauth2.datastore.memory;

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
 * One table in memory: records by key, plus an index on {@code family}.
 *
 * <p>A fetch by key, the token-check path, reads the concurrent map without a lock. Every change
 * holds this table's monitor, so a record and its index entries always change together.
 *
 * <p>Only {@code family} is indexed: a family has a handful of tokens and is revoked on every code
 * replay or refresh reuse. Revoking by user or client (sign-out everywhere, deleting a client) is
 * rare, and scans the table instead: an index on them would cost every issuance two more set
 * inserts, into sets as large as a client's every token.
 *
 * <p>The index maps a family to the one key that has it, or to a {@code Set} of keys once a second
 * one does: a set for each family would cost more than the record itself.
 */
final class MemoryTable {

  private final Table table;
  private final String keyField;
  private final ConcurrentHashMap<String, Record> byKey = new ConcurrentHashMap<>();
  private final Map<String, Map<Object, Object>> indexes = new HashMap<>();

  MemoryTable(Table table) {
    this.table = table;
    this.keyField = table.keyField();
    if (table.indexedFields().contains(Table.FAMILY)) {
      indexes.put(Table.FAMILY, new HashMap<>());
    }
  }

  /** The token check: lock-free. */
  Optional<Record> fetch(String key, long now) {
    Record record = byKey.get(key);
    return record != null && !record.isExpired(now) ? Optional.of(record) : Optional.empty();
  }

  synchronized Optional<Record> put(String key, Record record, long now) {
    Record replaced = byKey.put(key, record);
    for (Map.Entry<String, Map<Object, Object>> index : indexes.entrySet()) {
      String field = index.getKey();
      Optional<String> value = record.string(field);
      if (replaced != null && value.equals(replaced.string(field))) {
        continue; // a tombstone keeps its family: its index entry stays as it is
      }
      if (replaced != null) {
        replaced.string(field).ifPresent(old -> unindexValue(index.getValue(), old, key));
      }
      if (value.isPresent()) {
        index.getValue().merge(value.get(), key, MemoryTable::addKey);
      }
    }
    return replaced == null || replaced.isExpired(now) ? Optional.empty() : Optional.of(replaced);
  }

  synchronized Optional<Record> replace(String key, Record record, long now) {
    Record current = byKey.get(key);
    if (current == null || current.isExpired(now)) {
      return Optional.empty();
    }
    return put(key, record, now);
  }

  synchronized boolean remove(String key, long now) {
    Record removed = byKey.remove(key);
    if (removed == null) {
      return false;
    }
    unindex(key, removed);
    return !removed.isExpired(now);
  }

  synchronized long removeAll(String field, String value, long now) {
    Map<Object, Object> index = indexes.get(field);
    List<String> keys = new ArrayList<>();
    if (index != null) {
      keys(index.get(value)).forEach(key -> keys.add((String) key));
    } else {
      byKey.forEach(
          (key, record) -> {
            if (value.equals(record.string(field).orElse(null))) {
              keys.add(key);
            }
          });
    }
    long removed = 0;
    for (String key : keys) {
      if (remove(key, now)) {
        removed++;
      }
    }
    return removed;
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

  private void delete(Record record) {
    Object key = record.fields().get(keyField);
    byKey.remove(key);
    unindex(key, record);
  }

  private static void unindexValue(Map<Object, Object> index, String value, Object key) {
    index.computeIfPresent(value, (v, keys) -> removeKey(keys, key));
  }

  private void unindex(Object key, Record record) {
    for (Map.Entry<String, Map<Object, Object>> index : indexes.entrySet()) {
      record.string(index.getKey()).ifPresent(value -> unindexValue(index.getValue(), value, key));
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

package dev.proauth2.authmethod.jwt;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A real store that also counts what was written to each table, to show what a request left. */
final class CountingStore implements DataStore {

  private final DataStore store;
  private final Map<Table, AtomicInteger> writes = new ConcurrentHashMap<>();

  CountingStore(DataStore store) {
    this.store = store;
  }

  /** How many records were put into or replaced in the table so far. */
  int writes(Table table) {
    return writes.computeIfAbsent(table, t -> new AtomicInteger()).get();
  }

  private void wrote(Table table) {
    writes.computeIfAbsent(table, t -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public Optional<Record> fetch(Table table, String key) {
    return store.fetch(table, key);
  }

  @Override
  public Optional<Record> put(Table table, Record record) {
    wrote(table);
    return store.put(table, record);
  }

  @Override
  public Optional<Record> replace(Table table, Record record) {
    Optional<Record> replaced = store.replace(table, record);
    replaced.ifPresent(previous -> wrote(table));
    return replaced;
  }

  @Override
  public boolean remove(Table table, String key) {
    return store.remove(table, key);
  }

  @Override
  public long removeAll(Table table, String field, String value) {
    return store.removeAll(table, field, value);
  }

  @Override
  public void close() {
    store.close();
  }
}

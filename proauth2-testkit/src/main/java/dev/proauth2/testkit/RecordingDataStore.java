package dev.proauth2.testkit;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes every call to a real store and remembers what was written, so a contract can check every
 * record that reached the backend and whether a failed call changed anything.
 */
final class RecordingDataStore implements DataStore {

  private final DataStore store;
  private final List<Record> written = new CopyOnWriteArrayList<>();
  private final AtomicLong changes = new AtomicLong();

  RecordingDataStore(DataStore store) {
    this.store = store;
  }

  /** Every record ever stored, in order. */
  List<Record> written() {
    return written;
  }

  /** How many records were stored, removed or taken so far. */
  long changes() {
    return changes.get();
  }

  @Override
  public Optional<Record> fetch(Table table, Query query) {
    return store.fetch(table, query);
  }

  @Override
  public List<Optional<Record>> fetchAll(Table table, List<Query> queries) {
    return store.fetchAll(table, queries);
  }

  @Override
  public void store(Table table, Record record) {
    store.store(table, record);
    written.add(record);
    changes.incrementAndGet();
  }

  @Override
  public long remove(Table table, Query query) {
    long removed = store.remove(table, query);
    changes.addAndGet(removed);
    return removed;
  }

  @Override
  public Optional<Record> take(Table table, Query query) {
    Optional<Record> taken = store.take(table, query);
    taken.ifPresent(record -> changes.incrementAndGet());
    return taken;
  }

  @Override
  public void close() {
    store.close();
  }
}

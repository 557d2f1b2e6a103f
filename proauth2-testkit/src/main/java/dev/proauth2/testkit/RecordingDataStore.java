package dev.proauth2.testkit;

import dev.proauth2.spi.DataStore;
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

  /** Every record ever put or replaced, in order. */
  List<Record> written() {
    return written;
  }

  /** How many records were put or removed so far. */
  long changes() {
    return changes.get();
  }

  @Override
  public Optional<Record> fetch(Table table, String key) {
    return store.fetch(table, key);
  }

  @Override
  public Optional<Record> put(Table table, Record record) {
    Optional<Record> replaced = store.put(table, record);
    written.add(record);
    changes.incrementAndGet();
    return replaced;
  }

  @Override
  public Optional<Record> replace(Table table, Record record) {
    Optional<Record> replaced = store.replace(table, record);
    if (replaced.isPresent()) {
      written.add(record);
      changes.incrementAndGet();
    }
    return replaced;
  }

  @Override
  public boolean remove(Table table, String key) {
    boolean removed = store.remove(table, key);
    if (removed) {
      changes.incrementAndGet();
    }
    return removed;
  }

  @Override
  public long removeAll(Table table, String field, String value) {
    long removed = store.removeAll(table, field, value);
    changes.addAndGet(removed);
    return removed;
  }

  @Override
  public boolean inProcess() {
    return store.inProcess();
  }

  @Override
  public void close() {
    store.close();
  }
}

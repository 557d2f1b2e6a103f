package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The one layer between the engine and any plugin store: it checks every record, key and indexed
 * field against the schema, refuses calls after close, and, when the store may judge expiry by
 * another clock than the engine's, drops what the engine's clock says has expired. So a plugin
 * stores, and never validates.
 */
final class CheckedDataStore implements DataStore {

  private final DataStore store;
  private final Clock clock;
  private final boolean rechecksExpiry;
  private volatile boolean closed;

  /**
   * Wraps a store.
   *
   * @param clock the engine's clock
   * @param rechecksExpiry whether the store may be on another clock than {@code clock}, so that
   *     records it returns must be checked for expiry again
   */
  CheckedDataStore(DataStore store, Clock clock, boolean rechecksExpiry) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = clock;
    this.rechecksExpiry = rechecksExpiry;
  }

  @Override
  public Optional<Record> fetch(Table table, String key) {
    open(table);
    RecordCheck.key(table, key);
    return live(store.fetch(table, key));
  }

  @Override
  public Optional<Record> put(Table table, Record record) {
    open(table);
    RecordCheck.record(table, record);
    return live(store.put(table, record));
  }

  @Override
  public Optional<Record> replace(Table table, Record record) {
    open(table);
    RecordCheck.record(table, record);
    return live(store.replace(table, record));
  }

  @Override
  public boolean remove(Table table, String key) {
    open(table);
    RecordCheck.key(table, key);
    return store.remove(table, key);
  }

  @Override
  public long removeAll(Table table, String field, String value) {
    open(table);
    RecordCheck.indexed(table, field, value);
    return store.removeAll(table, field, value);
  }

  @Override
  public boolean inProcess() {
    return store.inProcess();
  }

  /** Closes the store; later calls throw {@link IllegalStateException}. */
  @Override
  public void close() {
    closed = true;
    store.close();
  }

  /** Refuses later calls but leaves the store open: its owner closes it. */
  void detach() {
    closed = true;
  }

  @Override
  public String toString() {
    return store.toString();
  }

  private void open(Table table) {
    Objects.requireNonNull(table, "table");
    if (closed) {
      throw new IllegalStateException("the DataStore is closed");
    }
  }

  private Optional<Record> live(Optional<Record> found) {
    if (!rechecksExpiry || found.isEmpty()) {
      return found;
    }
    return found.get().isExpired(clock.millis()) ? Optional.empty() : found;
  }
}

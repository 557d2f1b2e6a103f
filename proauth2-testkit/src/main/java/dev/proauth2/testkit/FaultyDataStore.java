package dev.proauth2.testkit;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes every call to a real store, except one armed call that fails as a backend outage would. No
 * real backend can fail at one exact step of a flow on demand; this is the one stand-in the
 * contracts use.
 */
final class FaultyDataStore implements DataStore {

  /** The store operations a fault can be armed on. */
  enum Operation {
    FETCH,
    PUT,
    REPLACE,
    REMOVE,
    REMOVE_ALL
  }

  private final DataStore store;
  private volatile Operation operation;
  private volatile Table table;
  private final AtomicInteger skip = new AtomicInteger(-1);

  FaultyDataStore(DataStore store) {
    this.store = store;
  }

  /** Makes the call after {@code skipped} matching calls fail, once. */
  void failOn(Operation operation, Table table, int skipped) {
    this.operation = operation;
    this.table = table;
    this.skip.set(skipped);
  }

  /** Whether the armed fault has fired. */
  boolean fired() {
    return skip.get() < 0 && operation == null;
  }

  private void maybeFail(Operation called, Table on) {
    if (called == operation && on == table && skip.getAndDecrement() == 0) {
      operation = null;
      throw new DataStoreUnavailableException(
          "injected outage on " + called + " " + on.tableName(), new RuntimeException("injected"));
    }
  }

  @Override
  public Optional<Record> fetch(Table on, String key) {
    maybeFail(Operation.FETCH, on);
    return store.fetch(on, key);
  }

  @Override
  public Optional<Record> put(Table on, Record record) {
    maybeFail(Operation.PUT, on);
    return store.put(on, record);
  }

  @Override
  public Optional<Record> replace(Table on, Record record) {
    maybeFail(Operation.REPLACE, on);
    return store.replace(on, record);
  }

  @Override
  public boolean remove(Table on, String key) {
    maybeFail(Operation.REMOVE, on);
    return store.remove(on, key);
  }

  @Override
  public long removeAll(Table on, String field, String value) {
    maybeFail(Operation.REMOVE_ALL, on);
    return store.removeAll(on, field, value);
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

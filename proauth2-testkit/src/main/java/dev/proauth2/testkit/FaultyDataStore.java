package dev.proauth2.testkit;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Query;
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
    STORE,
    REMOVE,
    TAKE
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
  public Optional<Record> fetch(Table on, Query query) {
    maybeFail(Operation.FETCH, on);
    return store.fetch(on, query);
  }

  @Override
  public void store(Table on, Record record) {
    maybeFail(Operation.STORE, on);
    store.store(on, record);
  }

  @Override
  public long remove(Table on, Query query) {
    maybeFail(Operation.REMOVE, on);
    return store.remove(on, query);
  }

  @Override
  public Optional<Record> take(Table on, Query query) {
    maybeFail(Operation.TAKE, on);
    return store.take(on, query);
  }

  @Override
  public void close() {
    store.close();
  }
}

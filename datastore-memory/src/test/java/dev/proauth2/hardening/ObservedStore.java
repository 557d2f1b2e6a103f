package dev.proauth2.hardening;

import dev.proauth2.datastore.memory.MemoryDumps;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Passes every call to a real memory store, remembers what was written and how many records
 * changed, and can fail one chosen call the way a backend outage or a broken plugin would, or let
 * another request in just before it.
 */
final class ObservedStore implements DataStore {

  /** The store operations a failure can be armed on. */
  enum Operation {
    FETCH,
    PUT,
    REPLACE,
    REMOVE,
    REMOVE_ALL
  }

  /** One record as it was stored. */
  record Write(Table table, Record record) {}

  private final DataStore store;
  private final List<Write> written = new CopyOnWriteArrayList<>();
  private final AtomicLong changes = new AtomicLong();
  private volatile Operation armedOn;
  private volatile Table armedTable;
  private volatile Runnable armed;

  ObservedStore(DataStore store) {
    this.store = store;
  }

  /** Every record stored so far, in order. */
  List<Write> written() {
    return written;
  }

  /** How many records were stored in a table so far. */
  long storedIn(Table table) {
    return written.stream().filter(write -> write.table() == table).count();
  }

  /** How many records were stored, removed or taken so far. */
  long changes() {
    return changes.get();
  }

  /**
   * Every record and index entry of the memory store underneath, as text: equal dumps mean equal
   * contents, so a refused call can be shown to have changed nothing at all.
   */
  String dump() {
    return MemoryDumps.dump(store);
  }

  /** Makes the next matching call throw what {@code failure} makes, once. */
  void failOnce(Operation operation, Table table, Supplier<RuntimeException> failure) {
    beforeOnce(
        operation,
        table,
        () -> {
          throw failure.get();
        });
  }

  /**
   * Runs {@code action} just before the next matching call reaches the store, once: another request
   * arriving at the worst moment, deterministically.
   */
  void beforeOnce(Operation operation, Table table, Runnable action) {
    this.armed = action;
    this.armedTable = table;
    this.armedOn = operation;
  }

  private void maybeFail(Operation operation, Table table) {
    Runnable action = null;
    synchronized (this) {
      if (operation == armedOn && table == armedTable) {
        armedOn = null;
        action = armed;
      }
    }
    if (action != null) {
      action.run();
    }
  }

  @Override
  public Optional<Record> fetch(Table table, String key) {
    maybeFail(Operation.FETCH, table);
    return store.fetch(table, key);
  }

  @Override
  public Optional<Record> put(Table table, Record record) {
    maybeFail(Operation.PUT, table);
    Optional<Record> replaced = store.put(table, record);
    written.add(new Write(table, record));
    changes.incrementAndGet();
    return replaced;
  }

  @Override
  public Optional<Record> replace(Table table, Record record) {
    maybeFail(Operation.REPLACE, table);
    Optional<Record> replaced = store.replace(table, record);
    if (replaced.isPresent()) {
      written.add(new Write(table, record));
      changes.incrementAndGet();
    }
    return replaced;
  }

  @Override
  public boolean remove(Table table, String key) {
    maybeFail(Operation.REMOVE, table);
    boolean removed = store.remove(table, key);
    if (removed) {
      changes.incrementAndGet();
    }
    return removed;
  }

  /**
   * Makes the next {@code removeAll} on {@code table} behave like a scan that is not one atomic
   * step (a SQL {@code DELETE} under read committed, a MongoDB {@code deleteMany}): it picks the
   * records that match when it starts, runs {@code during}, then removes what it picked, missing
   * anything {@code during} stored.
   */
  void staleRemoveAllOnce(Table table, Runnable during) {
    staleTable = table;
    staleDuring = during;
  }

  private volatile Table staleTable;
  private volatile Runnable staleDuring;

  @Override
  public long removeAll(Table table, String field, String value) {
    maybeFail(Operation.REMOVE_ALL, table);
    Runnable during = null;
    synchronized (this) {
      if (table == staleTable) {
        staleTable = null;
        during = staleDuring;
      }
    }
    if (during != null) {
      return staleRemoveAll(table, field, value, during);
    }
    long removed = store.removeAll(table, field, value);
    changes.addAndGet(removed);
    return removed;
  }

  private long staleRemoveAll(Table table, String field, String value, Runnable during) {
    Set<String> picked = new LinkedHashSet<>();
    for (Write write : written) {
      if (write.table() != table) {
        continue;
      }
      String key = write.record().string(table.keyField()).orElseThrow();
      if (store
          .fetch(table, key)
          .filter(live -> value.equals(live.string(field).orElse(null)))
          .isPresent()) {
        picked.add(key);
      }
    }
    during.run();
    long removed = 0;
    for (String key : picked) {
      if (store.remove(table, key)) {
        removed++;
      }
    }
    changes.addAndGet(removed);
    return removed;
  }

  @Override
  public void close() {
    store.close();
  }
}

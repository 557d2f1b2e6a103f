package dev.proauth2.datastore.memory;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The in-process store: one {@link MemoryTable} per table, and one daemon thread that reclaims
 * expired records.
 */
final class MemoryDataStore implements DataStore {

  private final Map<Table, MemoryTable> tables = new EnumMap<>(Table.class);
  private final LongSupplier clock;
  private final ScheduledExecutorService sweeper;
  private volatile boolean closed;

  MemoryDataStore(LongSupplier clock, Duration sweepInterval) {
    this.clock = clock;
    for (Table table : Table.values()) {
      tables.put(table, new MemoryTable(table));
    }
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "proauth2-memory-sweeper");
              thread.setDaemon(true);
              return thread;
            });
    long period = sweepInterval.toMillis();
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public Optional<Record> fetch(Table table, Query query) {
    return open(table).fetch(query, clock.getAsLong());
  }

  @Override
  public void store(Table table, Record record) {
    open(table).store(record, clock.getAsLong());
  }

  @Override
  public long remove(Table table, Query query) {
    return open(table).remove(query, clock.getAsLong());
  }

  @Override
  public Optional<Record> take(Table table, Query query) {
    return open(table).take(query, clock.getAsLong());
  }

  @Override
  public void close() {
    closed = true;
    sweeper.shutdownNow();
  }

  /** How many records a table holds, expired ones included; for tests of the sweeper. */
  int size(Table table) {
    return tables.get(table).size();
  }

  /** Every table's records and index entries as text; see {@link MemoryTable#dump()}. */
  String dump() {
    StringBuilder out = new StringBuilder();
    tables.values().forEach(table -> out.append(table.dump()));
    return out.toString();
  }

  private void sweep() {
    long now = clock.getAsLong();
    for (MemoryTable table : tables.values()) {
      table.removeExpired(now);
    }
  }

  private MemoryTable open(Table table) {
    if (closed) {
      throw new IllegalStateException("this memory DataStore is closed");
    }
    return tables.get(table);
  }
}

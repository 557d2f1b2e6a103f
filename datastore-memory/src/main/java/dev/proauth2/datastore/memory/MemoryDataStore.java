package dev.proauth2.datastore.memory;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The in-process store: one {@link MemoryTable} per table, and one daemon thread that reclaims
 * expired records. Expiry is judged by the engine's clock.
 */
final class MemoryDataStore implements DataStore {

  private final Map<Table, MemoryTable> tables = new EnumMap<>(Table.class);
  private final Clock clock;
  private final ScheduledExecutorService sweeper;

  MemoryDataStore(Clock clock, Duration sweepInterval) {
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
  public Optional<Record> fetch(Table table, String key) {
    return tables.get(table).fetch(key, clock.millis());
  }

  @Override
  public Optional<Record> put(Table table, Record record) {
    String key = record.string(table.keyField()).orElseThrow();
    return tables.get(table).put(key, record, clock.millis());
  }

  @Override
  public Optional<Record> replace(Table table, Record record) {
    String key = record.string(table.keyField()).orElseThrow();
    return tables.get(table).replace(key, record, clock.millis());
  }

  @Override
  public boolean remove(Table table, String key) {
    return tables.get(table).remove(key, clock.millis());
  }

  @Override
  public long removeAll(Table table, String field, String value) {
    return tables.get(table).removeAll(field, value, clock.millis());
  }

  /** Records live in this JVM's heap only. */
  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public void close() {
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
    long now = clock.millis();
    for (MemoryTable table : tables.values()) {
      table.removeExpired(now);
    }
  }
}

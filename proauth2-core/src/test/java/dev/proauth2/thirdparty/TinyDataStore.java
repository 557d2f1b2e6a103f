package dev.proauth2.thirdparty;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A whole DataStore in one class: a concurrent map per table, written from the plugin guide. */
public final class TinyDataStore implements DataStore {

  private final Map<Table, ConcurrentMap<String, Record>> tables = new ConcurrentHashMap<>();
  private final Clock clock;

  public TinyDataStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<Record> fetch(Table table, String key) {
    return live(rows(table).get(key));
  }

  @Override
  public Optional<Record> put(Table table, Record record) {
    String key = record.string(table.keyField()).orElseThrow();
    return live(rows(table).put(key, record));
  }

  @Override
  public boolean remove(Table table, String key) {
    return live(rows(table).remove(key)).isPresent();
  }

  @Override
  public long removeAll(Table table, String field, String value) {
    long removed = 0;
    for (Map.Entry<String, Record> row : rows(table).entrySet()) {
      Record record = row.getValue();
      boolean matches = value.equals(record.string(field).orElse(null));
      if (matches && rows(table).remove(row.getKey(), record) && live(record).isPresent()) {
        removed++;
      }
    }
    return removed;
  }

  private ConcurrentMap<String, Record> rows(Table table) {
    return tables.computeIfAbsent(table, t -> new ConcurrentHashMap<>());
  }

  private Optional<Record> live(Record record) {
    boolean expired = record != null && record.isExpired(clock.millis());
    return expired ? Optional.empty() : Optional.ofNullable(record);
  }
}

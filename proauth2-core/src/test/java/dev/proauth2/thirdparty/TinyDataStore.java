package dev.proauth2.thirdparty;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A whole DataStore in one class, on one concurrent map, written from the plugin guide. */
public final class TinyDataStore implements DataStore {

  private final ConcurrentMap<String, Record> rows = new ConcurrentHashMap<>();
  private final Clock clock;

  public TinyDataStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<Record> fetch(Table table, String key) {
    return live(rows.get(table + ":" + key));
  }

  @Override
  public Optional<Record> put(Table table, Record record) {
    return live(rows.put(table + ":" + record.string(table.keyField()).orElseThrow(), record));
  }

  @Override
  public Optional<Record> replace(Table table, Record record) {
    Record[] old = new Record[1];
    String key = table + ":" + record.string(table.keyField()).orElseThrow();
    rows.computeIfPresent(key, (k, v) -> live(old[0] = v).isPresent() ? record : v);
    return live(old[0]);
  }

  @Override
  public boolean remove(Table table, String key) {
    return live(rows.remove(table + ":" + key)).isPresent();
  }

  @Override
  public long removeAll(Table table, String field, String value) {
    return rows.entrySet().stream()
        .filter(row -> row.getKey().startsWith(table + ":"))
        .filter(row -> value.equals(row.getValue().string(field).orElse(null)))
        .filter(row -> rows.remove(row.getKey(), row.getValue()))
        .filter(row -> live(row.getValue()).isPresent())
        .count();
  }

  private Optional<Record> live(Record record) {
    return record == null || record.isExpired(clock.millis())
        ? Optional.empty()
        : Optional.of(record);
  }
}

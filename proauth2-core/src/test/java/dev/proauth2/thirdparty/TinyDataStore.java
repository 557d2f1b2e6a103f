package dev.proauth2.thirdparty;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DuplicateKeyException;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The smallest honest store: a list per table, scanned on every query, with the SPI's default
 * {@code take}. It shows how little a plugin needs.
 */
public final class TinyDataStore implements DataStore {

  private final List<Table> tables = new CopyOnWriteArrayList<>();
  private final List<Record> records = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  @Override
  public synchronized Optional<Record> fetch(Table table, Query query) {
    check(table).checkQuery(query);
    for (int i = 0; i < records.size(); i++) {
      Record record = records.get(i);
      if (tables.get(i) == table
          && query.matches(record)
          && !record.isExpired(System.currentTimeMillis())) {
        return Optional.of(record);
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized void store(Table table, Record record) {
    check(table).validate(record);
    Query key = Query.where(table.keyField(), record.fields().get(table.keyField()));
    if (fetch(table, key).isPresent()) {
      throw new DuplicateKeyException("key exists in " + table.tableName());
    }
    remove(table, key);
    tables.add(table);
    records.add(record);
  }

  @Override
  public synchronized long remove(Table table, Query query) {
    check(table).checkQuery(query);
    long removed = 0;
    for (int i = records.size() - 1; i >= 0; i--) {
      if (tables.get(i) == table && query.matches(records.get(i))) {
        tables.remove(i);
        records.remove(i);
        removed++;
      }
    }
    return removed;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** How many records the store holds. */
  public int size() {
    return records.size();
  }

  private Table check(Table table) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    return table;
  }
}

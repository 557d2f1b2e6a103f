package dev.proauth2.jose;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.Optional;

/**
 * The memory store as if its records left the process, as a durable store's do: what a test of the
 * key-encryption rules needs without a server.
 */
final class OutOfProcessStore implements DataStore {

  private final DataStore store;

  /** While set, reading the signing keys fails as a store outage does. */
  volatile boolean signingKeysDown;

  OutOfProcessStore(DataStore store) {
    this.store = store;
  }

  @Override
  public Optional<Record> fetch(Table table, String key) {
    if (signingKeysDown && table == Table.SIGNING_KEYS) {
      throw new DataStoreUnavailableException("the test store is down", null);
    }
    return store.fetch(table, key);
  }

  @Override
  public Optional<Record> put(Table table, Record record) {
    return store.put(table, record);
  }

  @Override
  public Optional<Record> replace(Table table, Record record) {
    return store.replace(table, record);
  }

  @Override
  public boolean remove(Table table, String key) {
    return store.remove(table, key);
  }

  @Override
  public long removeAll(Table table, String field, String value) {
    return store.removeAll(table, field, value);
  }

  @Override
  public boolean inProcess() {
    return false;
  }

  @Override
  public void close() {
    store.close();
  }
}

package dev.proauth2.datastore.memory;

import dev.proauth2.spi.DataStore;

/**
 * Test access to a memory store's full contents, for checks that a refused call changed nothing.
 */
public final class MemoryDumps {

  private MemoryDumps() {}

  /**
   * Every record and index entry of a memory store, as text; equal dumps mean equal contents.
   *
   * @param store a store opened with {@code memory:}
   * @return the dump
   * @throws IllegalArgumentException when the store is not the memory store
   */
  public static String dump(DataStore store) {
    if (!(store instanceof MemoryDataStore)) {
      throw new IllegalArgumentException("not a memory store: " + store.getClass().getName());
    }
    return ((MemoryDataStore) store).dump();
  }
}

package dev.proauth2.datastore.memory;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.testkit.DataStoreContract;

class MemoryDataStoreContractTest extends DataStoreContract {

  @Override
  protected DataStore newStore() {
    return new MemoryDataStoreProvider().open(DataStoreConfig.parse("memory:"));
  }
}

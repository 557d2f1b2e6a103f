package dev.proauth2.datastore.memory;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.testkit.Proauth2Contract;

class MemoryProauth2ContractTest extends Proauth2Contract {

  @Override
  protected DataStore newStore() {
    return new MemoryDataStoreProvider().open(DataStoreConfig.parse("memory:"));
  }
}

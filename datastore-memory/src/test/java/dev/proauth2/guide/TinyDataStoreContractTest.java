package dev.proauth2.guide;

import dev.proauth2.DataStores;
import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.DataStoreContract;

/** The store rules, on the plugin guide's store found by its scheme, as its author tests it. */
class TinyDataStoreContractTest extends DataStoreContract {

  @Override
  protected DataStore newStore() {
    return DataStores.open("tiny:");
  }
}

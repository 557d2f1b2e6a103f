package dev.proauth2.guide;

import dev.proauth2.DataStores;
import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.Proauth2Contract;

/** The engine's flows, races and failures midway, on the plugin guide's store. */
class TinyProauth2ContractTest extends Proauth2Contract {

  @Override
  protected DataStore newStore() {
    return DataStores.open("tiny:");
  }
}

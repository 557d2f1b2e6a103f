package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.DataStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the DataStore contract on MariaDB")
class MariaDbDataStoreContractTest extends DataStoreContract {

  /** A generous timeout: CI runs the 64-thread races on two busy cores. */
  @Override
  protected DataStore newStore() {
    return TestMariaDb.get().newStore("timeout=10s");
  }
}

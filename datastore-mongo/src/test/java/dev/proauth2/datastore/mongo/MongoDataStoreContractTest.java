package dev.proauth2.datastore.mongo;

import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.DataStoreContract;

/** The testkit's DataStore contract, on the MongoDB that {@link TestMongoDB} found. */
class MongoDataStoreContractTest extends DataStoreContract {

  @Override
  protected DataStore newStore() {
    return TestMongoDB.get().newStore();
  }
}

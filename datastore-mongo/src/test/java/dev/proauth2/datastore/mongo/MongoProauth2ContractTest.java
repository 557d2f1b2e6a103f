package dev.proauth2.datastore.mongo;

import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.Proauth2Contract;

/** The testkit's whole OAuth flow, on the MongoDB that {@link TestMongoDB} found. */
class MongoProauth2ContractTest extends Proauth2Contract {

  @Override
  protected DataStore newStore() {
    return TestMongoDB.get().newStore();
  }
}

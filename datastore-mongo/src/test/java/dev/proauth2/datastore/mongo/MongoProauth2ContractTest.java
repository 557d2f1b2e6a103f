package dev.proauth2.datastore.mongo;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.testkit.Proauth2Contract;

/** The testkit's whole OAuth flow, on the MongoDB that {@link TestMongoDB} found. */
class MongoProauth2ContractTest extends Proauth2Contract {

  /**
   * A smaller pool and a longer connect timeout than the defaults: the in-process emulator answers
   * one command at a time, and 64 racing threads each opening a connection on two busy cores can
   * take longer than the default 2 s to connect, after which the driver clears the whole pool. A
   * real server needs neither; the store is the same.
   */
  private static final String RACE_OPTIONS = "maxPoolSize=8&connectTimeoutMS=15000";

  @Override
  protected DataStore newStore() {
    TestMongoDB mongo = TestMongoDB.get();
    String uri = mongo.uri(mongo.newDatabase());
    String config = uri + (uri.contains("?") ? "&" : "?") + RACE_OPTIONS;
    return new MongoDataStoreProvider().open(DataStoreConfig.parse(config));
  }
}

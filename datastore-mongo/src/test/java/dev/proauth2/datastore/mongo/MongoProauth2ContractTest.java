package dev.proauth2.datastore.mongo;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.testkit.Proauth2Contract;

/** The testkit's whole OAuth flow, on the MongoDB that {@link TestMongoDB} found. */
class MongoProauth2ContractTest extends Proauth2Contract {

  /**
   * One pooled connection, and a longer connect timeout, for the in-process emulator only: under
   * the races' 64 threads it sometimes closes a connection in the middle of a command (the driver
   * reports "Prematurely reached end of stream" and clears its pool), about once in 800 rounds with
   * 8 connections. On one connection it serves the same commands one after another, as it does
   * anyway, and never fails. A real server needs neither option; what this leaves unchecked is
   * written in the module README.
   */
  private static final String RACE_OPTIONS = "maxPoolSize=1&connectTimeoutMS=15000";

  @Override
  protected DataStore newStore() {
    TestMongoDB mongo = TestMongoDB.get();
    if (!mongo.isEmulator()) {
      return mongo.newStore();
    }
    String uri = mongo.uri(mongo.newDatabase());
    String config = uri + (uri.contains("?") ? "&" : "?") + RACE_OPTIONS;
    return new MongoDataStoreProvider().open(DataStoreConfig.parse(config));
  }
}

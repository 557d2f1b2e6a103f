/**
 * The MongoDB DataStore: schemes {@code mongodb} and {@code mongodb+srv}, and {@link
 * dev.proauth2.datastore.mongo.MongoDataStores} for a caller who holds a {@code MongoClient}.
 */
module dev.proauth2.datastore.mongo {
  requires transitive dev.proauth2.api;
  requires transitive org.mongodb.driver.sync.client;
  requires org.mongodb.driver.core;
  requires org.mongodb.bson;
  requires static com.google.auto.service;

  exports dev.proauth2.datastore.mongo;

  provides dev.proauth2.spi.DataStoreProvider with
      dev.proauth2.datastore.mongo.MongoDataStoreProvider;
}

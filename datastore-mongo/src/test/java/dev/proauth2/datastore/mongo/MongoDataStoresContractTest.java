package dev.proauth2.datastore.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.DataStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The testkit's DataStore contract on stores made by {@link MongoDataStores} on one client that the
 * test owns: every store is closed after its test, and the client must stay usable for the next.
 */
class MongoDataStoresContractTest extends DataStoreContract {

  private static MongoClient client;

  @BeforeAll
  static void connect() {
    TestMongoDB mongo = TestMongoDB.get();
    client = MongoClients.create(mongo.uri(mongo.newDatabase()));
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Override
  protected DataStore newStore() {
    return MongoDataStores.builder(client, TestMongoDB.get().newDatabase()).build();
  }
}

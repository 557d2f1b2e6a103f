package dev.proauth2.datastore.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A store made on a client the caller holds, and whose clock decides expiry. */
@DisplayName("MongoDataStores.of, on the caller's MongoClient")
class MongoDataStoresTest {

  private final TestMongoDB mongo = TestMongoDB.get();
  private MongoClient client;

  @BeforeEach
  void connect() {
    client = MongoClients.create(mongo.uri(mongo.newDatabase()));
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private static String key(Record token) {
    return token.string(Table.TOKEN_HASH).orElseThrow();
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  @Test
  @DisplayName("creates the same indexes as opening from a config string")
  void createsIndexes() {
    String database = mongo.newDatabase();
    MongoDataStores.of(client, database).close();
    String opened = mongo.newDatabase();
    new MongoDataStoreProvider().open(DataStoreConfig.parse(mongo.uri(opened))).close();
    for (Table table : Table.values()) {
      assertEquals(indexes(opened, table), indexes(database, table), table.tableName());
    }
    assertTrue(
        indexes(database, Table.TOKENS).contains("expires_at_1"),
        indexes(database, Table.TOKENS).toString());
  }

  private List<String> indexes(String database, Table table) {
    List<String> names = new ArrayList<>();
    for (Document index :
        mongo.rawClient().getDatabase(database).getCollection(table.tableName()).listIndexes()) {
      names.add(index.getString("name"));
    }
    names.sort(null);
    return names;
  }

  @Test
  @DisplayName("closing the store leaves the client open, for the caller and for other stores")
  void closingLeavesTheClientOpen() {
    String database = mongo.newDatabase();
    Record token = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
    try (DataStore store = MongoDataStores.of(client, database)) {
      store.put(Table.TOKENS, token);
    }
    assertTrue(client.listDatabaseNames().into(new ArrayList<>()).contains(database));
    try (DataStore again = MongoDataStores.of(client, database)) {
      assertEquals(Optional.of(token), again.fetch(Table.TOKENS, key(token)));
    }
  }

  @Test
  @DisplayName("a store opened from a config string closes the client it opened")
  void providerStoreClosesItsClient() {
    DataStore store =
        new MongoDataStoreProvider().open(DataStoreConfig.parse(mongo.uri(mongo.newDatabase())));
    store.close();
    assertThrows(IllegalStateException.class, () -> store.fetch(Table.TOKENS, "any"));
  }

  @Test
  @DisplayName("expiry is judged by the given clock, in fetch, put, remove and removeAll")
  void judgesExpiryByTheGivenClock() {
    String database = mongo.newDatabase();
    Instant now = Instant.now();
    Record token = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
    Record expired = Samples.expired(Samples.token(Table.TOKENS, Samples.newSecret(), "family"));
    try (DataStore wallClock = MongoDataStores.of(client, database)) {
      wallClock.put(Table.TOKENS, token);
      wallClock.put(Table.TOKENS, expired);
      assertEquals(Optional.empty(), wallClock.fetch(Table.TOKENS, key(expired)));
    }
    try (DataStore earlier = MongoDataStores.of(client, database, at(now.minusSeconds(60)))) {
      assertEquals(Optional.of(expired), earlier.fetch(Table.TOKENS, key(expired)));
      assertEquals(Optional.of(expired), earlier.put(Table.TOKENS, expired));
    }
    try (DataStore later = MongoDataStores.of(client, database, at(now.plus(Duration.ofDays(1))))) {
      assertEquals(Optional.empty(), later.fetch(Table.TOKENS, key(token)));
      assertEquals(Optional.empty(), later.put(Table.TOKENS, token));
      assertFalse(later.remove(Table.TOKENS, key(token)));
      assertEquals(0, later.removeAll(Table.TOKENS, Table.FAMILY, "family"));
    }
    try (DataStore earlier = MongoDataStores.of(client, database, at(now.minusSeconds(60)))) {
      assertEquals(Optional.empty(), earlier.fetch(Table.TOKENS, key(token)), "removed, uncounted");
      assertEquals(1, earlier.removeAll(Table.TOKENS, Table.FAMILY, "family"), "the other one");
    }
  }

  @Test
  @DisplayName("a client with unacknowledged writes (w=0) is refused")
  void unacknowledgedWritesRefused() {
    MongoClientSettings settings =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(mongo.uri(mongo.newDatabase())))
            .writeConcern(WriteConcern.UNACKNOWLEDGED)
            .build();
    try (MongoClient unacknowledged = MongoClients.create(settings)) {
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class, () -> MongoDataStores.of(unacknowledged, "proauth2"));
      assertTrue(refused.getMessage().contains("w=0"), refused.getMessage());
    }
  }

  @Test
  @DisplayName("null arguments and a database name MongoDB cannot have are refused")
  void badArgumentsRefused() {
    assertThrows(IllegalArgumentException.class, () -> MongoDataStores.of(client, "no/slash"));
    assertThrows(NullPointerException.class, () -> MongoDataStores.of(null, "proauth2"));
    assertThrows(NullPointerException.class, () -> MongoDataStores.of(client, null));
    assertThrows(NullPointerException.class, () -> MongoDataStores.of(client, "proauth2", null));
  }
}

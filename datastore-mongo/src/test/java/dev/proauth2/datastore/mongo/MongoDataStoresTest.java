package dev.proauth2.datastore.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A store made on a client the caller holds, and whose clock decides expiry. */
@DisplayName("MongoDataStores.builder, on the caller's MongoClient")
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

  private DataStore store(String database, Clock clock) {
    return MongoDataStores.builder(client, database).clock(clock).build();
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  @Test
  @DisplayName("creates the same indexes as opening from a config string")
  void createsIndexes() {
    String database = mongo.newDatabase();
    MongoDataStores.builder(client, database).build().close();
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
    try (DataStore store = MongoDataStores.builder(client, database).build()) {
      store.put(Table.TOKENS, token);
    }
    assertTrue(client.listDatabaseNames().into(new ArrayList<>()).contains(database));
    try (DataStore again = MongoDataStores.builder(client, database).build()) {
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
    try (DataStore wallClock = MongoDataStores.builder(client, database).build()) {
      wallClock.put(Table.TOKENS, token);
      wallClock.put(Table.TOKENS, expired);
      assertEquals(Optional.empty(), wallClock.fetch(Table.TOKENS, key(expired)));
    }
    try (DataStore earlier = store(database, at(now.minusSeconds(60)))) {
      assertEquals(Optional.of(expired), earlier.fetch(Table.TOKENS, key(expired)));
      assertEquals(Optional.of(expired), earlier.put(Table.TOKENS, expired));
    }
    try (DataStore later = store(database, at(now.plus(Duration.ofDays(1))))) {
      assertEquals(Optional.empty(), later.fetch(Table.TOKENS, key(token)));
      assertEquals(Optional.empty(), later.put(Table.TOKENS, token));
      assertFalse(later.remove(Table.TOKENS, key(token)));
      assertEquals(0, later.removeAll(Table.TOKENS, Table.FAMILY, "family"));
    }
    try (DataStore earlier = store(database, at(now.minusSeconds(60)))) {
      assertEquals(Optional.empty(), earlier.fetch(Table.TOKENS, key(token)), "removed, uncounted");
      assertEquals(1, earlier.removeAll(Table.TOKENS, Table.FAMILY, "family"), "the other one");
    }
  }

  @Test
  @DisplayName("a client with unacknowledged writes (w=0) is refused, naming w=0")
  void unacknowledgedWritesRefused() {
    MongoClientSettings settings =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(mongo.uri(mongo.newDatabase())))
            .writeConcern(WriteConcern.UNACKNOWLEDGED)
            .build();
    try (MongoClient unacknowledged = MongoClients.create(settings)) {
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> MongoDataStores.builder(unacknowledged, "proauth2").build());
      assertEquals(
          "the MongoClient's write concern must be acknowledged, such as w=1 or w=majority: the"
              + " store needs acknowledged writes to know what it replaced or removed; got w=0",
          refused.getMessage());
    }
  }

  @Test
  @DisplayName("null arguments are refused at once")
  void nullsRefused() {
    assertThrows(NullPointerException.class, () -> MongoDataStores.builder(null, "proauth2"));
    assertThrows(NullPointerException.class, () -> MongoDataStores.builder(client, null));
    assertThrows(
        NullPointerException.class, () -> MongoDataStores.builder(client, "proauth2").clock(null));
  }

  @Nested
  @DisplayName("the database name, checked once by build()")
  class DatabaseName {

    private static final String RANGE =
        "database must be 1 to 63 bytes (UTF-8) without slash, backslash, dot, double quote,"
            + " dollar sign, space or NUL; got ";

    /**
     * Builds a store on a database of that name, then drops the database; skipped where a database
     * of that name already exists (a shared server), which the test must not drop.
     */
    private void opens(String database) {
      assumeFalse(
          client.listDatabaseNames().into(new ArrayList<>()).contains(database),
          "the server already has a database " + database);
      try {
        MongoDataStores.builder(client, database).build().close();
        assertTrue(client.listDatabaseNames().into(new ArrayList<>()).contains(database));
      } finally {
        client.getDatabase(database).drop();
      }
    }

    private void refused(String database) {
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> MongoDataStores.builder(client, database).build());
      assertEquals(RANGE + "'" + database + "'", refused.getMessage());
    }

    @Test
    @DisplayName("63 bytes is accepted, 64 refused, counted in UTF-8 bytes, not characters")
    void length() {
      String base = mongo.newDatabase();
      opens(base + "x".repeat(63 - base.length()));
      refused(base + "x".repeat(64 - base.length()));
      String accented = "é".repeat(31); // 62 bytes in UTF-8
      opens(accented + "a");
      refused(accented + "é");
    }

    @Test
    @DisplayName("one character is accepted, none refused")
    void empty() {
      opens("p");
      refused("");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"no/slash", "back\\slash", "dot.ted", "quo\"te", "dol$ar", "spa ce", "n\u0000l"})
    @DisplayName("each character MongoDB refuses in a database name is refused")
    void forbiddenCharacters(String database) {
      refused(database);
    }
  }
}

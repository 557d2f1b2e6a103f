package dev.proauth2.datastore.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the store leaves in MongoDB, read through a second client that shares nothing with it. */
@DisplayName("stored documents and indexes, as a second MongoClient sees them")
class StoredDocumentsTest {

  private final TestMongoDB mongo = TestMongoDB.get();
  private DataStore store;
  private MongoDatabase raw;

  @BeforeEach
  void open() {
    String database = mongo.newDatabase();
    store = new MongoDataStoreProvider().open(DataStoreConfig.parse(mongo.uri(database)));
    raw = mongo.rawClient().getDatabase(database);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<BsonDocument> allDocuments() {
    List<BsonDocument> documents = new ArrayList<>();
    for (Table table : Table.values()) {
      raw.getCollection(table.tableName(), BsonDocument.class).find().into(documents);
    }
    return documents;
  }

  private Map<String, BsonDocument> indexesByName(Table table) {
    Map<String, BsonDocument> indexes = new HashMap<>();
    for (BsonDocument index :
        raw.getCollection(table.tableName()).listIndexes(BsonDocument.class)) {
      indexes.put(index.getString("name").getValue(), index);
    }
    return indexes;
  }

  @Test
  @DisplayName("no client secret, code or token appears in clear; each is kept as its SHA-256")
  void noSecretInClear() {
    String clientSecret = Samples.newSecret();
    String code = Samples.newSecret();
    String accessToken = Samples.newSecret();
    String refreshToken = Samples.newSecret();
    String family = SecretHashes.sha256(Samples.newSecret());
    store.put(Table.APPLICATIONS, Samples.application("client-1", clientSecret));
    store.put(Table.NONCE_CODES, Samples.code(code));
    store.put(Table.TOKENS, Samples.token(Table.TOKENS, accessToken, family));
    store.put(Table.REFRESH_TOKENS, Samples.token(Table.REFRESH_TOKENS, refreshToken, family));

    List<BsonDocument> documents = allDocuments();
    assertEquals(4, documents.size(), "one document per table");
    for (BsonDocument document : documents) {
      String json = document.toJson();
      for (String secret : List.of(clientSecret, code, accessToken, refreshToken)) {
        assertFalse(json.contains(secret), "a secret in clear in " + json);
      }
    }
    List<String> ids = new ArrayList<>();
    documents.forEach(document -> ids.add(document.getString("_id").getValue()));
    assertTrue(ids.contains(SecretHashes.sha256(code)));
    assertTrue(ids.contains(SecretHashes.sha256(accessToken)));
    assertTrue(ids.contains(SecretHashes.sha256(refreshToken)));
    BsonDocument application = raw.getCollection("applications", BsonDocument.class).find().first();
    assertEquals(
        SecretHashes.sha256(clientSecret), application.getString(Table.SECRET_HASH).getValue());
  }

  @Test
  @DisplayName(
      "a token is a plain document: _id is its hash, fields keep their names, expires_at is a"
          + " date")
  void plainDocument() {
    Record token = Samples.token(Table.TOKENS, Samples.newSecret(), "family-1");
    store.put(Table.TOKENS, token);

    BsonDocument expected =
        new BsonDocument("_id", new BsonString(token.string(Table.TOKEN_HASH).orElseThrow()))
            .append(Table.CLIENT_ID, new BsonString("client-1"))
            .append(Table.USER_ID, new BsonString("alice@example.com"))
            .append(Table.SCOPE, new BsonString("read write"))
            .append(Table.FAMILY, new BsonString("family-1"))
            .append(Table.ISSUED_AT, new BsonInt64(token.number(Table.ISSUED_AT).getAsLong()))
            .append(Table.EXPIRES_AT, new BsonDateTime(token.number(Table.EXPIRES_AT).getAsLong()));
    assertEquals(expected, raw.getCollection("tokens", BsonDocument.class).find().first());
  }

  @Test
  @DisplayName("put replaces the whole document: a field the new record lacks is gone")
  void putReplacesTheWholeDocument() {
    Record code = Samples.code(Samples.newSecret());
    Record tombstone = code.with(Table.REDEEMED_AT, 1L).with(Table.SCOPE, "other");
    store.put(Table.NONCE_CODES, tombstone);
    store.put(Table.NONCE_CODES, code);
    BsonDocument stored = raw.getCollection("nonce_codes", BsonDocument.class).find().first();
    assertEquals(MongoDocuments.toDocument(Table.NONCE_CODES, code), stored);
    assertFalse(stored.containsKey(Table.REDEEMED_AT));
  }

  @Test
  @DisplayName(
      "replace leaves an expired document as it is, inserts nothing for an absent key, and"
          + " replaces a live one whole")
  void replaceOnlyLiveDocuments() {
    Record expired = Samples.expired(Samples.code(Samples.newSecret()));
    store.put(Table.NONCE_CODES, expired);
    Record revived = expired.with(Table.EXPIRES_AT, Samples.inAnHour());
    assertEquals(Optional.empty(), store.replace(Table.NONCE_CODES, revived));
    Record absent = Samples.code(Samples.newSecret());
    assertEquals(Optional.empty(), store.replace(Table.NONCE_CODES, absent));
    assertEquals(
        List.of(MongoDocuments.toDocument(Table.NONCE_CODES, expired)),
        raw.getCollection("nonce_codes", BsonDocument.class).find().into(new ArrayList<>()));

    Record code = Samples.code(Samples.newSecret());
    Record tombstone = code.with(Table.REDEEMED_AT, 1L);
    store.put(Table.NONCE_CODES, tombstone);
    tombstone = code;
    assertTrue(store.replace(Table.NONCE_CODES, tombstone).isPresent());
    BsonDocument stored =
        raw.getCollection("nonce_codes", BsonDocument.class)
            .find(MongoFilters.byKey(tombstone.string(Table.CODE_HASH).orElseThrow()))
            .first();
    assertEquals(MongoDocuments.toDocument(Table.NONCE_CODES, tombstone), stored);
    assertFalse(stored.containsKey(Table.REDEEMED_AT), "a field the new record lacks is gone");
  }

  @Test
  @DisplayName(
      "removeAll deletes the live matches and leaves expired ones to the TTL monitor, unseen")
  void removeAllLeavesExpiredDocuments() {
    Record live = Samples.token(Table.TOKENS, Samples.newSecret(), "family-4");
    Record expired = Samples.expired(Samples.token(Table.TOKENS, Samples.newSecret(), "family-4"));
    store.put(Table.TOKENS, live);
    store.put(Table.TOKENS, expired);
    assertEquals(1, store.removeAll(Table.TOKENS, Table.FAMILY, "family-4"));
    List<BsonDocument> left =
        raw.getCollection("tokens", BsonDocument.class).find().into(new ArrayList<>());
    assertEquals(List.of(MongoDocuments.toDocument(Table.TOKENS, expired)), left);
    assertEquals(
        Optional.empty(), store.fetch(Table.TOKENS, expired.string(Table.TOKEN_HASH).get()));
  }

  @Test
  @DisplayName("documents carry no Java class names or type hints")
  void noJavaClassNames() {
    String family = SecretHashes.sha256(Samples.newSecret());
    store.put(Table.APPLICATIONS, Samples.application("client-1", Samples.newSecret()));
    store.put(Table.NONCE_CODES, Samples.code(Samples.newSecret()));
    store.put(Table.TOKENS, Samples.token(Table.TOKENS, Samples.newSecret(), family));
    for (BsonDocument document : allDocuments()) {
      String json = document.toJson();
      for (String hint : List.of("_class", "dev.proauth2", "java.")) {
        assertFalse(json.contains(hint), hint + " in " + json);
      }
    }
  }

  @Test
  @DisplayName(
      "a document written by hand with 32-bit or double numbers and an extra field reads back as"
          + " the schema says")
  void numbersWrittenByOthers() {
    Record token = Samples.token(Table.TOKENS, Samples.newSecret(), "family-2");
    BsonDocument edited = MongoDocuments.toDocument(Table.TOKENS, token);
    edited.put(Table.ISSUED_AT, new BsonDouble(1_700_000_000_000.0));
    edited.put("note", new BsonString("added in mongosh"));
    raw.getCollection("tokens", BsonDocument.class).insertOne(edited);
    Record application = Samples.application("client-by-hand", Samples.newSecret());
    BsonDocument handMade = MongoDocuments.toDocument(Table.APPLICATIONS, application);
    handMade.put(Table.CREATED_AT, new BsonInt32(1_700_000));
    raw.getCollection("applications", BsonDocument.class).insertOne(handMade);

    assertEquals(
        Optional.of(token.with(Table.ISSUED_AT, 1_700_000_000_000L)),
        store.fetch(Table.TOKENS, token.string(Table.TOKEN_HASH).orElseThrow()));
    assertEquals(
        Optional.of(application.with(Table.CREATED_AT, 1_700_000L)),
        store.fetch(Table.APPLICATIONS, "client-by-hand"));
  }

  @Test
  @DisplayName("every collection that needs one has a TTL index on expires_at with 0 seconds")
  void ttlIndexes() {
    for (Table table : Table.values()) {
      BsonDocument ttl = indexesByName(table).get("expires_at_1");
      if (!table.expires()) {
        assertEquals(null, ttl, table.tableName() + " never expires");
        continue;
      }
      assertEquals(new BsonDocument(Table.EXPIRES_AT, new BsonInt32(1)), ttl.get("key"));
      assertEquals(0, ttl.getNumber("expireAfterSeconds").intValue(), table.tableName());
    }
  }

  @Test
  @DisplayName(
      "the unique _id index holds the key; every indexed field has an index of its own; a"
          + " collection that needs no other index is made by its first write")
  void keyAndFieldIndexes() {
    store.put(Table.APPLICATIONS, Samples.application("client-1", Samples.newSecret()));
    for (Table table : Table.values()) {
      Map<String, BsonDocument> indexes = indexesByName(table);
      if (table.indexedFields().isEmpty() && !table.expires()) {
        assertEquals(Map.of(), indexes, table.tableName() + " is not made before it is written");
        continue;
      }
      assertEquals(
          new BsonDocument("_id", new BsonInt32(1)), indexes.get("_id_").get("key"), "_id_");
      for (String field : table.indexedFields()) {
        BsonDocument index = indexes.get(field + "_1");
        assertEquals(new BsonDocument(field, new BsonInt32(1)), index.get("key"), field);
      }
    }
  }

  @Test
  @DisplayName("opening a second store on the same database leaves the indexes as they were")
  void indexesAreIdempotent() {
    Map<String, BsonDocument> before = indexesByName(Table.TOKENS);
    String database = raw.getName();
    new MongoDataStoreProvider().open(DataStoreConfig.parse(mongo.uri(database))).close();
    assertEquals(before, indexesByName(Table.TOKENS));
  }

  @Test
  @DisplayName(
      "an expires_at index made by hand without TTL makes opening fail with server_error, not"
          + " hang on")
  void conflictingIndex() {
    assumeFalse(mongo.isEmulator(), "the emulator does not compare index options");
    String database = mongo.newDatabase();
    mongo
        .rawClient()
        .getDatabase(database)
        .getCollection("tokens")
        .createIndex(Indexes.ascending(Table.EXPIRES_AT));
    DataStoreConfig config = DataStoreConfig.parse(mongo.uri(database));
    Proauth2Exception refused =
        assertThrows(
            Proauth2Exception.class, () -> new MongoDataStoreProvider().open(config).close());
    assertEquals(Proauth2Exception.SERVER_ERROR, refused.error());
    assertInstanceOf(MongoCommandException.class, refused.getCause());
  }

  @Test
  @DisplayName(
      "the filters the store sends, by key, by live key and by indexed field, are index scans")
  void queriesUseIndexes() {
    assumeFalse(mongo.isEmulator(), "the emulator has no query planner to explain");
    store.put(Table.TOKENS, Samples.token(Table.TOKENS, Samples.newSecret(), "family-3"));
    long now = System.currentTimeMillis();
    List<BsonDocument> filters =
        List.of(
            MongoFilters.byKey(SecretHashes.sha256("x")),
            MongoFilters.liveByKey(Table.TOKENS, new BsonString(SecretHashes.sha256("x")), now),
            MongoFilters.liveWith(Table.FAMILY, "family-3", now),
            MongoFilters.liveWith(Table.USER_ID, "alice@example.com", now),
            MongoFilters.liveWith(Table.CLIENT_ID, "client-1", now));
    for (BsonDocument filter : filters) {
      BsonDocument find =
          new BsonDocument("find", new BsonString("tokens")).append("filter", filter);
      BsonDocument explain =
          raw.runCommand(
              new BsonDocument("explain", find).append("verbosity", new BsonString("queryPlanner")),
              BsonDocument.class);
      BsonValue plan = explain.getDocument("queryPlanner").get("winningPlan");
      String json = plan.asDocument().toJson();
      assertFalse(json.contains("COLLSCAN"), filter + " scans the collection: " + json);
      assertTrue(
          json.contains("IXSCAN") || json.contains("IDHACK") || json.contains("EXPRESS"),
          filter + " uses no index: " + json);
    }
  }
}

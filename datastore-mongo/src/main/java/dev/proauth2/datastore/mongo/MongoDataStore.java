package dev.proauth2.datastore.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.bson.BsonDocument;

/**
 * The MongoDB store: one collection per table, each call one command to the server.
 *
 * <p>{@code store} inserts, or replaces a document with the same key only if that one has expired,
 * in one upsert: an expired record must not block a new one, and the TTL monitor may not have
 * deleted it yet. {@code take} is {@code findOneAndDelete}, atomic on the server, so a code is
 * redeemed once even across processes.
 */
final class MongoDataStore implements DataStore {

  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

  private final MongoClient client;
  private final Map<Table, MongoCollection<BsonDocument>> collections;
  private final LongSupplier clock;
  private volatile boolean closed;

  private MongoDataStore(
      MongoClient client,
      Map<Table, MongoCollection<BsonDocument>> collections,
      LongSupplier clock) {
    this.client = client;
    this.collections = collections;
    this.clock = clock;
  }

  /**
   * Connects and makes sure every collection has its indexes.
   *
   * @throws dev.proauth2.spi.DataStoreUnavailableException when the server cannot be reached
   * @throws dev.proauth2.spi.Proauth2Exception {@code server_error} when it refuses the indexes or
   *     the credentials
   */
  static MongoDataStore open(MongoClientSettings settings, String database, LongSupplier clock) {
    MongoClient client = MongoClients.create(settings);
    try {
      MongoDatabase db = client.getDatabase(database);
      Map<Table, MongoCollection<BsonDocument>> collections = new EnumMap<>(Table.class);
      for (Table table : Table.values()) {
        MongoCollection<BsonDocument> collection =
            db.getCollection(table.tableName(), BsonDocument.class);
        MongoIndexes.create(table, collection);
        collections.put(table, collection);
      }
      return new MongoDataStore(client, collections, clock);
    } catch (MongoException e) {
      client.close();
      throw MongoFailures.atOpen(e, database);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  @Override
  public Optional<Record> fetch(Table table, Query query) {
    MongoCollection<BsonDocument> collection = collection(table);
    table.checkQuery(query);
    long now = clock.getAsLong();
    Optional<String> key = table.keyLookup(query);
    if (key.isPresent()) {
      // The token check. {_id} alone is the filter every server answers from its _id index; the
      // expiry is checked here, with the same result as the filter's expires_at condition.
      BsonDocument byId = MongoFilters.withKeys(table, List.of(key.get()));
      BsonDocument found = call("fetch", table, () -> collection.find(byId).first());
      return Optional.ofNullable(found)
          .map(document -> MongoDocuments.toRecord(table, document))
          .filter(record -> !record.isExpired(now));
    }
    BsonDocument filter = MongoFilters.matching(table, query, now);
    BsonDocument found = call("fetch", table, () -> collection.find(filter).limit(1).first());
    return Optional.ofNullable(found).map(document -> MongoDocuments.toRecord(table, document));
  }

  /** Every query on the key alone: one {@code find} with {@code $in}, so one round trip. */
  @Override
  public List<Optional<Record>> fetchAll(Table table, List<Query> queries) {
    MongoCollection<BsonDocument> collection = collection(table);
    List<String> keys = new ArrayList<>(queries.size());
    for (Query query : queries) {
      Optional<String> key = table.keyLookup(query);
      if (key.isEmpty()) {
        return DataStore.super.fetchAll(table, queries);
      }
      keys.add(key.get());
    }
    long now = clock.getAsLong();
    BsonDocument filter = MongoFilters.withKeys(table, keys);
    List<BsonDocument> documents =
        call("fetch", table, () -> collection.find(filter).into(new ArrayList<>()));
    Map<String, Record> byKey = new HashMap<>();
    for (BsonDocument document : documents) {
      Record record = MongoDocuments.toRecord(table, document);
      byKey.put(record.string(table.keyField()).orElseThrow(), record);
    }
    List<Optional<Record>> found = new ArrayList<>(keys.size());
    for (String key : keys) {
      found.add(Optional.ofNullable(byKey.get(key)).filter(record -> !record.isExpired(now)));
    }
    return found;
  }

  @Override
  public void store(Table table, Record record) {
    MongoCollection<BsonDocument> collection = collection(table);
    table.validate(record);
    BsonDocument document = MongoDocuments.toDocument(table, record);
    if (!table.expires()) {
      call("store", table, () -> collection.insertOne(document));
      return;
    }
    Object key = record.fields().get(table.keyField());
    BsonDocument expired = MongoFilters.expiredWithKey(table, key, clock.getAsLong());
    // Matches only an expired document with this key; with none, the upsert inserts, and a live
    // document with this key makes that insert fail with a duplicate key error.
    call("store", table, () -> collection.replaceOne(expired, document, UPSERT));
  }

  @Override
  public long remove(Table table, Query query) {
    MongoCollection<BsonDocument> collection = collection(table);
    table.checkQuery(query);
    BsonDocument filter = MongoFilters.matching(table, query, clock.getAsLong());
    return call("remove", table, () -> collection.deleteMany(filter).getDeletedCount());
  }

  @Override
  public Optional<Record> take(Table table, Query query) {
    MongoCollection<BsonDocument> collection = collection(table);
    table.checkQuery(query);
    BsonDocument filter = MongoFilters.matching(table, query, clock.getAsLong());
    BsonDocument taken = call("take", table, () -> collection.findOneAndDelete(filter));
    return Optional.ofNullable(taken).map(document -> MongoDocuments.toRecord(table, document));
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }

  private MongoCollection<BsonDocument> collection(Table table) {
    Objects.requireNonNull(table, "table");
    if (closed) {
      throw new IllegalStateException("this MongoDB DataStore is closed");
    }
    return collections.get(table);
  }

  private static <T> T call(String operation, Table table, Supplier<T> command) {
    try {
      return command.get();
    } catch (MongoException e) {
      throw MongoFailures.translate(e, operation, table);
    }
  }
}

package dev.proauth2.datastore.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndDeleteOptions;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bson.BsonDocument;

/**
 * The MongoDB store: one collection per table, each method one command to the server. Expiry is
 * judged in Java by the engine's clock, because the TTL monitor deletes expired documents only
 * about once a minute.
 */
final class MongoDataStore implements DataStore {

  private static final FindOneAndReplaceOptions UPSERT_RETURN_BEFORE =
      new FindOneAndReplaceOptions().upsert(true).returnDocument(ReturnDocument.BEFORE);
  private static final FindOneAndReplaceOptions RETURN_BEFORE =
      new FindOneAndReplaceOptions().returnDocument(ReturnDocument.BEFORE);
  private static final FindOneAndDeleteOptions RETURN_EXPIRY =
      new FindOneAndDeleteOptions().projection(Projections.include(Table.EXPIRES_AT));

  private final Map<Table, MongoCollection<BsonDocument>> collections;
  private final Clock clock;
  private final Runnable onClose;

  private MongoDataStore(
      Map<Table, MongoCollection<BsonDocument>> collections, Clock clock, Runnable onClose) {
    this.collections = collections;
    this.clock = clock;
    this.onClose = onClose;
  }

  /**
   * Makes sure every collection has its indexes and returns a store on them.
   *
   * @param ownsClient whether {@link #close()} closes the client; when opening fails, an owned
   *     client is closed at once
   * @throws dev.proauth2.spi.DataStoreUnavailableException when the server cannot be reached
   * @throws dev.proauth2.spi.Proauth2Exception {@code server_error} when it refuses the indexes or
   *     the credentials
   */
  static MongoDataStore open(MongoClient client, boolean ownsClient, String database, Clock clock) {
    try {
      // The driver's own codecs, whatever a client handed to MongoDataStores was given.
      MongoDatabase db =
          client
              .getDatabase(database)
              .withCodecRegistry(MongoClientSettings.getDefaultCodecRegistry());
      Map<Table, MongoCollection<BsonDocument>> collections = new EnumMap<>(Table.class);
      for (Table table : Table.values()) {
        MongoCollection<BsonDocument> collection =
            db.getCollection(table.tableName(), BsonDocument.class);
        MongoIndexes.create(table, collection);
        collections.put(table, collection);
      }
      return new MongoDataStore(collections, clock, ownsClient ? client::close : () -> {});
    } catch (RuntimeException e) {
      if (ownsClient) {
        client.close();
      }
      throw e instanceof MongoException ? MongoFailures.atOpen((MongoException) e, database) : e;
    }
  }

  /** One {@code find} on {@code _id}, answered from the primary index; expiry is checked here. */
  @Override
  public Optional<Record> fetch(Table table, String key) {
    BsonDocument found =
        call("fetch", table, () -> collections.get(table).find(MongoFilters.byKey(key)).first());
    return live(table, found);
  }

  /**
   * One {@code findAndModify}: replace or insert, returning the document as it was before, all in
   * one atomic step on the server. Two upserts of an absent key can both try to insert; the loser
   * gets a duplicate key error and retries once, and then replaces what the winner inserted.
   */
  @Override
  public Optional<Record> put(Table table, Record record) {
    BsonDocument document = MongoDocuments.toDocument(table, record);
    BsonDocument byKey = new BsonDocument(MongoDocuments.ID, document.get(MongoDocuments.ID));
    Supplier<BsonDocument> replace =
        () -> collections.get(table).findOneAndReplace(byKey, document, UPSERT_RETURN_BEFORE);
    BsonDocument before;
    try {
      before = replace.get();
    } catch (MongoException e) {
      if (!MongoFailures.isDuplicateKey(e)) {
        throw MongoFailures.translate(e, "put", table);
      }
      before = call("put", table, replace);
    }
    return live(table, before);
  }

  /**
   * One {@code findAndModify} without upsert: replace the document with this key if it is live by
   * the clock ({@code expires_at} later than now, in the filter), returning it as it was before, in
   * one atomic step on the server. An absent or expired document matches nothing, so nothing is
   * written; and since nothing is ever inserted, no duplicate key error can occur.
   */
  @Override
  public Optional<Record> replace(Table table, Record record) {
    BsonDocument document = MongoDocuments.toDocument(table, record);
    long now = clock.millis();
    BsonDocument filter = MongoFilters.liveByKey(table, document.get(MongoDocuments.ID), now);
    BsonDocument before =
        call(
            "replace",
            table,
            () -> collections.get(table).findOneAndReplace(filter, document, RETURN_BEFORE));
    return live(table, before, now);
  }

  /** One {@code findAndModify} that deletes, returning only the deleted one's expiry. */
  @Override
  public boolean remove(Table table, String key) {
    BsonDocument removed =
        call(
            "remove",
            table,
            () -> collections.get(table).findOneAndDelete(MongoFilters.byKey(key), RETURN_EXPIRY));
    return live(table, removed).isPresent();
  }

  /** One {@code delete} of the live matches; expired ones are left to the TTL monitor. */
  @Override
  public long removeAll(Table table, String field, String value) {
    BsonDocument filter = MongoFilters.liveWith(field, value, clock.millis());
    return call(
        "removeAll", table, () -> collections.get(table).deleteMany(filter).getDeletedCount());
  }

  /** Closes the client if this store opened it; a client handed to the store stays open. */
  @Override
  public void close() {
    onClose.run();
  }

  /** The record a document holds, unless there is none or it has expired by the clock. */
  private Optional<Record> live(Table table, BsonDocument document) {
    return live(table, document, clock.millis());
  }

  private static Optional<Record> live(Table table, BsonDocument document, long now) {
    return Optional.ofNullable(document)
        .map(found -> MongoDocuments.toRecord(table, found))
        .filter(record -> !record.isExpired(now));
  }

  private static <T> T call(String operation, Table table, Supplier<T> command) {
    try {
      return command.get();
    } catch (MongoException e) {
      throw MongoFailures.translate(e, operation, table);
    }
  }
}

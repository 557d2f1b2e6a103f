package dev.proauth2.datastore.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.proauth2.spi.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;

/**
 * Creates each collection's indexes when a store opens: one on every indexed field, so every query
 * the engine makes is an index lookup, and a TTL index on {@code expires_at}, so MongoDB deletes
 * expired documents by itself. Creating an index that already exists with the same options does
 * nothing, so every store may do this on every start.
 */
final class MongoIndexes {

  private MongoIndexes() {}

  /** The indexes a table's collection has besides {@code _id}. */
  static List<IndexModel> of(Table table) {
    List<IndexModel> indexes = new ArrayList<>();
    for (String field : table.indexedFields()) {
      indexes.add(new IndexModel(Indexes.ascending(field)));
    }
    if (table.expires()) {
      indexes.add(
          new IndexModel(
              Indexes.ascending(Table.EXPIRES_AT),
              new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)));
    }
    return indexes;
  }

  /** Creates the table's indexes, in one command, unless it needs none. */
  static void create(Table table, MongoCollection<BsonDocument> collection) {
    List<IndexModel> indexes = of(table);
    if (!indexes.isEmpty()) {
      collection.createIndexes(indexes);
    }
  }
}

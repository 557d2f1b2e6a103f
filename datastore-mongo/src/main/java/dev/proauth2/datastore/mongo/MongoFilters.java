package dev.proauth2.datastore.mongo;

import dev.proauth2.spi.Query;
import dev.proauth2.spi.Table;
import java.util.Map;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Builds the query filters. Every filter on a table that expires also asks for {@code expires_at}
 * later than now: MongoDB's TTL monitor deletes expired documents only about once a minute, so the
 * filter, not the monitor, is what keeps an expired record from being returned.
 */
final class MongoFilters {

  private MongoFilters() {}

  /** The live documents that match every equality of the query. */
  static BsonDocument matching(Table table, Query query, long nowMillis) {
    BsonDocument filter = new BsonDocument();
    for (Map.Entry<String, Object> condition : query.fields().entrySet()) {
      filter.put(
          MongoDocuments.documentField(table, condition.getKey()),
          MongoDocuments.toBson(condition.getKey(), condition.getValue()));
    }
    if (table.expires()) {
      BsonDocument live = new BsonDocument("$gt", new BsonDateTime(nowMillis));
      BsonValue equal = filter.get(Table.EXPIRES_AT);
      if (equal != null) {
        live.put("$eq", equal);
      }
      filter.put(Table.EXPIRES_AT, live);
    }
    return filter;
  }

  /** The document with this key, only if it has expired; what a new record may replace. */
  static BsonDocument expiredWithKey(Table table, Object key, long nowMillis) {
    return new BsonDocument(MongoDocuments.ID, MongoDocuments.toBson(table.keyField(), key))
        .append(Table.EXPIRES_AT, new BsonDocument("$lte", new BsonDateTime(nowMillis)));
  }
}

package dev.proauth2.datastore.mongo;

import dev.proauth2.spi.Query;
import dev.proauth2.spi.Table;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
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

  /**
   * The documents with these keys, by {@code _id} alone: what every server answers from its {@code
   * _id} index. The caller drops expired ones, so the filter needs no {@code expires_at}.
   */
  static BsonDocument withKeys(Table table, List<String> keys) {
    if (keys.size() == 1) {
      return new BsonDocument(
          MongoDocuments.ID, MongoDocuments.toBson(table.keyField(), keys.get(0)));
    }
    BsonArray ids = new BsonArray();
    keys.forEach(key -> ids.add(MongoDocuments.toBson(table.keyField(), key)));
    return new BsonDocument(MongoDocuments.ID, new BsonDocument("$in", ids));
  }

  /** The document with this key, only if it has expired; what a new record may replace. */
  static BsonDocument expiredWithKey(Table table, Object key, long nowMillis) {
    return new BsonDocument(MongoDocuments.ID, MongoDocuments.toBson(table.keyField(), key))
        .append(Table.EXPIRES_AT, new BsonDocument("$lte", new BsonDateTime(nowMillis)));
  }
}

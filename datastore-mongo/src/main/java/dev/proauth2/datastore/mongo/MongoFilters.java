package dev.proauth2.datastore.mongo;

import dev.proauth2.spi.Table;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/** The filters the store sends; each is answered from an index. */
final class MongoFilters {

  private MongoFilters() {}

  /** The document with this key, by {@code _id} alone: a lookup in the primary index. */
  static BsonDocument byKey(String key) {
    return new BsonDocument(MongoDocuments.ID, new BsonString(key));
  }

  /**
   * The document with this key if it is live: for a table that expires, {@code expires_at} later
   * than now too (the TTL monitor may not have deleted it yet), or, where the field is optional (a
   * client registered without a lifetime), absent. Still a lookup in the primary index, the expiry
   * checked on the one document found.
   */
  static BsonDocument liveByKey(Table table, BsonValue key, long nowMillis) {
    BsonDocument filter = new BsonDocument(MongoDocuments.ID, key);
    if (table.expires()) {
      BsonDateTime now = new BsonDateTime(nowMillis);
      boolean optional = !table.field(Table.EXPIRES_AT).orElseThrow().required();
      filter.append(
          Table.EXPIRES_AT,
          optional
              ? new BsonDocument("$not", new BsonDocument("$lte", now))
              : new BsonDocument("$gt", now));
    }
    return filter;
  }

  /**
   * The live documents whose indexed field has this value. The TTL monitor may not have deleted the
   * expired ones yet, so the filter asks for {@code expires_at} later than now.
   */
  static BsonDocument liveWith(String field, String value, long nowMillis) {
    return new BsonDocument(field, new BsonString(value))
        .append(Table.EXPIRES_AT, new BsonDocument("$gt", new BsonDateTime(nowMillis)));
  }
}

package dev.proauth2.datastore.mongo;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Converts records to plain BSON documents and back. The key field is stored as {@code _id}, so the
 * primary index is the key lookup; {@code expires_at} is stored as a BSON date, so a TTL index can
 * reclaim the document; every other field keeps its schema name and a string or 64-bit integer
 * value, so the documents read plainly in {@code mongosh}.
 */
final class MongoDocuments {

  /** MongoDB's primary key field. */
  static final String ID = "_id";

  private MongoDocuments() {}

  /** The document that stores a record; the engine has checked the record against the schema. */
  static BsonDocument toDocument(Table table, Record record) {
    BsonDocument document = new BsonDocument();
    document.put(ID, toBson(table.keyField(), record.fields().get(table.keyField())));
    for (Map.Entry<String, Object> field : record.fields().entrySet()) {
      if (!field.getKey().equals(table.keyField())) {
        document.put(field.getKey(), toBson(field.getKey(), field.getValue()));
      }
    }
    return document;
  }

  /**
   * The record a stored document holds. Numbers become {@code Long} whatever their BSON type, as
   * the schema says; fields outside the schema, such as ones added by hand, are left out.
   *
   * @throws Proauth2Exception {@code server_error} when a field has a type the schema cannot hold
   */
  static Record toRecord(Table table, BsonDocument document) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, BsonValue> entry : document.entrySet()) {
      String name = entry.getKey().equals(ID) ? table.keyField() : entry.getKey();
      Table.Field field = table.field(name).orElse(null);
      if (field != null) {
        fields.put(field.name(), fromBson(table, field, entry.getValue()));
      }
    }
    return Record.of(fields);
  }

  /** A record value as BSON: text as a string, {@code expires_at} as a date, numbers as int64. */
  private static BsonValue toBson(String field, Object value) {
    if (value instanceof String) {
      return new BsonString((String) value);
    }
    long number = (Long) value;
    return field.equals(Table.EXPIRES_AT) ? new BsonDateTime(number) : new BsonInt64(number);
  }

  private static Object fromBson(Table table, Table.Field field, BsonValue value) {
    if (field.type() == String.class && value.isString()) {
      return value.asString().getValue();
    }
    if (field.type() == Long.class) {
      switch (value.getBsonType()) {
        case INT64:
          return value.asInt64().getValue();
        case INT32:
          return (long) value.asInt32().getValue();
        case DATE_TIME:
          return value.asDateTime().getValue();
        case DOUBLE:
          double number = value.asDouble().getValue();
          if (number == Math.rint(number) && Math.abs(number) < 0x1p53) {
            return (long) number;
          }
          break;
        default:
          break;
      }
    }
    throw new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR,
        "a document in MongoDB collection '"
            + table.tableName()
            + "' has field '"
            + field.name()
            + "' of BSON type "
            + value.getBsonType()
            + ", where the schema needs a "
            + field.type().getSimpleName());
  }
}

package dev.proauth2.datastore.redis;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a record into the one string value Redis keeps for it, and back. A string, rather than a
 * hash, is what lets a record be replaced with one {@code SET PXAT GET}, read with one {@code GET}
 * and removed with one {@code GETDEL}.
 *
 * <p>The value is {@code name=value} pairs joined by the unit separator U+001F, in schema order,
 * without the key field (the Redis key holds it). It is unambiguous because the engine's checks let
 * no control character into a text value, and field names hold no '='. Numbers are decimal; the
 * schema says which fields are numbers, so nothing else marks the type.
 */
final class RecordCodec {

  static final char SEPARATOR = '\u001F';

  private RecordCodec() {}

  /** The value for a record that the engine checked against the table's schema. */
  static String encode(Table table, Record record) {
    StringBuilder value = new StringBuilder(256);
    for (Table.Field field : table.fields()) {
      Object fieldValue = record.fields().get(field.name());
      if (fieldValue == null || field.name().equals(table.keyField())) {
        continue;
      }
      if (value.length() > 0) {
        value.append(SEPARATOR);
      }
      value.append(field.name()).append('=').append(fieldValue);
    }
    return value.toString();
  }

  /**
   * The record stored under a key.
   *
   * @throws Proauth2Exception {@code server_error} when the value was not written by this codec
   */
  static Record decode(Table table, String key, String value) {
    Map<String, Object> fields = new LinkedHashMap<>(16);
    Table.Field keyField = table.field(table.keyField()).orElseThrow();
    fields.put(keyField.name(), parse(table, keyField, key, 0, key.length()));
    int start = 0;
    while (start < value.length()) {
      int end = value.indexOf(SEPARATOR, start);
      end = end < 0 ? value.length() : end;
      int equals = value.indexOf('=', start);
      if (equals < 0 || equals > end) {
        throw unreadable(table, "a field without '='");
      }
      Table.Field field = fieldNamed(table, value, start, equals);
      fields.put(field.name(), parse(table, field, value, equals + 1, end));
      start = end + 1;
    }
    return Record.of(fields);
  }

  /** The schema's field whose name is {@code value[start, end)}, found without a substring. */
  private static Table.Field fieldNamed(Table table, String value, int start, int end) {
    for (Table.Field field : table.fields()) {
      String name = field.name();
      if (name.length() == end - start && value.regionMatches(start, name, 0, name.length())) {
        return field;
      }
    }
    throw unreadable(table, "unknown field '" + value.substring(start, end) + "'");
  }

  private static Object parse(Table table, Table.Field field, String value, int start, int end) {
    if (field.type() != Long.class) {
      return value.substring(start, end);
    }
    try {
      return Long.parseLong(value, start, end, 10);
    } catch (NumberFormatException e) {
      throw unreadable(table, "field '" + field.name() + "' that is not a number");
    }
  }

  private static Proauth2Exception unreadable(Table table, String problem) {
    return new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR,
        "Redis holds a '"
            + table.tableName()
            + "' record with "
            + problem
            + "; something other than this version of proauth2 wrote under its key prefix");
  }
}

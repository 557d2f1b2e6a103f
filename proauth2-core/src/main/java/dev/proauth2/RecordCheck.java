package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.List;

/**
 * Checks records and keys against a {@link Table}'s schema before any store sees them, so that no
 * plugin has to: no unknown field, every required field present, every value of its field's type,
 * within its length and free of control characters.
 */
final class RecordCheck {

  private RecordCheck() {}

  /**
   * Checks a whole record.
   *
   * @return the record's key
   * @throws Proauth2Exception {@code invalid_request} naming the first problem found
   */
  static String record(Table table, Record record) {
    record.fields().forEach((name, value) -> field(table, name, value));
    List<String> required = table.requiredFields();
    for (int i = 0; i < required.size(); i++) {
      if (!record.has(required.get(i))) {
        throw invalid(table, "needs field '" + required.get(i) + "'");
      }
    }
    return record.string(table.keyField()).orElseThrow();
  }

  /**
   * Checks a key to look up: present and within the key field's length. Its characters are not
   * scanned (the token check's key is a hash the engine just made); a key no record has is simply
   * not found.
   */
  static void key(Table table, String key) {
    if (key == null || key.isEmpty() || key.length() > Table.MAX_URI) {
      throw new IllegalArgumentException(
          "a key of table '" + table.tableName() + "' is null, empty or too long");
    }
  }

  /** Checks that a field is indexed and its value fits it. */
  static void indexed(Table table, String field, String value) {
    if (!table.indexedFields().contains(field)) {
      throw new IllegalArgumentException(
          "table '"
              + table.tableName()
              + "' has no index on '"
              + field
              + "'; its indexed fields are "
              + table.indexedFields());
    }
    field(table, field, value);
  }

  private static void field(Table table, String name, Object value) {
    Table.Field field =
        table
            .field(name)
            .orElseThrow(
                () ->
                    invalid(
                        table, "has no field '" + name + "'; its fields are " + fieldNames(table)));
    if (!field.type().isInstance(value)) {
      throw invalid(
          table, "field '" + name + "' must be a " + field.type().getSimpleName() + " value");
    }
    if (value instanceof String) {
      text(table, field, (String) value);
    }
  }

  private static void text(Table table, Table.Field field, String value) {
    if (value.isEmpty()) {
      throw invalid(table, "field '" + field.name() + "' is empty");
    }
    if (value.length() > field.maxLength()) {
      throw invalid(
          table,
          "field '"
              + field.name()
              + "' has "
              + value.length()
              + " characters; at most "
              + field.maxLength()
              + " are allowed");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw invalid(table, "field '" + field.name() + "' contains a control character");
      }
    }
  }

  private static List<String> fieldNames(Table table) {
    return table.fields().stream().map(Table.Field::name).toList();
  }

  private static Proauth2Exception invalid(Table table, String problem) {
    return new Proauth2Exception(
        Proauth2Exception.INVALID_REQUEST, "table '" + table.tableName() + "' " + problem);
  }
}

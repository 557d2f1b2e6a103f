package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The statements of one table in one dialect, made once from the table's schema (a column per
 * field, named as the field), and the mapping between a row and a {@link Record}.
 */
final class TableSql {

  private final Table table;
  private final List<Table.Field> fields;
  private final String live;

  /** The live row under a key; parameters: key[, now]. */
  final String fetch;

  /** The row under a key, live or not, locked; parameter: key. */
  final String lock;

  /** The live row under a key, locked; parameters: key[, now]. */
  final String lockLive;

  /** A new row; parameters: every field. */
  final String insert;

  /** Every field but the key of the row under a key; parameters: the other fields, then key. */
  final String update;

  /** Deletes the live row under a key; parameters: key[, now]. */
  final String remove;

  /**
   * Deletes up to a batch of expired rows; parameters: now, batch. Null for a table that never
   * expires.
   */
  final String sweep;

  /**
   * PostgreSQL's put in one statement: locks and reads the row under the key, then updates it if
   * there was one, or inserts unless a concurrent put inserted first. It answers one row: {@code
   * true} and the old fields when it replaced, {@code false} when it inserted; none when a
   * concurrent insert won, and the caller runs it again. Parameters: key; the other fields and key
   * (update); every field (insert).
   */
  final String upsertReturningOld;

  /**
   * PostgreSQL's replace in one statement: locks the live row under the key and updates it,
   * answering the old fields, or nothing. Parameters: key[, now]; the other fields.
   */
  final String replaceReturningOld;

  private final Map<String, String> removeAll = new HashMap<>();

  TableSql(Table table, JdbcDialect dialect) {
    this.table = table;
    this.fields = table.fields();
    String name = table.tableName();
    String key = table.keyField();
    String columns = fields.stream().map(Table.Field::name).collect(Collectors.joining(", "));
    String others =
        fields.stream()
            .skip(1)
            .map(field -> field.name() + " = ?")
            .collect(Collectors.joining(", "));
    String placeholders = fields.stream().map(field -> "?").collect(Collectors.joining(", "));
    this.live = live(table);
    String byKey = " FROM " + name + " WHERE " + key + " = ?";
    this.fetch = "SELECT " + columns + byKey + live;
    this.lock = "SELECT " + columns + byKey + " FOR UPDATE";
    this.lockLive = "SELECT " + columns + byKey + live + " FOR UPDATE";
    this.insert = "INSERT INTO " + name + " (" + columns + ") VALUES (" + placeholders + ")";
    this.update = "UPDATE " + name + " SET " + others + " WHERE " + key + " = ?";
    this.remove = "DELETE" + byKey + live;
    this.sweep = table.expires() ? dialect.sweep(name, key) : null;
    for (String field : table.indexedFields()) {
      removeAll.put(field, "DELETE FROM " + name + " WHERE " + field + " = ?" + live);
    }
    String nulls = fields.stream().map(field -> "NULL").collect(Collectors.joining(", "));
    this.upsertReturningOld =
        "WITH prev AS ("
            + lock
            + "), upd AS ("
            + update
            + " AND EXISTS (SELECT 1 FROM prev)), ins AS (INSERT INTO "
            + name
            + " ("
            + columns
            + ") SELECT "
            + placeholders
            + " WHERE NOT EXISTS (SELECT 1 FROM prev) ON CONFLICT ("
            + key
            + ") DO NOTHING RETURNING 1)"
            + " SELECT true, "
            + columns
            + " FROM prev UNION ALL SELECT false, "
            + nulls
            + " FROM ins";
    String previous =
        fields.stream().map(field -> "prev." + field.name()).collect(Collectors.joining(", "));
    this.replaceReturningOld =
        "WITH prev AS ("
            + lockLive
            + ") UPDATE "
            + name
            + " SET "
            + others
            + " FROM prev WHERE "
            + name
            + "."
            + key
            + " = prev."
            + key
            + " RETURNING "
            + previous;
  }

  /**
   * The condition on a row's expiry, after its key or field, with now as its parameter: none for a
   * table that never expires; a NULL {@code expires_at} is live where the field is optional (a
   * client registered without a lifetime).
   */
  private static String live(Table table) {
    if (!table.expires()) {
      return "";
    }
    return table.field(Table.EXPIRES_AT).orElseThrow().required()
        ? " AND expires_at > ?"
        : " AND (expires_at IS NULL OR expires_at > ?)";
  }

  /** Deletes the live rows whose indexed field has a value; parameters: value[, now]. */
  String removeAll(String field) {
    String sql = removeAll.get(field);
    if (sql == null) {
      throw new IllegalArgumentException(field + " is not an indexed field of " + table);
    }
    return sql;
  }

  /** Sets a key parameter and, for a table that expires, the time after it; the next index. */
  int bindKey(PreparedStatement statement, int index, String key, long now) throws SQLException {
    statement.setString(index++, key);
    if (!live.isEmpty()) {
      statement.setLong(index++, now);
    }
    return index;
  }

  /** Sets every field of a record from a parameter index on, key first; the next index. */
  int bindAll(PreparedStatement statement, int index, Record record) throws SQLException {
    for (Table.Field field : fields) {
      index = bind(statement, index, field, record);
    }
    return index;
  }

  /** Sets every field but the key, then the key, as {@link #update} takes them; the next index. */
  int bindUpdate(PreparedStatement statement, int index, Record record) throws SQLException {
    return bind(statement, bindOthers(statement, index, record), fields.get(0), record);
  }

  /** Sets every field but the key, as a SET list takes them; the next index. */
  int bindOthers(PreparedStatement statement, int index, Record record) throws SQLException {
    for (int i = 1; i < fields.size(); i++) {
      index = bind(statement, index, fields.get(i), record);
    }
    return index;
  }

  private static int bind(PreparedStatement statement, int index, Table.Field field, Record record)
      throws SQLException {
    if (field.type() == Long.class) {
      var value = record.number(field.name());
      if (value.isPresent()) {
        statement.setLong(index, value.getAsLong());
      } else {
        statement.setNull(index, Types.BIGINT);
      }
    } else {
      statement.setString(index, record.string(field.name()).orElse(null));
    }
    return index + 1;
  }

  /** The record in the current row, its columns from a 1-based index on, in schema order. */
  Record read(ResultSet row, int firstColumn) throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>();
    int column = firstColumn;
    for (Table.Field field : fields) {
      Object value;
      if (field.type() == Long.class) {
        long number = row.getLong(column);
        value = row.wasNull() ? null : number;
      } else {
        value = row.getString(column);
      }
      if (value != null) {
        values.put(field.name(), value);
      }
      column++;
    }
    return Record.of(values);
  }
}

package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Table;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped migrations, run by the store on each database, against the {@link Table} schema: a
 * migration that drifts from it fails here, not in production.
 */
@DisplayName("the schema files")
class SchemaFilesTest {

  static List<TestDatabase> databases() {
    return TestDatabase.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName("make one column per field of each table, the key as primary key, and the indexes")
  void matchTheTables(TestDatabase database) throws SQLException {
    String config = database.newConfig();
    JdbcSettings settings = JdbcSettings.from(DataStoreConfig.parse(config));
    try (DataStore store = TestDatabase.open(config);
        DataStore again = TestDatabase.open(database.sameNamespace(config));
        Connection connection =
            DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
      var metadata = connection.getMetaData();
      String catalog = connection.getCatalog();
      String schema = connection.getSchema();
      for (Table table : Table.values()) {
        String name = stored(metadata.storesUpperCaseIdentifiers(), table.tableName());
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = metadata.getColumns(catalog, schema, name, null)) {
          while (rows.next()) {
            columns.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
          }
        }
        assertEquals(
            table.fields().stream().map(Table.Field::name).sorted().toList(),
            columns.stream().sorted().toList(),
            table + " columns");
        try (ResultSet key = metadata.getPrimaryKeys(catalog, schema, name)) {
          key.next();
          assertEquals(table.keyField(), key.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
        Set<String> indexed = new TreeSet<>();
        try (ResultSet indexes = metadata.getIndexInfo(catalog, schema, name, false, false)) {
          while (indexes.next()) {
            if (indexes.getString("COLUMN_NAME") != null && indexes.getBoolean("NON_UNIQUE")) {
              indexed.add(indexes.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
          }
        }
        Set<String> expected = new TreeSet<>(table.indexedFields());
        if (table.expires()) {
          expected.add(Table.EXPIRES_AT);
        }
        assertEquals(expected, indexed, table + " indexes");
      }
    }
  }

  private static String stored(boolean upperCase, String name) {
    return upperCase ? name.toUpperCase(Locale.ROOT) : name;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  @DisplayName(
      "are plain SQL: statements ended by ';', comments on lines of their own; V1 makes the 0.2.0 tables")
  void arePlainSql(JdbcDialect dialect) {
    List<String> statements = Migrations.shipped(dialect).get(0).statements();
    String creates =
        statements.stream()
            .filter(sql -> sql.startsWith("CREATE TABLE IF NOT EXISTS"))
            .map(sql -> sql.split("\\s+")[5])
            .sorted()
            .collect(Collectors.joining(" "));
    assertEquals(
        "applications device_codes nonce_codes one_time_ids pushed_requests refresh_tokens"
            + " signing_keys tokens user_codes",
        creates);
  }

  static JdbcDialect[] dialects() {
    return JdbcDialect.values();
  }
}

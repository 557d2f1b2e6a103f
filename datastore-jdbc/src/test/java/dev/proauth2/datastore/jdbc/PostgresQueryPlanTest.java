package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Table;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What PostgreSQL's planner makes of the token check, on a table of a few thousand tokens. */
@DisplayName("the token check on PostgreSQL")
class PostgresQueryPlanTest {

  @Test
  @DisplayName("is a scan of the primary-key index tokens_pkey, not of the table")
  void usesThePrimaryKey() throws SQLException {
    String config = TestPostgres.get().newConfig();
    JdbcSettings settings = JdbcSettings.from(DataStoreConfig.parse(config));
    String key;
    try (DataStore store = TestDatabase.open(config)) {
      key = Samples.key(Samples.token("alice", Samples.HOUR));
      for (int i = 0; i < 2000; i++) {
        store.put(Table.TOKENS, Samples.token("user-" + (i % 50), Samples.HOUR));
      }
    }
    StringBuilder plan = new StringBuilder();
    try (Connection connection =
        DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
      connection.createStatement().execute("ANALYZE tokens");
      String fetch = new TableSql(Table.TOKENS, JdbcDialect.POSTGRESQL).fetch;
      try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + fetch)) {
        explain.setString(1, key);
        explain.setLong(2, System.currentTimeMillis());
        try (ResultSet rows = explain.executeQuery()) {
          while (rows.next()) {
            plan.append(rows.getString(1)).append('\n');
          }
        }
      }
    }
    assertTrue(plan.toString().contains("Index Scan using tokens_pkey on tokens"), plan.toString());
  }
}

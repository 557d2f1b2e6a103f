package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A database whose {@code applications} table was made before clients could expire, without {@code
 * expires_at} and {@code lifetime_ends_at}: on PostgreSQL and H2 the schema file adds them when the
 * store opens (MySQL has no {@code ADD COLUMN IF NOT EXISTS}; its users run the README's {@code
 * ALTER TABLE}).
 */
@DisplayName("a database made before clients could expire")
class SchemaUpgradeTest {

  /** The applications table as the schema files made it before. */
  private static final String OLD_APPLICATIONS =
      "CREATE TABLE applications (client_id VARCHAR(256) PRIMARY KEY, name VARCHAR(256),"
          + " secret_hash VARCHAR(88), redirect_uris VARCHAR(20490), scope VARCHAR(2048),"
          + " grant_types VARCHAR(256), auth_method VARCHAR(256), created_at BIGINT,"
          + " resource_server BIGINT, resources VARCHAR(20490), jwks VARCHAR(20490),"
          + " jwks_uri VARCHAR(2048))";

  static List<TestDatabase> databases() {
    return List.of(TestPostgres.get(), TestH2.get());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName(
      "gets the two columns when the store opens; its clients keep never expiring, new ones"
          + " expire")
  void upgradedAtStart(TestDatabase database) {
    String config = database.newConfig();
    JdbcSettings settings = JdbcSettings.from(DataStoreConfig.parse(config));
    TestDatabase.execute(
        settings.jdbcUrl(),
        settings.user(),
        settings.password(),
        OLD_APPLICATIONS,
        "INSERT INTO applications (client_id, name, grant_types, auth_method, created_at)"
            + " VALUES ('old-client', 'Old app', 'client_credentials', 'client_secret_basic',"
            + " 1700000000000)");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CLIENT_ID, "old-client");
    fields.put(Table.NAME, "Old app");
    fields.put(Table.GRANT_TYPES, "client_credentials");
    fields.put(Table.AUTH_METHOD, "client_secret_basic");
    fields.put(Table.CREATED_AT, 1_700_000_000_000L);
    Record old = Record.of(fields);
    long now = System.currentTimeMillis();
    try (DataStore store = TestDatabase.open(config)) {
      assertEquals(Optional.of(old), store.fetch(Table.APPLICATIONS, "old-client"));
      Record expiring =
          old.with(Table.CLIENT_ID, "new-client")
              .with(Table.EXPIRES_AT, now + 60_000)
              .with(Table.LIFETIME_ENDS_AT, now + 3_600_000);
      store.put(Table.APPLICATIONS, expiring);
      assertEquals(Optional.of(expiring), store.fetch(Table.APPLICATIONS, "new-client"));
      store.put(Table.APPLICATIONS, expiring.with(Table.EXPIRES_AT, now - 1));
      assertEquals(Optional.empty(), store.fetch(Table.APPLICATIONS, "new-client"));
    }
    try (DataStore again = TestDatabase.open(database.sameNamespace(config))) {
      assertEquals(Optional.of(old), again.fetch(Table.APPLICATIONS, "old-client"));
    }
  }
}

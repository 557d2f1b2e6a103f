package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.testkit.EngineOperations;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Counts the statements, so the round trips, each engine operation sends to PostgreSQL and to
 * MariaDB, through a {@link CountingDataSource} in front of a HikariCP pool handed to {@link
 * JdbcDataStores}, over the testkit's {@link EngineOperations} flow. On PostgreSQL each statement
 * is one round trip (the driver sends BEGIN with the first statement of a transaction); on MariaDB
 * a put or replace also switches autocommit off and on, two round trips more each, which the list
 * does not show. The table is logged; the counts are asserted, so a change to them is deliberate.
 */
@DisplayName("round trips of each engine operation on PostgreSQL and MariaDB")
class EngineRoundTripsTest {

  private static final System.Logger LOG = System.getLogger(EngineRoundTripsTest.class.getName());
  private static final Map<String, List<String>> POSTGRES = new LinkedHashMap<>();
  private static final Map<String, List<String>> MARIADB = new LinkedHashMap<>();

  @BeforeAll
  static void runTheFlow() {
    run(TestPostgres.get(), POSTGRES);
    run(TestMariaDb.get(), MARIADB);
  }

  private static void run(TestDatabase database, Map<String, List<String>> figures) {
    DataStoreConfig config = DataStoreConfig.parse(database.newConfig());
    JdbcSettings settings = JdbcSettings.from(config);
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(settings.jdbcUrl());
    pool.setUsername(settings.user());
    pool.setPassword(settings.password());
    pool.setMaximumPoolSize(2);
    try (HikariDataSource hikari = new HikariDataSource(pool)) {
      CountingDataSource counting = new CountingDataSource(hikari);
      try (DataStore store =
              JdbcDataStores.builder(counting)
                  .dialect(settings.dialect())
                  .sweepInterval(Duration.ZERO)
                  .build();
          Proauth2 oauth = Proauth2.builder().dataStore(store).build()) {
        EngineOperations.Probe probe =
            new EngineOperations.Probe() {
              @Override
              public <T> T run(String operation, Supplier<T> call) {
                counting.takeSent();
                T result = call.get();
                figures.put(operation, counting.takeSent());
                return result;
              }
            };
        EngineOperations.run(oauth, probe);
      }
    }
    StringBuilder table = new StringBuilder("statements per engine operation on " + database);
    figures.forEach(
        (operation, sent) ->
            table.append(String.format("%n  %-42s %2d %s", operation, sent.size(), sent)));
    LOG.log(Level.INFO, table.toString());
  }

  @Test
  @DisplayName("authenticateToken, the check on every API request, is one primary-key select")
  void authenticateToken() {
    assertEquals(List.of("SELECT tokens"), POSTGRES.get("authenticateToken"));
    assertEquals(List.of("SELECT tokens"), MARIADB.get("authenticateToken"));
  }

  @Test
  @DisplayName("registering a client is one statement on PostgreSQL: the put of its application")
  void registerApp() {
    assertEquals(List.of("put applications"), POSTGRES.get("registerApp"));
    assertEquals(
        List.of("SELECT FOR UPDATE applications", "INSERT applications", "COMMIT"),
        MARIADB.get("registerApp"));
  }

  @Test
  @DisplayName("introspecting an access token is one select, a refresh token two")
  void introspect() {
    assertEquals(List.of("SELECT tokens"), POSTGRES.get("introspect (access token)"));
    assertEquals(
        List.of("SELECT tokens", "SELECT refresh_tokens"),
        POSTGRES.get("introspect (refresh token)"));
  }

  @Test
  @DisplayName("redeeming a code is 5 statements on PostgreSQL: 2 selects, 2 puts, 1 replace")
  void codeExchange() {
    assertEquals(
        List.of("SELECT applications", "put nonce_codes"),
        POSTGRES.get("requestAuthorization (PKCE)"));
    assertEquals(
        List.of(
            "SELECT applications",
            "SELECT nonce_codes",
            "put refresh_tokens",
            "put tokens",
            "replace nonce_codes"),
        POSTGRES.get("requestAccessToken (authorization_code)"));
  }

  @Test
  @DisplayName("a refresh with rotation is 5 statements on PostgreSQL, as redeeming a code")
  void refresh() {
    assertEquals(
        List.of(
            "SELECT applications",
            "SELECT refresh_tokens",
            "put refresh_tokens",
            "put tokens",
            "replace refresh_tokens"),
        POSTGRES.get("requestAccessToken (refresh_token)"));
  }

  @Test
  @DisplayName("revoking an access token is 2 statements: select it, delete it")
  void revoke() {
    assertEquals(
        List.of("SELECT tokens", "DELETE tokens"), POSTGRES.get("revokeToken (access token)"));
  }

  @Test
  @DisplayName("revoking a refresh token with its grant is 6: 2 selects, 4 deletes by family")
  void revokeGrant() {
    assertEquals(
        List.of(
            "SELECT tokens",
            "SELECT refresh_tokens",
            "DELETE tokens",
            "DELETE refresh_tokens",
            "DELETE tokens",
            "DELETE refresh_tokens"),
        POSTGRES.get("revokeToken (refresh token, whole grant)"));
  }

  @Test
  @DisplayName("on MariaDB a put is a locking select, a write and a commit")
  void mariaDbPut() {
    assertEquals(
        List.of(
            "SELECT applications",
            "SELECT nonce_codes",
            "SELECT FOR UPDATE refresh_tokens",
            "INSERT refresh_tokens",
            "COMMIT",
            "SELECT FOR UPDATE tokens",
            "INSERT tokens",
            "COMMIT",
            "SELECT FOR UPDATE nonce_codes",
            "UPDATE nonce_codes",
            "COMMIT"),
        MARIADB.get("requestAccessToken (authorization_code)"));
  }
}

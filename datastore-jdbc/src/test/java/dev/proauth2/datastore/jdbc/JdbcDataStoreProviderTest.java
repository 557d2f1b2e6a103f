package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("opening a JDBC store")
class JdbcDataStoreProviderTest {

  @Test
  @DisplayName("Proauth2.open takes a JDBC URL: ServiceLoader finds the provider for 'jdbc'")
  void openedByJdbcUrl() {
    try (Proauth2 oauth = Proauth2.open(TestH2.get().newConfig())) {
      var app = oauth.registerApp("jdbc app", "https://app.example/cb");
      assertEquals(
          Optional.of("jdbc app"),
          oauth.findApp(app.clientId()).map(registration -> registration.name()));
      assertTrue(DataStores.installedSchemes().contains("jdbc"));
    }
  }

  @Test
  @DisplayName("a JDBC URL whose driver is not on the class path is a server_error saying so")
  void missingDriver() {
    Proauth2Exception e =
        assertThrows(
            Proauth2Exception.class,
            () -> DataStores.open("jdbc:mysql://127.0.0.1:1/auth?user=svc&password=hunter2"));
    assertEquals("server_error", e.error());
    assertTrue(e.getMessage().contains("No JDBC driver"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  @DisplayName("a database that cannot be reached is temporarily_unavailable, without the password")
  void unreachable() {
    DataStoreUnavailableException e =
        assertThrows(
            DataStoreUnavailableException.class,
            () ->
                DataStores.open(
                    "jdbc:postgresql://127.0.0.1:1/auth?user=svc&password=hunter2&timeout=250ms"));
    assertEquals("temporarily_unavailable", e.error());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      assertFalse(String.valueOf(cause.getMessage()).contains("hunter2"), cause.toString());
    }
  }

  @Test
  @DisplayName(
      "JdbcDataStores.builder finds the dialect of a DataSource and leaves it open at close")
  void onADataSource() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(TestH2.get().newConfig());
    DataStore store = JdbcDataStores.builder(h2).build();
    var record = Samples.token("alice", Samples.HOUR);
    store.put(Table.TOKENS, record);
    store.close();
    try (var connection = h2.getConnection();
        var count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM tokens")) {
      count.next();
      assertEquals(1, count.getInt(1));
    }
  }

  @Test
  @DisplayName("a call after close is an IllegalStateException")
  void closed() {
    DataStore store = TestH2.get().newStore();
    store.close();
    assertThrows(IllegalStateException.class, () -> store.fetch(Table.TOKENS, "x"));
  }

  @Test
  @DisplayName("the pool is handed connections, not the URL: HikariCP holds no URL and no password")
  void poolHoldsNoSecret() throws SQLException {
    String url = "jdbc:postgresql://svc:hunter2@db/auth?sslpassword=hunter2&sslmode=require";
    DataStoreConfig parsed = DataStoreConfig.parse(url);
    JdbcSettings settings = JdbcSettings.from(parsed);
    String location = DataStoreConfig.redact(settings.jdbcUrl());
    HikariConfig config =
        JdbcDataStores.poolConfig(
            settings,
            JdbcSettings.builder(parsed).options(),
            DriverManager.getDriver(settings.jdbcUrl()),
            location);
    assertNull(config.getJdbcUrl());
    assertNull(config.getUsername());
    assertNull(config.getPassword());
    assertTrue(config.getDataSourceProperties().isEmpty());
    String shown = config.getDataSource().toString();
    assertFalse(shown.contains("hunter2"), shown);
    assertTrue(shown.contains("sslpassword=REDACTED&sslmode=require"), shown);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {";PASSWORD=hunter2?user=sa", "?user=sa&password=hunter2"})
  @DisplayName("a store whose URL or options carry the password works, and never shows it")
  void passwordInUrlOrOptions(String credentials) {
    String config = TestH2.get().newConfig() + credentials;
    try (JdbcDataStore store = (JdbcDataStore) TestDatabase.open(config)) {
      var token = Samples.token("alice", Samples.HOUR);
      store.put(Table.TOKENS, token);
      assertTrue(store.fetch(Table.TOKENS, Samples.key(token)).isPresent());
      assertFalse(store.toString().contains("hunter2"), store.toString());
      assertTrue(store.toString().contains("jdbc:h2:mem:"), store.toString());
    }
    // The database was made with that password: another does not open it.
    String other = config.replace("hunter2", "hunter3");
    DataStoreUnavailableException e =
        assertThrows(DataStoreUnavailableException.class, () -> TestDatabase.open(other));
    assertFalse(e.getMessage().contains("hunter3"), e.getMessage());
  }
}

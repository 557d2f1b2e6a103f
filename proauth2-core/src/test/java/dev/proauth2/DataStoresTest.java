package dev.proauth2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import dev.proauth2.thirdparty.TinyDataStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DataStoresTest {

  @Test
  @DisplayName("a third-party store registered by its own services file is found by its scheme")
  void thirdPartyStoreIsFound() {
    try (DataStore store = DataStores.open("TINY:")) {
      assertInstanceOf(TinyDataStore.class, store);
    }
    assertTrue(DataStores.supports("tiny:"));
    assertTrue(DataStores.installedSchemes().contains("tiny"));
  }

  @Test
  @DisplayName("Proauth2.open chooses the third-party store by config string and uses it")
  void engineUsesThirdPartyStore() {
    try (Proauth2 oauth = Proauth2.open("tiny:")) {
      ClientRegistration app =
          oauth.registerApp(
              RegistrationRequest.builder("spa")
                  .redirectUri("https://spa.example/cb")
                  .authMethod("none")
                  .build());
      assertEquals("spa", app.name());
    }
  }

  @Test
  @DisplayName("a scheme no plugin answers names the installed schemes and the artifact to add")
  void missingScheme() {
    Proauth2Exception thrown =
        assertThrows(
            Proauth2Exception.class, () -> DataStores.open("redis://admin:hunter2@cache:6379/0"));
    assertEquals(Proauth2Exception.SERVER_ERROR, thrown.error());
    assertTrue(thrown.getMessage().contains("'redis'"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("tiny"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("dev.proauth2:datastore-redis"), thrown.getMessage());
    assertFalse(thrown.getMessage().contains("hunter2"), thrown.getMessage());
    assertFalse(DataStores.supports("redis://cache"));
  }

  @Test
  @DisplayName("two plugins claiming one scheme is an error that names both")
  void clashingSchemes() {
    Proauth2Exception thrown =
        assertThrows(Proauth2Exception.class, () -> DataStores.open("twin:"));
    assertTrue(thrown.getMessage().contains("TinyDataStoreProvider"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("TwinDataStoreProvider"), thrown.getMessage());
  }

  @Test
  @DisplayName("Proauth2.open() reads the proauth2.datastore system property")
  void openFromProperty() {
    System.setProperty(Proauth2.DATASTORE_PROPERTY, "tiny:");
    try (Proauth2 oauth = Proauth2.open()) {
      assertEquals(java.util.List.of("none"), oauth.capabilities().clientAuthMethods());
    } finally {
      System.clearProperty(Proauth2.DATASTORE_PROPERTY);
    }
  }

  @Test
  @DisplayName("Proauth2.open() with nothing configured says how to configure a store")
  void openWithNothingConfigured() {
    assumeTrue(System.getenv(Proauth2.DATASTORE_ENV) == null, "PROAUTH2_DATASTORE is set here");
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, Proauth2::open);
    assertTrue(thrown.getMessage().contains("PROAUTH2_DATASTORE"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("proauth2.datastore"), thrown.getMessage());
  }

  @Test
  @DisplayName("an engine closes a store it opened, but not one it was handed")
  void storeOwnership() {
    java.util.concurrent.atomic.AtomicInteger closes =
        new java.util.concurrent.atomic.AtomicInteger();
    TinyDataStore tiny = new TinyDataStore(java.time.Clock.systemUTC());
    dev.proauth2.spi.DataStore handed =
        new dev.proauth2.spi.DataStore() {
          @Override
          public java.util.Optional<dev.proauth2.spi.Record> fetch(Table table, String key) {
            return tiny.fetch(table, key);
          }

          @Override
          public java.util.Optional<dev.proauth2.spi.Record> put(
              Table table, dev.proauth2.spi.Record record) {
            return tiny.put(table, record);
          }

          @Override
          public java.util.Optional<dev.proauth2.spi.Record> replace(
              Table table, dev.proauth2.spi.Record record) {
            return tiny.replace(table, record);
          }

          @Override
          public boolean remove(Table table, String key) {
            return tiny.remove(table, key);
          }

          @Override
          public long removeAll(Table table, String field, String value) {
            return tiny.removeAll(table, field, value);
          }

          @Override
          public void close() {
            closes.incrementAndGet();
          }
        };
    Proauth2 engine = Proauth2.builder().dataStore(handed).build();
    engine.close();
    assertEquals(0, closes.get(), "a store handed in is left open");
    assertThrows(IllegalStateException.class, () -> engine.findApp("x"));
    assertEquals(0, tiny.fetch(Table.APPLICATIONS, "x").stream().count());
  }

  @Test
  @DisplayName("registering with a method that is not installed names the artifact to add")
  void missingAuthMethod() {
    try (Proauth2 oauth = Proauth2.open("tiny:")) {
      Proauth2Exception thrown =
          assertThrows(
              Proauth2Exception.class,
              () -> oauth.registerApp("web app", "https://app.example/cb"));
      assertEquals(Proauth2Exception.INVALID_CLIENT_METADATA, thrown.error());
      assertTrue(
          thrown.getMessage().contains("dev.proauth2:authmethod-basic"), thrown.getMessage());
    }
  }
}

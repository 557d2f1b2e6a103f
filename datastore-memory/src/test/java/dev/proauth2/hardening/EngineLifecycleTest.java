package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Opening and closing an engine: what it owns it closes, what it was handed it leaves open. */
@DisplayName("engine lifecycle")
class EngineLifecycleTest {

  @Test
  @DisplayName(
      "an engine on the system clock takes the store's word on expiry, and still refuses revoked"
          + " and unknown tokens")
  void systemClock() throws InterruptedException {
    try (Proauth2 oauth =
        Proauth2.builder().dataStore("memory:").accessTokenTtl(Duration.ofSeconds(1)).build()) {
      ClientRegistration service =
          oauth.registerApp(
              RegistrationRequest.builder("Service")
                  .redirectUri("https://service.example/cb")
                  .grantType(GrantType.CLIENT_CREDENTIALS)
                  .build());
      TokenResponse tokens =
          oauth.requestAccessToken(
              TokenRequest.clientCredentials(service.clientId(), service.clientSecret(), null));
      assertEquals(service.clientId(), oauth.authenticateToken(tokens.accessToken()).clientId());
      TokenResponse revoked =
          oauth.requestAccessToken(
              TokenRequest.clientCredentials(service.clientId(), service.clientSecret(), null));
      oauth.revokeToken(revoked.accessToken());
      for (String token : List.of(revoked.accessToken(), "unknown")) {
        assertEquals(
            Proauth2Exception.INVALID_TOKEN,
            assertThrows(Proauth2Exception.class, () -> oauth.authenticateToken(token).userId())
                .error());
      }
      Thread.sleep(1_100);
      assertEquals(
          Proauth2Exception.INVALID_TOKEN,
          assertThrows(
                  Proauth2Exception.class,
                  () -> oauth.authenticateToken(tokens.accessToken()).userId())
              .error(),
          "expired by the store's clock");
    }
  }

  @Test
  @DisplayName("an engine that opened its store from a config string closes it, and then refuses")
  void closesWhatItOpened() {
    Proauth2 oauth = Proauth2.open("memory:");
    String clientId = oauth.registerApp("app", Harness.REDIRECT).clientId();
    oauth.close();
    assertThrows(IllegalStateException.class, () -> oauth.findApp(clientId));
  }

  @Test
  @DisplayName("an engine handed a store leaves it open when it closes")
  void leavesHandedStoreOpen() {
    DataStore store = DataStores.open("memory:");
    try {
      Proauth2 oauth = Proauth2.builder().dataStore(store).build();
      String clientId = oauth.registerApp("app", Harness.REDIRECT).clientId();
      oauth.close();
      assertTrue(store.fetch(Table.APPLICATIONS, clientId).isPresent());
    } finally {
      store.close();
    }
  }

  @Test
  @DisplayName("Proauth2.open() takes the store from the proauth2.datastore system property")
  void openFromProperty() {
    String before = System.getProperty(Proauth2.DATASTORE_PROPERTY);
    System.setProperty(Proauth2.DATASTORE_PROPERTY, "memory:");
    try (Proauth2 oauth = Proauth2.open()) {
      assertTrue(oauth.findApp(oauth.registerApp("app", Harness.REDIRECT).clientId()).isPresent());
    } finally {
      restore(before);
    }
  }

  @Test
  @DisplayName("Proauth2.open() with nothing configured is a server_error that says what to set")
  void openWithNothingConfigured() {
    Assumptions.assumeTrue(
        System.getenv(Proauth2.DATASTORE_ENV) == null, "PROAUTH2_DATASTORE is set here");
    String before = System.getProperty(Proauth2.DATASTORE_PROPERTY);
    System.setProperty(Proauth2.DATASTORE_PROPERTY, " ");
    try {
      Proauth2Exception thrown = assertThrows(Proauth2Exception.class, Proauth2::open);
      assertEquals(Proauth2Exception.SERVER_ERROR, thrown.error());
      assertTrue(thrown.description().contains(Proauth2.DATASTORE_ENV), thrown.description());
      assertTrue(thrown.description().contains(Proauth2.DATASTORE_PROPERTY));
    } finally {
      restore(before);
    }
  }

  private static void restore(String value) {
    if (value == null) {
      System.clearProperty(Proauth2.DATASTORE_PROPERTY);
    } else {
      System.setProperty(Proauth2.DATASTORE_PROPERTY, value);
    }
  }

  @Test
  @DisplayName("the engine names its installed client authentication methods and its issuer")
  void introspection() {
    try (Proauth2 oauth = Proauth2.open("memory:")) {
      assertTrue(
          oauth
              .capabilities()
              .clientAuthMethods()
              .containsAll(List.of("client_secret_basic", "client_secret_post", "none")),
          oauth.capabilities().clientAuthMethods().toString());
      assertEquals(Optional.empty(), oauth.issuer());
    }
  }
}

package dev.proauth2;

import static dev.proauth2.TestEngine.REDIRECT;
import static dev.proauth2.TestEngine.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Clients the host declares under an id and secret it chose, applied at every start. */
class DeclaredClientsTest {

  private static final String SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret-0001";
  private static final String OTHER_SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret-0002";

  private final List<Proauth2Event> events = new CopyOnWriteArrayList<>();
  private final TestEngine engine = new TestEngine(builder -> builder.listener(events::add));
  private final Proauth2 oauth = engine.oauth;

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  private static RegistrationRequest orders(String scope) {
    return RegistrationRequest.builder("orders")
        .grantType(GrantType.CLIENT_CREDENTIALS)
        .scope(scope)
        .build();
  }

  private String token(String clientId, String secret) {
    return oauth
        .requestAccessToken(TokenRequest.clientCredentials(clientId, secret, null))
        .accessToken();
  }

  @Test
  @DisplayName(
      "a declared client is registered under the host's id and authenticates with its secret")
  void registersUnderTheHostsId() {
    ClientRegistration applied =
        oauth.applyApp("orders-api", ClientSecret.of(SECRET), orders("read"));

    assertEquals("orders-api", applied.clientId());
    assertNull(applied.clientSecret(), "the host knows its secret; it is not handed back");
    assertEquals("orders-api", oauth.authenticateToken(token("orders-api", SECRET)).clientId());
  }

  @Test
  @DisplayName("a secret given as its SHA-256 hash authenticates the client with the secret itself")
  void hashedSecret() {
    oauth.applyApp("orders-api", ClientSecret.hashed(SecretHashes.sha256(SECRET)), orders("read"));

    assertEquals("orders-api", oauth.authenticateToken(token("orders-api", SECRET)).clientId());
  }

  @Test
  @DisplayName("applying the same declaration again writes nothing and tells no listener")
  void idempotent() {
    oauth.applyApp("orders-api", ClientSecret.of(SECRET), orders("read"));
    assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
    long changes = engine.store.changes();
    events.clear();
    engine.clock.advance(Duration.ofMinutes(5));

    oauth.applyApp("orders-api", ClientSecret.of(SECRET), orders("read"));

    assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
    assertEquals(changes, engine.store.changes());
    assertEquals(List.of(), events);
  }

  @Test
  @DisplayName(
      "a changed declaration updates the client in place: new scope and secret, the old secret"
          + " refused, one client under the id")
  void updates() {
    oauth.applyApp("orders-api", ClientSecret.of(SECRET), orders("read"));
    assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
    events.clear();

    ClientRegistration updated =
        oauth.applyApp("orders-api", ClientSecret.of(OTHER_SECRET), orders("read write"));

    assertEquals("read write", updated.scope());
    assertEquals("read write", oauth.findApp("orders-api").orElseThrow().scope());
    assertError(Proauth2Exception.INVALID_CLIENT, () -> token("orders-api", SECRET));
    assertEquals(
        "orders-api", oauth.authenticateToken(token("orders-api", OTHER_SECRET)).clientId());
    assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
    assertTrue(events.stream().anyMatch(Proauth2Event.ClientSecretRotated.class::isInstance));
    assertFalse(events.stream().anyMatch(Proauth2Event.ClientRegistered.class::isInstance));
  }

  @Test
  @DisplayName(
      "a declaration the registration rules refuse is refused the same way, storing nothing")
  void refusedLikeRegistration() {
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REDIRECT_URI,
        () ->
            oauth.applyApp(
                "web",
                ClientSecret.of(SECRET),
                RegistrationRequest.builder("web").redirectUri("http://app.example/cb").build()));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT_METADATA,
        () -> oauth.applyApp("bad id", ClientSecret.of(SECRET), orders("read")));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT_METADATA,
        () -> oauth.applyApp("x".repeat(300), ClientSecret.of(SECRET), orders("read")));
  }

  @Test
  @DisplayName(
      "a secret missing for client_secret_basic, or given for a public client, is the host's"
          + " mistake and stores nothing")
  void secretMatchesTheMethod() {
    long before = engine.store.changes();
    assertThrows(
        IllegalArgumentException.class, () -> oauth.applyApp("orders-api", null, orders("read")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            oauth.applyApp(
                "spa",
                ClientSecret.of(SECRET),
                RegistrationRequest.builder("spa")
                    .redirectUri(REDIRECT)
                    .authMethod("none")
                    .build()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            oauth.applyApp(
                "short-lived",
                ClientSecret.of(SECRET),
                RegistrationRequest.builder("short-lived")
                    .grantType(GrantType.CLIENT_CREDENTIALS)
                    .lifetime(Duration.ofHours(1))
                    .build()));
    assertEquals(before, engine.store.changes());
    ClientRegistration spa =
        oauth.applyApp(
            "spa",
            null,
            RegistrationRequest.builder("spa").redirectUri(REDIRECT).authMethod("none").build());
    assertEquals("none", spa.authMethod());
  }

  @Test
  @DisplayName(
      "a secret in clear shorter than 32 characters, or a hash that is no SHA-256, is refused,"
          + " and neither is ever printed")
  void secretBounds() {
    IllegalArgumentException tooShort =
        assertThrows(IllegalArgumentException.class, () -> ClientSecret.of("secret"));
    assertFalse(tooShort.getMessage().contains("secret\""));
    assertThrows(IllegalArgumentException.class, () -> ClientSecret.of(SECRET + "\n"));
    assertThrows(IllegalArgumentException.class, () -> ClientSecret.hashed(SECRET));
    assertThrows(IllegalArgumentException.class, () -> ClientSecret.hashed("A".repeat(42) + "B"));
    ClientSecret.hashed("A".repeat(42) + "A");
    assertEquals("ClientSecret[REDACTED]", ClientSecret.of(SECRET).toString());
    assertEquals(ClientSecret.of(SECRET), ClientSecret.hashed(hashOf(SECRET)));
  }

  private static String hashOf(String secret) {
    return SecretHashes.sha256(secret);
  }

  @Test
  @DisplayName(
      "with Client ID Metadata Documents on, a declared id that is an https URL is refused")
  void noDocumentUrls() {
    try (TestEngine documents =
        new TestEngine(
            builder ->
                builder.clientIdMetadataDocuments(ClientIdMetadataDocuments.builder().build()))) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              documents.oauth.applyApp(
                  "https://app.example/client.json", ClientSecret.of(SECRET), orders("read")));
    }
  }
}

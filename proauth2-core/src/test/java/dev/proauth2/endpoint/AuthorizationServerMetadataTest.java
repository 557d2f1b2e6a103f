package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.Proauth2;
import dev.proauth2.internal.JsonReader;
import dev.proauth2.thirdparty.TinyDataStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuthorizationServerMetadataTest {

  private final Fixture fixture = new Fixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @DisplayName("the document names the issuer, every endpoint and what the server supports")
  void document() {
    Map<String, Object> fields =
        AuthorizationServerMetadata.builder(fixture.oauth).build().fields();
    assertEquals("https://auth.example", fields.get("issuer"));
    assertEquals("https://auth.example/authorize", fields.get("authorization_endpoint"));
    assertEquals("https://auth.example/token", fields.get("token_endpoint"));
    assertEquals("https://auth.example/register", fields.get("registration_endpoint"));
    assertEquals("https://auth.example/revoke", fields.get("revocation_endpoint"));
    assertEquals("https://auth.example/introspect", fields.get("introspection_endpoint"));
    assertEquals(List.of("code"), fields.get("response_types_supported"));
    assertEquals(List.of("S256"), fields.get("code_challenge_methods_supported"));
    assertEquals(List.of("none"), fields.get("token_endpoint_auth_methods_supported"));
    // public clients cannot introspect, and core's tests install no other method
    assertFalse(fields.containsKey("introspection_endpoint_auth_methods_supported"));
    assertEquals(true, fields.get("authorization_response_iss_parameter_supported"));
    assertEquals(
        List.of(
            "authorization_code",
            "refresh_token",
            "client_credentials",
            "urn:ietf:params:oauth:grant-type:device_code"),
        fields.get("grant_types_supported"));
    assertEquals(
        "https://auth.example/device_authorization", fields.get("device_authorization_endpoint"));
  }

  @Test
  @DisplayName("GET answers the JSON, cacheable; another method is 405")
  void handle() {
    AuthorizationServerMetadata metadata =
        AuthorizationServerMetadata.builder(fixture.oauth).build();
    EndpointResponse response = metadata.handle(Fixture.get(null));
    assertEquals(200, response.status());
    assertEquals(Optional.of(EndpointResponse.JSON), response.header("Content-Type"));
    assertEquals(Optional.of("public, max-age=300"), response.header("Cache-Control"));
    assertEquals(metadata.fields(), JsonReader.readObject(response.body()));
    EndpointResponse post = metadata.handle(Fixture.form(""));
    assertEquals(405, post.status());
    assertEquals(Optional.of("GET"), post.header("Allow"));
  }

  @Test
  @DisplayName(
      "endpoints set once on the engine move in the document; a path resolves against the issuer")
  void customEndpoints() {
    try (Proauth2 oauth =
        Proauth2.builder()
            .dataStore("tiny:")
            .issuer("https://auth.example")
            .tokenEndpoint("/oauth/token")
            .authorizationEndpoint("https://login.example/authorize")
            .registrationEndpoint(null)
            .introspectionEndpoint(null)
            .discoverListeners(false)
            .build()) {
      Map<String, Object> fields =
          AuthorizationServerMetadata.builder(oauth)
              .scopesSupported(List.of("read", "write"))
              .build()
              .fields();
      assertEquals("https://auth.example/oauth/token", fields.get("token_endpoint"));
      assertEquals("https://login.example/authorize", fields.get("authorization_endpoint"));
      assertFalse(fields.containsKey("registration_endpoint"));
      assertFalse(fields.containsKey("introspection_endpoint_auth_methods_supported"));
      assertEquals(List.of("read", "write"), fields.get("scopes_supported"));
    }
  }

  @Test
  @DisplayName(
      "an endpoint that is neither a path nor an http(s) URL is the caller's mistake: an"
          + " IllegalArgumentException naming it")
  void badEndpoint() {
    String message =
        assertThrows(
                IllegalArgumentException.class, () -> Proauth2.builder().tokenEndpoint("token"))
            .getMessage();
    assertTrue(message.endsWith(": token"));
  }

  @Test
  @DisplayName("the well-known path carries the issuer's path (RFC 8414 section 3.1)")
  void wellKnownPath() {
    assertEquals(
        "/.well-known/oauth-authorization-server",
        AuthorizationServerMetadata.builder(fixture.oauth).build().wellKnownPath());
    try (TinyDataStore store = new TinyDataStore(java.time.Clock.systemUTC());
        Proauth2 tenant =
            Proauth2.builder().dataStore(store).issuer("https://auth.example/tenant1").build()) {
      AuthorizationServerMetadata metadata = AuthorizationServerMetadata.builder(tenant).build();
      assertEquals("/.well-known/oauth-authorization-server/tenant1", metadata.wellKnownPath());
      assertEquals("https://auth.example/tenant1/token", metadata.fields().get("token_endpoint"));
    }
  }

  @Test
  @DisplayName("an engine without an issuer cannot publish metadata, and is told how to set one")
  void noIssuer() {
    try (TinyDataStore store = new TinyDataStore(java.time.Clock.systemUTC());
        Proauth2 anonymous = Proauth2.builder().dataStore(store).build()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> AuthorizationServerMetadata.builder(anonymous));
      assertTrue(e.getMessage().contains("issuer("));
    }
  }

  private static void assertTrue(boolean condition) {
    org.junit.jupiter.api.Assertions.assertTrue(condition);
  }
}

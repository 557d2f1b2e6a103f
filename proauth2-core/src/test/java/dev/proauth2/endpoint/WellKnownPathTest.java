package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.Proauth2;
import dev.proauth2.thirdparty.TinyDataStore;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where the metadata documents are served: the well-known URI inserted between host and path (RFC
 * 8414 and RFC 9728, section 3.1 of each). The two differ on a trailing slash: an issuer's is
 * removed wherever it is, a resource's only right after the host, since a resource's document must
 * name the resource exactly as the URL it was fetched from was made.
 */
@DisplayName("well-known paths")
class WellKnownPathTest {

  private final TinyDataStore store = new TinyDataStore(Clock.systemUTC());
  private final Proauth2 oauth =
      Proauth2.builder()
          .dataStore(store)
          .issuer(Fixture.ISSUER)
          .resource("https://api.example")
          .resource("https://api.example/")
          .resource("https://api.example/mcp")
          .resource("https://api.example/mcp/")
          .resource("https://api.example/a/b/")
          .discoverListeners(false)
          .build();

  @AfterEach
  void close() {
    oauth.close();
    store.close();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://api.example, /.well-known/oauth-protected-resource",
    "https://api.example/, /.well-known/oauth-protected-resource",
    "https://api.example/mcp, /.well-known/oauth-protected-resource/mcp",
    "https://api.example/mcp/, /.well-known/oauth-protected-resource/mcp/",
    "https://api.example/a/b/, /.well-known/oauth-protected-resource/a/b/"
  })
  @DisplayName(
      "a resource's document is at the well-known path with its path as spelled, only the slash"
          + " right after the host removed (RFC 9728 section 3.1), and names the resource exactly")
  void resource(String resource, String path) {
    ProtectedResource protectedResource = ProtectedResource.builder(oauth, resource).build();
    assertEquals(path, protectedResource.wellKnownPath());
    assertEquals("https://api.example" + path, protectedResource.metadataUrl());
    EndpointResponse served =
        protectedResource.handleMetadata(EndpointRequest.builder("GET").build());
    assertEquals(resource, Fixture.json(served).get("resource"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://auth.example, /.well-known/oauth-authorization-server",
    "https://auth.example/, /.well-known/oauth-authorization-server",
    "https://auth.example/tenant1, /.well-known/oauth-authorization-server/tenant1",
    "https://auth.example/tenant1/, /.well-known/oauth-authorization-server/tenant1",
    "https://auth.example/a/b/, /.well-known/oauth-authorization-server/a/b"
  })
  @DisplayName(
      "an issuer's document is at the well-known path with the issuer's path, its terminating"
          + " slash removed (RFC 8414 section 3.1)")
  void issuer(String issuer, String path) {
    try (TinyDataStore tenantStore = new TinyDataStore(Clock.systemUTC());
        Proauth2 tenant = Proauth2.builder().dataStore(tenantStore).issuer(issuer).build()) {
      assertEquals(path, AuthorizationServerMetadata.builder(tenant).build().wellKnownPath());
    }
  }

  @Test
  @DisplayName("the 401 challenge names the document at the path the resource serves it")
  void challengeNamesServedPath() {
    ProtectedResource mcp = ProtectedResource.builder(oauth, "https://api.example/mcp/").build();
    String challenge =
        mcp.authorize(EndpointRequest.builder("GET").build())
            .refusal()
            .header("WWW-Authenticate")
            .orElseThrow();
    assertTrue(
        challenge.contains(
            "resource_metadata=\"https://api.example/.well-known/oauth-protected-resource/mcp/\""),
        challenge);
  }
}

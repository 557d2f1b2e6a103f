package dev.proauth2.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.proauth2.Proauth2;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The OpenID Provider configuration document (OpenID Connect Discovery 1.0 sections 3 and 4). */
class DiscoveryTest {

  /** Every member Discovery section 3 marks RECOMMENDED, besides the REQUIRED ones. */
  private static final List<String> RECOMMENDED =
      List.of("userinfo_endpoint", "registration_endpoint", "scopes_supported", "claims_supported");

  private static EndpointResponse get(OpenIdConfiguration document) {
    return document.handle(EndpointRequest.builder("GET").build());
  }

  @Test
  @DisplayName("the document parses as OpenID Provider metadata, with the engine's endpoints")
  void parses() throws Exception {
    try (OpenIdEngine engine =
        new OpenIdEngine(p -> {}, e -> e.registrationEndpoint("/register"))) {
      EndpointResponse response = get(OpenIdConfiguration.of(engine.oauth));
      assertEquals(200, response.status());
      OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(response.body());
      assertEquals(OpenIdEngine.ISSUER, metadata.getIssuer().getValue());
      assertEquals(OpenIdEngine.ISSUER + "/userinfo", metadata.getUserInfoEndpointURI().toString());
      assertEquals(OpenIdEngine.ISSUER + "/jwks", metadata.getJWKSetURI().toString());
      assertEquals("RS256", metadata.getIDTokenJWSAlgs().get(0).getName());
      assertEquals("public", metadata.getSubjectTypes().get(0).toString());
      assertTrue(metadata.getScopes().contains("openid"));
    }
  }

  @Test
  @DisplayName("every REQUIRED and RECOMMENDED member of Discovery section 3 is present")
  void complete() {
    try (OpenIdEngine engine =
        new OpenIdEngine(p -> {}, e -> e.registrationEndpoint("/register"))) {
      Map<String, Object> fields = OpenIdConfiguration.of(engine.oauth).fields();
      for (String member : OpenIdConfiguration.REQUIRED) {
        assertTrue(fields.containsKey(member), member);
      }
      for (String member : RECOMMENDED) {
        assertTrue(fields.containsKey(member), member);
      }
    }
  }

  @Test
  @DisplayName("the RFC 8414 document and the OpenID one agree member for member")
  void consistent() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      AuthorizationServerMetadata oauthMetadata =
          AuthorizationServerMetadata.builder(engine.oauth).build();
      assertEquals(oauthMetadata.fields(), OpenIdConfiguration.of(oauthMetadata).fields());
      assertTrue(oauthMetadata.fields().containsKey("userinfo_endpoint"));
    }
  }

  @Test
  @DisplayName("the document is served at the issuer's path followed by the well-known suffix")
  void wellKnownPath() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      assertEquals(
          "/.well-known/openid-configuration",
          OpenIdConfiguration.of(engine.oauth).wellKnownPath());
    }
    try (OpenIdEngine engine =
        new OpenIdEngine(p -> {}, e -> e.issuer("https://op.example/tenant/"))) {
      assertEquals(
          "/tenant/.well-known/openid-configuration",
          OpenIdConfiguration.of(engine.oauth).wellKnownPath());
    }
  }

  @Test
  @DisplayName("an engine the provider was not applied to has no OpenID configuration")
  void notApplied() {
    try (Proauth2 plain =
        Proauth2.builder()
            .dataStore("memory:")
            .issuer(OpenIdEngine.ISSUER)
            .discoverListeners(false)
            .build()) {
      assertThrows(IllegalArgumentException.class, () -> OpenIdConfiguration.of(plain));
    }
  }

  @Test
  @DisplayName("only GET is answered, and the document may be cached")
  void methods() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      OpenIdConfiguration document = OpenIdConfiguration.of(engine.oauth);
      assertEquals(405, document.handle(EndpointRequest.builder("POST").build()).status());
      assertEquals("public, max-age=300", get(document).header("Cache-Control").orElseThrow());
    }
  }
}

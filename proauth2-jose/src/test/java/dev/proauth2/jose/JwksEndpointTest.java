package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.JwksEndpoint;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The jwks_uri: served by the endpoint helper, advertised in the metadata")
class JwksEndpointTest {

  @Test
  @DisplayName("GET answers the public keys as application/jwk-set+json, cached a quarter period")
  void get() throws Exception {
    try (Proauth2 oauth =
        Proauth2.builder()
            .dataStore("memory:")
            .issuer(Engines.ISSUER)
            .signing(
                JoseSigning.builder()
                    .keys(ManagedSigningKeys.rotatingEvery(Duration.ofMinutes(8)))
                    .build())
            .discoverListeners(false)
            .build()) {
      EndpointResponse response =
          new JwksEndpoint(oauth).handle(EndpointRequest.builder("GET").build());
      assertEquals(200, response.status());
      assertEquals("application/jwk-set+json", response.header("Content-Type").orElseThrow());
      assertEquals("public, max-age=120", response.header("Cache-Control").orElseThrow());
      JWKSet set = JWKSet.parse(response.body());
      assertEquals(2, set.getKeys().size());
      assertFalse(response.body().contains("\"d\""), "no private part");
      EndpointResponse post =
          new JwksEndpoint(oauth).handle(EndpointRequest.builder("POST").build());
      assertEquals(405, post.status());
      assertEquals("GET", post.header("Allow").orElseThrow());
      AuthorizationServerMetadata metadata = AuthorizationServerMetadata.builder(oauth).build();
      assertEquals(Engines.ISSUER + "/jwks", metadata.fields().get("jwks_uri"));
      assertEquals("/jwks", oauth.endpoints().jwks().orElseThrow());
    }
  }

  @Test
  @DisplayName("an engine that signs nothing answers 404 and advertises no jwks_uri")
  void noSigner() {
    try (Proauth2 oauth =
        Proauth2.builder().dataStore(DataStores.open("memory:")).issuer(Engines.ISSUER).build()) {
      assertEquals(
          404, new JwksEndpoint(oauth).handle(EndpointRequest.builder("GET").build()).status());
      assertFalse(
          AuthorizationServerMetadata.builder(oauth).build().fields().containsKey("jwks_uri"));
      assertTrue(oauth.endpoints().jwks().isEmpty());
    }
  }
}

package dev.proauth2.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.testkit.Browser;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The servlet serves the jwks_uri of an engine that signs, at the engine's path")
class ServletJwksTest {

  private final RawHttp http =
      new RawHttp(
          new JettyServer(
              "", engine -> engine.signing(JoseSigning.managedKeys()).jwksEndpoint("/oauth/jwks")));

  @AfterEach
  void close() {
    http.close();
  }

  @Test
  @DisplayName("GET /oauth/jwks: the public keys, advertised as jwks_uri; nothing at /jwks")
  void jwks() throws Exception {
    assertTrue(
        Proauth2Servlet.builder(http.server.oauth(), new JettyServer.TestConsentPage())
            .build()
            .paths()
            .contains("/oauth/jwks"));
    HttpResponse<String> jwks = http.get("/oauth/jwks");
    assertEquals(200, jwks.statusCode(), jwks.body());
    assertEquals(
        "application/jwk-set+json", jwks.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(jwks.headers().firstValue("Cache-Control").orElseThrow().startsWith("public"));
    JWKSet set = JWKSet.parse(jwks.body());
    assertEquals(2, set.getKeys().size());
    assertFalse(set.getKeys().get(0).isPrivate());
    Map<String, Object> metadata =
        Browser.json(http.get("/.well-known/oauth-authorization-server"));
    assertEquals(http.server.issuer() + "/oauth/jwks", metadata.get("jwks_uri"));
    assertEquals(404, http.get("/jwks").statusCode());
  }
}

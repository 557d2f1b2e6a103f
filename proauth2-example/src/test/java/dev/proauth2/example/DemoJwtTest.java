package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.testkit.Browser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The demo with --access-token-format jwt, verified by jose4j from its jwks_uri")
class DemoJwtTest {

  @Test
  @DisplayName(
      "client_credentials gives a JWT that jose4j verifies with the keys it fetched from the"
          + " metadata's jwks_uri; /me and introspection take it too")
  void jwtOverHttp() throws Exception {
    try (RawHttp http =
        new RawHttp(
            ServeOptions.parse(
                List.of(
                    "--port",
                    "0",
                    "--access-token-format",
                    "jwt",
                    "--signing-key-rotation",
                    "60")))) {
      Map<String, Object> metadata =
          Browser.json(http.get("/.well-known/oauth-authorization-server"));
      String jwksUri = (String) metadata.get("jwks_uri");
      assertEquals(http.base + "/jwks", jwksUri.replace("localhost", "127.0.0.1"));
      HttpResponse<String> jwks = http.get("/jwks");
      assertEquals(200, jwks.statusCode());
      assertEquals("public, max-age=15", jwks.headers().firstValue("Cache-Control").orElseThrow());
      assertFalse(jwks.body().contains("\"d\""));

      Map<String, Object> client =
          http.register("{\"grant_types\":[\"client_credentials\"],\"scope\":\"read\"}");
      String basic =
          Browser.basic((String) client.get("client_id"), (String) client.get("client_secret"));
      HttpResponse<String> token =
          http.form("/token", "grant_type=client_credentials&scope=read", "Authorization", basic);
      assertEquals(200, token.statusCode(), token.body());
      String jwt = (String) Browser.json(token).get("access_token");
      assertEquals(3, jwt.split("\\.").length);

      HttpsJwks keys = new HttpsJwks(http.base + "/jwks");
      JwtClaims claims =
          new JwtConsumerBuilder()
              .setExpectedType(true, "at+jwt")
              .setExpectedIssuer((String) metadata.get("issuer"))
              .setExpectedAudience((String) metadata.get("issuer"))
              .setRequireExpirationTime()
              .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(keys))
              .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "ES256")
              .build()
              .processToClaims(jwt);
      assertEquals(client.get("client_id"), claims.getSubject());
      assertEquals("read", claims.getStringClaimValue("scope"));

      HttpResponse<String> me = http.get("/me", "Authorization", "Bearer " + jwt);
      assertEquals(200, me.statusCode(), me.body());
      HttpResponse<String> introspection =
          http.form("/introspect", "token=" + jwt, "Authorization", basic);
      assertTrue(introspection.body().contains("\"active\":true"), introspection.body());
    }
  }

  @Test
  @DisplayName("by default the demo's tokens are opaque, and it publishes its keys all the same")
  void opaqueByDefault() {
    try (RawHttp http = new RawHttp(false)) {
      assertEquals(200, http.get("/jwks").statusCode());
      Map<String, Object> client =
          http.register("{\"grant_types\":[\"client_credentials\"],\"scope\":\"read\"}");
      String basic =
          Browser.basic((String) client.get("client_id"), (String) client.get("client_secret"));
      String token =
          (String)
              Browser.json(
                      http.form("/token", "grant_type=client_credentials", "Authorization", basic))
                  .get("access_token");
      assertFalse(token.contains("."));
    }
  }
}

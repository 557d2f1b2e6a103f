package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo server launched as a real module ({@code java -p ... -m}) with {@code authmethod-jwt},
 * nimbus-jose-jwt and Tink on the module path: the method is bound as a provider, and an EdDSA
 * assertion is verified there, where nimbus-jose-jwt reaches Tink only through the plugin's {@code
 * requires}.
 */
class PrivateKeyJwtModulePathTest {

  @Test
  @DisplayName(
      "on the module path, the demo offers private_key_jwt and accepts an Ed25519 assertion")
  void ed25519OnModulePath() throws Exception {
    String modules =
        String.join(
            File.pathSeparator,
            ModulePathEntries.module("proauth2-example"),
            ModulePathEntries.module("proauth2-core"),
            ModulePathEntries.module("proauth2-api"),
            ModulePathEntries.module("datastore-memory"),
            ModulePathEntries.module("authmethod-jwt"),
            ModulePathEntries.signing());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-p",
            modules,
            "-m",
            "dev.proauth2.example/dev.proauth2.example.Main",
            "serve",
            "--port",
            "0"));
    Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String base = baseUrl(server);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

      HttpResponse<String> metadata =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/.well-known/oauth-authorization-server"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertTrue(metadata.body().contains("private_key_jwt"), metadata.body());

      OctetKeyPair key = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-mp").generate();
      HttpResponse<String> registered =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/register"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"grant_types\":[\"client_credentials\"],"
                              + "\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":"
                              + new JWKSet(key.toPublicJWK())
                              + "}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, registered.statusCode(), registered.body());
      String clientId = (String) JSONObjectUtils.parse(registered.body()).get("client_id");

      Map<String, Object> meta = JSONObjectUtils.parse(metadata.body());
      SignedJWT assertion =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.getKeyID()).build(),
              new JWTClaimsSet.Builder()
                  .issuer(clientId)
                  .subject(clientId)
                  .audience((String) meta.get("issuer"))
                  .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                  .jwtID(UUID.randomUUID().toString())
                  .build());
      assertion.sign(new Ed25519Signer(key));
      HttpResponse<String> token =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/token"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "grant_type=client_credentials&client_assertion_type="
                              + URLEncoder.encode(
                                  "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                  StandardCharsets.UTF_8)
                              + "&client_assertion="
                              + assertion.serialize()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, token.statusCode(), token.body());
      assertTrue(token.body().contains("\"access_token\""), token.body());
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Reads the server's first lines until it says where it listens. */
  private static String baseUrl(Process server) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String line;
    while (System.nanoTime() < end && (line = out.readLine()) != null) {
      seen.append(line).append('\n');
      int at = line.indexOf("listening on http://127.0.0.1:");
      if (at >= 0) {
        String rest = line.substring(at + "listening on ".length());
        return rest.substring(0, rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' '));
      }
    }
    throw new AssertionError("the server did not start:\n" + seen);
  }
}

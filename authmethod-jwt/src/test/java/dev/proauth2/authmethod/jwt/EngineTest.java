package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** private_key_jwt inside a real engine: found on the class path, registered, rotated, listed. */
class EngineTest {

  private final JwtEngine engine = new JwtEngine();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  @DisplayName("the engine finds private_key_jwt on the class path")
  void discovered() {
    assertTrue(engine.oauth.capabilities().clientAuthMethods().contains(PrivateKeyJwt.NAME));
  }

  @Test
  @DisplayName("a registered client gets no secret, and the store holds only its public keys")
  void registration() {
    ClientRegistration client = engine.register(TestKeys.EC, TestKeys.RSA);
    assertNull(client.clientSecret());
    assertEquals(PrivateKeyJwt.NAME, client.authMethod());
    Record stored = engine.store.fetch(Table.APPLICATIONS, client.clientId()).orElseThrow();
    assertTrue(stored.string(Table.SECRET_HASH).isEmpty());
    String jwks = stored.string(Table.JWKS).orElseThrow();
    assertFalse(jwks.contains("\"d\"") || jwks.contains("\"p\"") || jwks.contains("\"q\""), jwks);
  }

  @Test
  @DisplayName("client_credentials with a valid assertion issues a token for the client")
  void token() {
    ClientRegistration client = engine.register(TestKeys.EC);
    EndpointResponse response =
        engine.clientCredentials(engine.assertion(client.clientId()).signedWith(TestKeys.EC));
    assertEquals(200, response.status(), response.body());
    assertTrue(response.body().contains("\"access_token\""));
    assertEquals(1, engine.store.writes(Table.ONE_TIME_IDS));
  }

  @Test
  @DisplayName("an instance given to the builder, with its own settings, replaces the one found")
  void configuredInstance() {
    PrivateKeyJwtSettings strict =
        new PrivateKeyJwtSettings(
            Duration.ofSeconds(30),
            Duration.ZERO,
            64 * 1024,
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            false);
    try (Proauth2 oauth =
        Proauth2.builder()
            .dataStore("memory:")
            .issuer(Assertion.ISSUER)
            .clientAuthMethod(new PrivateKeyJwt(strict))
            .discoverListeners(false)
            .build()) {
      ClientRegistration client =
          oauth.registerApp(
              RegistrationRequest.builder("c")
                  .authMethod(PrivateKeyJwt.NAME)
                  .grantType(GrantType.CLIENT_CREDENTIALS)
                  .jwks(TestKeys.jwks(TestKeys.EC))
                  .build());
      // 60 s ahead: the defaults (5 min) accept it, as token() shows; these settings do not.
      String assertion =
          Assertion.forClient(client.clientId(), Instant.now())
              .claim("aud", Assertion.ISSUER)
              .signedWith(TestKeys.EC);
      Proauth2Exception refused =
          assertThrows(
              Proauth2Exception.class,
              () ->
                  oauth.requestAccessToken(
                      dev.proauth2.TokenRequest.clientCredentials(
                          client.clientId(), assertion, null)));
      assertEquals(Proauth2Exception.INVALID_CLIENT, refused.error());
      assertTrue(refused.description().contains("exp"), refused.description());
    }
  }

  @Test
  @DisplayName("the Java API takes the assertion where a secret would go")
  void javaApi() {
    ClientRegistration client = engine.register(TestKeys.ED25519);
    String assertion = engine.assertion(client.clientId()).signedWith(TestKeys.ED25519);
    String accessToken =
        engine
            .oauth
            .requestAccessToken(
                dev.proauth2.TokenRequest.clientCredentials(client.clientId(), assertion, null))
            .accessToken();
    assertTrue(engine.oauth.authenticateToken(accessToken).isClient());
  }

  @Test
  @DisplayName("rotateKeys: the old key is refused at once, the new one accepted")
  void rotation() {
    ClientRegistration client = engine.register(TestKeys.EC);
    assertEquals(
        200,
        engine
            .clientCredentials(engine.assertion(client.clientId()).signedWith(TestKeys.EC))
            .status());
    engine.oauth.rotateKeys(client.clientId(), TestKeys.jwks(TestKeys.ED25519), null);
    EndpointResponse old =
        engine.clientCredentials(engine.assertion(client.clientId()).signedWith(TestKeys.EC));
    assertEquals(401, old.status(), old.body());
    assertTrue(old.body().contains("invalid_client"));
    assertEquals(
        200,
        engine
            .clientCredentials(engine.assertion(client.clientId()).signedWith(TestKeys.ED25519))
            .status());
  }

  @Test
  @DisplayName("rotateKeys refuses a private key and keeps the old keys")
  void rotationRefused() {
    ClientRegistration client = engine.register(TestKeys.EC);
    Proauth2Exception refused =
        assertThrows(
            Proauth2Exception.class,
            () ->
                engine.oauth.rotateKeys(
                    client.clientId(),
                    new com.nimbusds.jose.jwk.JWKSet(TestKeys.ED25519).toString(false),
                    null));
    assertEquals(Proauth2Exception.INVALID_CLIENT_METADATA, refused.error());
    assertEquals(
        200,
        engine
            .clientCredentials(engine.assertion(client.clientId()).signedWith(TestKeys.EC))
            .status());
  }

  @Test
  @DisplayName("registration without keys, or with a private key, stores nothing")
  void registrationRefused() {
    for (RegistrationRequest request :
        List.of(
            RegistrationRequest.builder("no keys")
                .authMethod(PrivateKeyJwt.NAME)
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .build(),
            RegistrationRequest.builder("private key")
                .authMethod(PrivateKeyJwt.NAME)
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .jwks(new com.nimbusds.jose.jwk.JWKSet(TestKeys.EC).toString(false))
                .build(),
            RegistrationRequest.builder("plain http")
                .authMethod(PrivateKeyJwt.NAME)
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .jwksUri("http://client.example/jwks")
                .build())) {
      Proauth2Exception refused =
          assertThrows(Proauth2Exception.class, () -> engine.oauth.registerApp(request));
      assertEquals(Proauth2Exception.INVALID_CLIENT_METADATA, refused.error());
    }
    assertEquals(0, engine.store.writes(Table.APPLICATIONS));
  }

  @Test
  @DisplayName("client_secret_jwt is refused at registration, saying why")
  void clientSecretJwt() {
    Proauth2Exception refused =
        assertThrows(
            Proauth2Exception.class,
            () ->
                engine.oauth.registerApp(
                    RegistrationRequest.builder("hmac")
                        .authMethod("client_secret_jwt")
                        .grantType(GrantType.CLIENT_CREDENTIALS)
                        .build()));
    assertTrue(refused.description().contains("private_key_jwt"), refused.description());
  }

  @Test
  @DisplayName("the metadata lists private_key_jwt and its signing algorithms")
  void metadata() {
    Map<String, Object> fields = AuthorizationServerMetadata.builder(engine.oauth).build().fields();
    assertTrue(
        ((List<?>) fields.get("token_endpoint_auth_methods_supported"))
            .contains(PrivateKeyJwt.NAME));
    assertEquals(
        List.of("ES256", "EdDSA", "PS256", "RS256"),
        fields.get("token_endpoint_auth_signing_alg_values_supported"));
  }
}

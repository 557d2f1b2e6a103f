package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AccessTokenFormat;
import dev.proauth2.AuthorizationCode;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.TokenSubject;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("JWT access tokens (RFC 9068), checked by jose4j, a library that did not sign them")
class JwtAccessTokenTest {

  private final MovingClock clock = new MovingClock();
  private Proauth2 oauth;

  @AfterEach
  void close() {
    if (oauth != null) {
      oauth.close();
    }
  }

  private Proauth2 engine(String algorithm) {
    oauth =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:"))
            .clock(clock)
            .issuer(Engines.ISSUER)
            .resource(Engines.API)
            .signing(JoseSigning.builder().accessTokenAlgorithm(algorithm).build())
            .accessTokenFormat(AccessTokenFormat.JWT)
            .discoverListeners(false)
            .build();
    return oauth;
  }

  /** jose4j, configured as a resource server would be: the JWKS, the issuer, its audience. */
  private JwtClaims verifiedByJose4j(String token, String audience) throws Exception {
    JsonWebKeySet keys = new JsonWebKeySet(oauth.publicKeys().orElseThrow().json());
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setExpectedType(true, "at+jwt")
            .setExpectedIssuer(Engines.ISSUER)
            .setExpectedAudience(audience)
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setRequireJwtId()
            .setRequireSubject()
            .setEvaluationTime(org.jose4j.jwt.NumericDate.fromMilliseconds(clock.millis()))
            .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, "ES256", "RS256", "PS256", "EdDSA")
            .build();
    return consumer.processToClaims(token);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ES256", "RS256", "PS256", "EdDSA"})
  @DisplayName("client_credentials: a JWT of type at+jwt with every RFC 9068 claim, sub the client")
  void clientCredentials(String algorithm) throws Exception {
    engine(algorithm);
    ClientRegistration client = Engines.machine(oauth);
    TokenResponse response = Engines.token(oauth, client);

    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(response.accessToken());
    assertEquals(algorithm, jws.getAlgorithmHeaderValue());
    assertEquals("at+jwt", jws.getHeader("typ"));
    JwtClaims claims = verifiedByJose4j(response.accessToken(), Engines.ISSUER);
    assertEquals(Engines.ISSUER, claims.getIssuer());
    assertEquals(client.clientId(), claims.getSubject(), "RFC 9068 2.2: sub is the client");
    assertEquals(client.clientId(), claims.getStringClaimValue("client_id"));
    assertEquals(List.of(Engines.ISSUER), claims.getAudience(), "no resource: aud is the issuer");
    assertEquals("read", claims.getStringClaimValue("scope"));
    assertEquals(300, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
    assertEquals(300, response.expiresIn(), "JWT access tokens live 5 minutes by default");
    assertTrue(claims.getJwtId().length() >= 22, "jti carries at least 128 random bits");
    assertEquals("Bearer", response.tokenType());
  }

  @Test
  @DisplayName("a token for a resource has it as aud; the user's has the user as sub")
  void audienceAndUser() throws Exception {
    engine("ES256");
    ClientRegistration client = Engines.machine(oauth);
    TokenResponse bound =
        oauth.requestAccessToken(
            new TokenRequest.ClientCredentials(client.clientId(), client.clientSecret(), null)
                .withResources(List.of(Engines.API)));
    assertEquals(
        List.of(Engines.API), verifiedByJose4j(bound.accessToken(), Engines.API).getAudience());
    assertEquals(
        client.clientId(), oauth.authenticateToken(bound.accessToken(), Engines.API).clientId());
    assertThrows(Proauth2Exception.class, () -> oauth.authenticateToken(bound.accessToken()));

    ClientRegistration web = oauth.registerApp("web", "https://app.example/cb");
    AuthorizationCode code =
        oauth.requestAuthorization(web.clientId(), "alice", "code", "https://app.example/cb");
    TokenResponse user = oauth.requestAccessToken(web.clientId(), web.clientSecret(), code.code());
    assertEquals("alice", verifiedByJose4j(user.accessToken(), Engines.ISSUER).getSubject());
    assertTrue(user.optionalRefreshToken().isPresent());
    assertFalse(user.refreshToken().contains("."), "refresh tokens stay opaque");
  }

  @Test
  @DisplayName("the check, introspection and revocation work as for opaque tokens")
  void checkIntrospectRevoke() {
    engine("ES256");
    ClientRegistration client = Engines.machine(oauth);
    String token = Engines.token(oauth, client).accessToken();
    TokenSubject subject = oauth.authenticateToken(token);
    assertTrue(subject.isClient());
    TokenInfo info = oauth.introspect(token);
    assertTrue(info.active());
    assertEquals("read", info.scope());
    oauth.revokeToken(token);
    assertFalse(oauth.introspect(token).active());
    Proauth2Exception e =
        assertThrows(Proauth2Exception.class, () -> oauth.authenticateToken(token));
    assertEquals(Proauth2Exception.INVALID_TOKEN, e.error());
  }

  @Test
  @DisplayName("an expired JWT is refused though its signature still verifies")
  void expired() {
    engine("ES256");
    String token = Engines.token(oauth, Engines.machine(oauth)).accessToken();
    clock.advance(Duration.ofMinutes(5));
    assertThrows(Proauth2Exception.class, () -> oauth.authenticateToken(token));
  }

  @Test
  @DisplayName("the format is chosen per resource: only the JWT resource's tokens are JWTs")
  void formatPerResource() {
    oauth =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:"))
            .clock(clock)
            .issuer(Engines.ISSUER)
            .resource(Engines.API, AccessTokenFormat.JWT)
            .signing(JoseSigning.managedKeys())
            .discoverListeners(false)
            .build();
    ClientRegistration client = Engines.machine(oauth);
    String opaque = Engines.token(oauth, client).accessToken();
    String jwt =
        oauth
            .requestAccessToken(
                new TokenRequest.ClientCredentials(client.clientId(), client.clientSecret(), null)
                    .withResources(List.of(Engines.API)))
            .accessToken();
    assertFalse(opaque.contains("."));
    assertEquals(3, jwt.split("\\.").length);
    assertNotEquals(opaque, jwt);
    assertEquals(client.clientId(), oauth.authenticateToken(jwt, Engines.API).clientId());
    assertEquals(client.clientId(), oauth.authenticateToken(opaque).clientId());
  }

  @Test
  @DisplayName(
      "the format is chosen per client: the host's JWT client gets JWTs from an opaque engine, and"
          + " a resource's own format still wins for tokens bound to it")
  void formatPerClient() {
    oauth =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:"))
            .clock(clock)
            .issuer(Engines.ISSUER)
            .resource(Engines.API, AccessTokenFormat.OPAQUE)
            .signing(JoseSigning.managedKeys())
            .discoverListeners(false)
            .build();
    ClientRegistration jwtClient =
        oauth.registerApp(
            RegistrationRequest.builder("jwt client")
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .scope("read")
                .accessTokenFormat(AccessTokenFormat.JWT)
                .build());
    ClientRegistration plain = Engines.machine(oauth);
    assertEquals(3, Engines.token(oauth, jwtClient).accessToken().split("\\.").length);
    assertFalse(Engines.token(oauth, plain).accessToken().contains("."));
    String bound =
        oauth
            .requestAccessToken(
                new TokenRequest.ClientCredentials(
                        jwtClient.clientId(), jwtClient.clientSecret(), null)
                    .withResources(List.of(Engines.API)))
            .accessToken();
    assertFalse(bound.contains("."), "the resource asked for opaque tokens");
  }

  @Test
  @DisplayName("a JWT client on an engine that signs nothing is refused at registration")
  void jwtClientWithoutSigner() {
    oauth =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:"))
            .issuer(Engines.ISSUER)
            .discoverListeners(false)
            .build();
    Proauth2Exception e =
        assertThrows(
            Proauth2Exception.class,
            () ->
                oauth.registerApp(
                    RegistrationRequest.builder("jwt client")
                        .grantType(GrantType.CLIENT_CREDENTIALS)
                        .accessTokenFormat(AccessTokenFormat.JWT)
                        .build()));
    assertEquals(Proauth2Exception.INVALID_CLIENT_METADATA, e.error());
    assertTrue(e.getMessage().contains("proauth2-jose"), e.getMessage());
  }

  @Test
  @DisplayName("JWT access tokens without a signer, or a signer without an issuer, fail at build")
  void misconfigured() {
    IllegalStateException noSigner =
        assertThrows(
            IllegalStateException.class,
            () ->
                Proauth2.builder()
                    .dataStore(DataStores.open("memory:"))
                    .accessTokenFormat(AccessTokenFormat.JWT)
                    .build());
    assertTrue(noSigner.getMessage().contains("proauth2-jose"), noSigner.getMessage());
    IllegalStateException noIssuer =
        assertThrows(
            IllegalStateException.class,
            () ->
                Proauth2.builder()
                    .dataStore(DataStores.open("memory:"))
                    .signing(JoseSigning.managedKeys())
                    .build());
    assertTrue(noIssuer.getMessage().contains("issuer"), noIssuer.getMessage());
  }

  @Test
  @DisplayName("the grant types a machine client registered with are unchanged by the format")
  void grantTypes() {
    engine("ES256");
    ClientRegistration client =
        oauth.registerApp(
            RegistrationRequest.builder("m").grantType(GrantType.CLIENT_CREDENTIALS).build());
    assertEquals(List.of(GrantType.CLIENT_CREDENTIALS), client.grantTypes());
  }
}

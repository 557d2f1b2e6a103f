package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.AccessTokenFormat;
import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.DPoPNonceRequired;
import dev.proauth2.DPoPRequest;
import dev.proauth2.DataStores;
import dev.proauth2.DeviceAuthorization;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.testkit.DPoPProofs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** DPoP (RFC 9449) at the token endpoint and at the resource, through the engine's API. */
class DPoPTokenTest {

  static final String TOKEN_URL = Engines.ISSUER + "/token";
  static final String API_URL = "https://api.example/me";
  static final String REDIRECT = "https://app.example/cb";

  private final MovingClock clock = new MovingClock();
  private Proauth2 oauth = engine(b -> {});
  private final DPoPProofs proofs = DPoPProofs.ec(clock);

  @AfterEach
  void close() {
    oauth.close();
  }

  private Proauth2 engine(Consumer<Proauth2.Builder> settings) {
    Proauth2.Builder builder =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:", clock))
            .clock(clock)
            .issuer(Engines.ISSUER)
            .dpop(JoseDPoP.verifier())
            .discoverListeners(false);
    settings.accept(builder);
    return builder.build();
  }

  private ClientRegistration machine(boolean dpopBound) {
    return oauth.registerApp(
        RegistrationRequest.builder("machine")
            .grantType(GrantType.CLIENT_CREDENTIALS)
            .scope("read")
            .dpopBoundAccessTokens(dpopBound)
            .build());
  }

  private ClientRegistration publicClient() {
    return oauth.registerApp(
        RegistrationRequest.builder("spa")
            .redirectUri(REDIRECT)
            .scope("read")
            .authMethod("none")
            .build());
  }

  private static ClientCredentials secret(ClientRegistration client) {
    return new ClientCredentials("client_secret_basic", client.clientId(), client.clientSecret());
  }

  private static ClientCredentials none(ClientRegistration client) {
    return new ClientCredentials("none", client.clientId(), null);
  }

  private TokenResponse clientCredentials(ClientRegistration client, DPoPRequest proof) {
    return oauth.requestAccessToken(
        secret(client),
        new TokenRequest.ClientCredentials(client.clientId(), null, "read", List.of()),
        proof);
  }

  private static void assertError(String error, Executable call) {
    Proauth2Exception e = assertThrows(Proauth2Exception.class, call);
    assertEquals(error, e.error(), e.getMessage());
  }

  private String code(ClientRegistration client, String verifier, String dpopJkt) {
    AuthorizationCode code =
        oauth.requestAuthorization(
            AuthorizationRequest.builder()
                .clientId(client.clientId())
                .userId("alice")
                .redirectUri(REDIRECT)
                .scope("read")
                .codeChallenge(SecretHashes.sha256(verifier))
                .codeChallengeMethod(CodeChallengeMethod.S256)
                .dpopJkt(dpopJkt)
                .build());
    return code.code();
  }

  private TokenResponse redeem(
      ClientRegistration client, String code, String verifier, DPoPRequest proof) {
    return oauth.requestAccessToken(
        none(client),
        new TokenRequest.AuthorizationCode(
            client.clientId(), null, code, REDIRECT, verifier, List.of()),
        proof);
  }

  @Nested
  @DisplayName("a token request with a proof")
  class Issued {

    @Test
    @DisplayName("gets token_type DPoP, with the key's thumbprint as cnf.jkt at introspection")
    void bound() {
      TokenResponse tokens = clientCredentials(machine(false), proofs.request("POST", TOKEN_URL));
      assertEquals("DPoP", tokens.tokenType());
      TokenInfo info = oauth.introspect(tokens.accessToken());
      assertEquals("DPoP", info.tokenType());
      assertEquals(proofs.thumbprint(), info.dpopJkt());
    }

    @Test
    @DisplayName("without one gets a Bearer token, unless the client must use DPoP")
    void bearer() {
      assertEquals("Bearer", clientCredentials(machine(false), null).tokenType());
      ClientRegistration strict = machine(true);
      assertError(Proauth2Exception.INVALID_DPOP_PROOF, () -> clientCredentials(strict, null));
      assertEquals(
          "DPoP", clientCredentials(strict, proofs.request("POST", TOKEN_URL)).tokenType());
    }

    @Test
    @DisplayName("for another URL or method is invalid_dpop_proof")
    void otherTarget() {
      ClientRegistration client = machine(false);
      DPoPRequest otherUrl =
          new DPoPRequest(proofs.proof("POST", Engines.ISSUER + "/other"), "POST", TOKEN_URL);
      assertError(Proauth2Exception.INVALID_DPOP_PROOF, () -> clientCredentials(client, otherUrl));
      DPoPRequest get = new DPoPRequest(proofs.proof("GET", TOKEN_URL), "POST", TOKEN_URL);
      assertError(Proauth2Exception.INVALID_DPOP_PROOF, () -> clientCredentials(client, get));
    }

    @Test
    @DisplayName("is single-use: the same proof twice is refused the second time")
    void replay() {
      ClientRegistration client = machine(false);
      DPoPRequest proof = proofs.request("POST", TOKEN_URL);
      clientCredentials(client, proof);
      assertError(Proauth2Exception.INVALID_DPOP_PROOF, () -> clientCredentials(client, proof));
    }

    @Test
    @DisplayName("writes cnf.jkt into a JWT access token")
    void jwtConfirmation() throws Exception {
      oauth.close();
      oauth =
          engine(
              b -> b.signing(JoseSigning.managedKeys()).accessTokenFormat(AccessTokenFormat.JWT));
      TokenResponse tokens = clientCredentials(machine(false), proofs.request("POST", TOKEN_URL));
      Object cnf = SignedJWT.parse(tokens.accessToken()).getJWTClaimsSet().getClaim("cnf");
      assertEquals(Map.of("jkt", proofs.thumbprint()), cnf);
      assertEquals(
          "alice-free",
          oauth
                  .authenticateToken(
                      tokens.accessToken(),
                      null,
                      proofs.request("GET", API_URL, tokens.accessToken()))
                  .isClient()
              ? "alice-free"
              : "user");
    }
  }

  @Nested
  @DisplayName("a code bound with dpop_jkt")
  class BoundCode {

    @Test
    @DisplayName("is redeemed only with a proof by that key")
    void onlyThatKey() {
      ClientRegistration spa = publicClient();
      String verifier = "v".repeat(43);
      String code = code(spa, verifier, proofs.thumbprint());
      DPoPProofs other = DPoPProofs.ec(clock);
      assertError(
          Proauth2Exception.INVALID_DPOP_PROOF,
          () -> redeem(spa, code, verifier, other.request("POST", TOKEN_URL)));
      // The failed attempt used the code up, as a wrong verifier does.
      assertError(
          Proauth2Exception.INVALID_GRANT,
          () -> redeem(spa, code, verifier, proofs.request("POST", TOKEN_URL)));
      String second = code(spa, verifier, proofs.thumbprint());
      assertError(Proauth2Exception.INVALID_DPOP_PROOF, () -> redeem(spa, second, verifier, null));
      String third = code(spa, verifier, proofs.thumbprint());
      assertEquals(
          "DPoP", redeem(spa, third, verifier, proofs.request("POST", TOKEN_URL)).tokenType());
    }

    @Test
    @DisplayName("a dpop_jkt that is not a thumbprint is invalid_request")
    void malformed() {
      ClientRegistration spa = publicClient();
      assertError(
          Proauth2Exception.INVALID_REQUEST, () -> code(spa, "v".repeat(43), "not-a-thumbprint"));
    }
  }

  @Test
  @DisplayName("a device grant's poll with a proof gets tokens bound to the proof's key")
  void deviceGrant() {
    ClientRegistration tv =
        oauth.registerApp(
            RegistrationRequest.builder("tv")
                .grantType(GrantType.DEVICE_CODE)
                .scope("read")
                .authMethod("none")
                .build());
    DeviceAuthorization started = oauth.requestDeviceAuthorization(tv.clientId(), null, "read");
    oauth.approveDevice(started.userCode(), "alice", "198.51.100.7");
    TokenResponse tokens =
        oauth.requestAccessToken(
            none(tv),
            new TokenRequest.DeviceCode(tv.clientId(), null, started.deviceCode()),
            proofs.request("POST", TOKEN_URL));
    assertEquals("DPoP", tokens.tokenType());
    assertEquals(proofs.thumbprint(), oauth.introspect(tokens.accessToken()).dpopJkt());
  }

  @Nested
  @DisplayName("refresh tokens")
  class Refresh {

    private TokenResponse publicGrant(ClientRegistration spa) {
      String verifier = "v".repeat(43);
      return redeem(spa, code(spa, verifier, null), verifier, proofs.request("POST", TOKEN_URL));
    }

    private TokenResponse refresh(
        ClientCredentials credentials, String clientId, String token, DPoPRequest proof) {
      return oauth.requestAccessToken(
          credentials,
          new TokenRequest.RefreshToken(clientId, null, token, null, List.of()),
          proof);
    }

    @Test
    @DisplayName("of a public client are bound to its key: no proof or another key is refused")
    void publicBound() {
      ClientRegistration spa =
          oauth.registerApp(
              RegistrationRequest.builder("spa")
                  .redirectUri(REDIRECT)
                  .scope("read")
                  .authMethod("none")
                  .grantType(GrantType.AUTHORIZATION_CODE)
                  .grantType(GrantType.REFRESH_TOKEN)
                  .build());
      TokenResponse first = publicGrant(spa);
      String refreshToken = first.refreshToken();
      assertError(
          Proauth2Exception.INVALID_DPOP_PROOF,
          () -> refresh(none(spa), spa.clientId(), refreshToken, null));
      assertError(
          Proauth2Exception.INVALID_DPOP_PROOF,
          () ->
              refresh(
                  none(spa),
                  spa.clientId(),
                  refreshToken,
                  DPoPProofs.ec(clock).request("POST", TOKEN_URL)));
      TokenResponse next =
          refresh(none(spa), spa.clientId(), refreshToken, proofs.request("POST", TOKEN_URL));
      assertEquals("DPoP", next.tokenType());
      assertNotEquals(refreshToken, next.refreshToken());
    }

    @Test
    @DisplayName("of a confidential client are bound to its authentication, not to a key")
    void confidentialNotBound() {
      ClientRegistration web =
          oauth.registerApp(
              RegistrationRequest.builder("web").redirectUri(REDIRECT).scope("read").build());
      String verifier = "w".repeat(43);
      TokenResponse first =
          oauth.requestAccessToken(
              secret(web),
              new TokenRequest.AuthorizationCode(
                  web.clientId(), null, code(web, verifier, null), REDIRECT, verifier, List.of()),
              proofs.request("POST", TOKEN_URL));
      assertEquals("DPoP", first.tokenType());
      TokenResponse next = refresh(secret(web), web.clientId(), first.refreshToken(), null);
      assertEquals("Bearer", next.tokenType());
    }
  }

  @Nested
  @DisplayName("at the resource")
  class Resource {

    @Test
    @DisplayName("a bound token is accepted with a proof over this request and this token")
    void accepted() {
      TokenResponse tokens = clientCredentials(machine(false), proofs.request("POST", TOKEN_URL));
      String token = tokens.accessToken();
      assertTrue(
          oauth.authenticateToken(token, null, proofs.request("GET", API_URL, token)).isClient());
    }

    @Test
    @DisplayName("a bound token sent as Bearer is invalid_token, on every check")
    void boundAsBearer() {
      String token =
          clientCredentials(machine(false), proofs.request("POST", TOKEN_URL)).accessToken();
      assertError(Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(token));
      assertError(
          Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(token, null, null));
    }

    @Test
    @DisplayName("a bearer token sent with a DPoP proof is invalid_token")
    void bearerAsDpop() {
      String token = clientCredentials(machine(false), null).accessToken();
      assertError(
          Proauth2Exception.INVALID_TOKEN,
          () -> oauth.authenticateToken(token, null, proofs.request("GET", API_URL, token)));
      assertFalse(oauth.authenticateToken(token).userId() != null);
    }
  }

  @Nested
  @DisplayName("server nonces")
  class Nonces {

    @Test
    @DisplayName("a proof without the nonce is use_dpop_nonce with one; with it, it passes")
    void nonce() {
      oauth.close();
      oauth = engine(b -> b.dpopNonces(Duration.ofMinutes(1)));
      ClientRegistration client = machine(false);
      DPoPNonceRequired asked =
          assertThrows(
              DPoPNonceRequired.class,
              () -> clientCredentials(client, proofs.request("POST", TOKEN_URL)));
      assertEquals(Proauth2Exception.USE_DPOP_NONCE, asked.error());
      String nonce = asked.nonce();
      assertEquals(oauth.dpopNonce().orElseThrow(), nonce);
      DPoPRequest withNonce =
          new DPoPRequest(proofs.proof("POST", TOKEN_URL, null, nonce), "POST", TOKEN_URL);
      assertEquals("DPoP", clientCredentials(client, withNonce).tokenType());
      clock.advance(Duration.ofMinutes(3));
      DPoPRequest stale =
          new DPoPRequest(proofs.proof("POST", TOKEN_URL, null, nonce), "POST", TOKEN_URL);
      assertThrows(DPoPNonceRequired.class, () -> clientCredentials(client, stale));
    }

    @Test
    @DisplayName("engines with one key-encryption key accept each other's nonces")
    void shared() {
      oauth.close();
      oauth =
          engine(
              b ->
                  b.dpopNonces(Duration.ofMinutes(1))
                      .keyEncryptionKey(Engines.keyEncryptionKey(7)));
      try (Proauth2 other =
              engine(
                  b ->
                      b.dpopNonces(Duration.ofMinutes(1))
                          .keyEncryptionKey(Engines.keyEncryptionKey(7)));
          Proauth2 stranger = engine(b -> b.dpopNonces(Duration.ofMinutes(1)))) {
        assertEquals(oauth.dpopNonce(), other.dpopNonce());
        assertNotEquals(oauth.dpopNonce(), stranger.dpopNonce());
      }
    }
  }

  @Test
  @DisplayName("the metadata lists the proof algorithms; an engine without DPoP lists none")
  void metadata() {
    assertEquals(
        List.of("ES256", "RS256", "PS256", "EdDSA"),
        AuthorizationServerMetadata.builder(oauth)
            .build()
            .fields()
            .get("dpop_signing_alg_values_supported"));
    try (Proauth2 plain =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:", clock))
            .issuer(Engines.ISSUER)
            .discoverListeners(false)
            .build()) {
      assertFalse(
          AuthorizationServerMetadata.builder(plain)
              .build()
              .fields()
              .containsKey("dpop_signing_alg_values_supported"));
      ClientRegistration client =
          plain.registerApp(
              RegistrationRequest.builder("machine")
                  .grantType(GrantType.CLIENT_CREDENTIALS)
                  .build());
      assertError(
          Proauth2Exception.INVALID_DPOP_PROOF,
          () ->
              plain.requestAccessToken(
                  secret(client),
                  new TokenRequest.ClientCredentials(client.clientId(), null, null, List.of()),
                  proofs.request("POST", TOKEN_URL)));
    }
  }
}

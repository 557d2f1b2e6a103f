package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.JWTAuthentication;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.sun.net.httpserver.HttpServer;
import dev.proauth2.testkit.Browser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code private_key_jwt} against the demo server over real HTTP, driven by the Nimbus OAuth 2.0
 * SDK: it registers clients with their public keys at {@code /register}, builds every client
 * assertion ({@link PrivateKeyJWT}), and runs the code flow with PKCE, refresh, client_credentials,
 * introspection and revocation with RSA, EC (P-256) and Ed25519 keys, inline and from a {@code
 * jwks_uri} this test serves on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("private_key_jwt end to end, over HTTP, with the Nimbus SDK")
class PrivateKeyJwtFlowTest {

  private static final URI REDIRECT = URI.create("http://127.0.0.1:9876/callback");

  /** The demo's method reads its settings once, when the server starts: refetch at once. */
  private static final String REFETCH = "proauth2.private_key_jwt.refetchInterval";

  private RawHttp http;
  private AuthorizationServerMetadata metadata;
  private HttpServer jwksServer;
  private final AtomicReference<String> served = new AtomicReference<>("{\"keys\":[]}");
  private final AtomicInteger jwksFetches = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    System.setProperty(REFETCH, "PT0S");
    try {
      http = new RawHttp(false);
    } finally {
      System.clearProperty(REFETCH);
    }
    metadata = AuthorizationServerMetadata.resolve(new Issuer(http.server.issuer()));
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwksServer.createContext(
        "/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    jwksServer.start();
  }

  @AfterAll
  void stop() {
    jwksServer.stop(0);
    http.close();
  }

  @Test
  @DisplayName("the metadata offers private_key_jwt and RS256, PS256, ES256, EdDSA")
  void metadata() {
    assertTrue(
        metadata
            .getTokenEndpointAuthMethods()
            .contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT));
    assertEquals(
        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA),
        Set.copyOf(metadata.getTokenEndpointJWSAlgs()));
  }

  @Test
  @DisplayName(
      "RSA, inline jwks: code flow with PKCE, /me, refresh, introspection and revocation, each"
          + " request with a new assertion")
  void codeFlowWithRsa() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("rsa-e2e").generate();
    ClientInformation client = registerInline(key, GrantType.AUTHORIZATION_CODE);
    assertNull(client.getSecret(), "a private_key_jwt client gets no secret");

    CodeVerifier verifier = new CodeVerifier();
    Tokens tokens =
        token(
            signedBy(client.getID(), key),
            new AuthorizationCodeGrant(authorize(client.getID(), verifier), REDIRECT, verifier));
    assertEquals("demo-user", me(tokens.getAccessToken()).get("sub"));

    Tokens refreshed =
        token(signedBy(client.getID(), key), new RefreshTokenGrant(tokens.getRefreshToken()));
    assertNotEquals(tokens.getRefreshToken(), refreshed.getRefreshToken());

    TokenIntrospectionSuccessResponse info =
        introspect(signedBy(client.getID(), key), refreshed.getAccessToken());
    assertTrue(info.isActive());
    assertEquals(client.getID(), info.getClientID());

    HTTPResponse revoked =
        new TokenRevocationRequest(
                metadata.getRevocationEndpointURI(),
                signedBy(client.getID(), key),
                refreshed.getAccessToken())
            .toHTTPRequest()
            .send();
    assertEquals(200, revoked.getStatusCode(), revoked.getBody());
    assertFalse(introspect(signedBy(client.getID(), key), refreshed.getAccessToken()).isActive());
  }

  @Test
  @DisplayName("RSA with PS256: client_credentials")
  void ps256() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("ps-e2e").generate();
    ClientInformation client = registerInline(key, GrantType.CLIENT_CREDENTIALS);
    PrivateKeyJWT auth =
        new PrivateKeyJWT(
            client.getID(),
            URI.create(metadata.getIssuer().getValue()),
            JWSAlgorithm.PS256,
            key.toPrivateKey(),
            key.getKeyID(),
            null);
    assertEquals(
        Map.of("client_id", client.getID().getValue()),
        me(token(auth, new ClientCredentialsGrant()).getAccessToken()));
  }

  @Test
  @DisplayName("EC P-256, inline jwks: client_credentials, introspection and revocation")
  void clientCredentialsWithEc() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("ec-e2e").generate();
    ClientInformation client = registerInline(key, GrantType.CLIENT_CREDENTIALS);
    Tokens tokens = token(signedBy(client.getID(), key), new ClientCredentialsGrant());
    assertNull(tokens.getRefreshToken());
    assertEquals(Map.of("client_id", client.getID().getValue()), me(tokens.getAccessToken()));
    assertTrue(introspect(signedBy(client.getID(), key), tokens.getAccessToken()).isActive());
    HTTPResponse revoked =
        new TokenRevocationRequest(
                metadata.getRevocationEndpointURI(),
                signedBy(client.getID(), key),
                tokens.getAccessToken())
            .toHTTPRequest()
            .send();
    assertEquals(200, revoked.getStatusCode());
    assertEquals(401, meResponse(tokens.getAccessToken()).getStatusCode());
  }

  @Test
  @DisplayName(
      "Ed25519 from a jwks_uri on loopback: the code flow, then a key rotation at the URL; the"
          + " new key works after one refetch, the old one is refused")
  void jwksUriWithRotation() throws Exception {
    OctetKeyPair first = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate();
    OctetKeyPair second = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-2").generate();
    served.set(new JWKSet(first.toPublicJWK()).toString());
    ClientInformation client =
        register(
            metadata -> metadata.setJWKSetURI(URI.create(jwksUrl())), GrantType.AUTHORIZATION_CODE);

    CodeVerifier verifier = new CodeVerifier();
    Tokens tokens =
        token(
            ed25519(client.getID(), first),
            new AuthorizationCodeGrant(authorize(client.getID(), verifier), REDIRECT, verifier));
    assertEquals("demo-user", me(tokens.getAccessToken()).get("sub"));
    int fetchesBefore = jwksFetches.get();

    served.set(new JWKSet(second.toPublicJWK()).toString());
    Tokens refreshed =
        token(ed25519(client.getID(), second), new RefreshTokenGrant(tokens.getRefreshToken()));
    assertEquals("demo-user", me(refreshed.getAccessToken()).get("sub"));
    assertEquals(fetchesBefore + 1, jwksFetches.get(), "the unknown kid made one refetch");

    TokenErrorResponse old =
        tokenError(
            ed25519(client.getID(), first), new RefreshTokenGrant(refreshed.getRefreshToken()));
    assertEquals("invalid_client", old.getErrorObject().getCode());
    assertEquals(401, old.getErrorObject().getHTTPStatusCode());
  }

  @Test
  @DisplayName("EC from a jwks_uri: client_credentials")
  void jwksUriWithEc() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("ec-uri").generate();
    served.set(new JWKSet(key.toPublicJWK()).toString());
    ClientInformation client =
        register(
            metadata -> metadata.setJWKSetURI(URI.create(jwksUrl())), GrantType.CLIENT_CREDENTIALS);
    assertEquals(
        Map.of("client_id", client.getID().getValue()),
        me(token(signedBy(client.getID(), key), new ClientCredentialsGrant()).getAccessToken()));
  }

  @Test
  @DisplayName("the same assertion sent twice gets a token once; the replay is invalid_client")
  void replay() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("ec-replay").generate();
    ClientInformation client = registerInline(key, GrantType.CLIENT_CREDENTIALS);
    ClientAuthentication once = signedBy(client.getID(), key);
    token(once, new ClientCredentialsGrant());
    TokenErrorResponse replay = tokenError(once, new ClientCredentialsGrant());
    assertEquals("invalid_client", replay.getErrorObject().getCode());
    assertTrue(replay.getErrorObject().getDescription().contains("jti"));
  }

  @Test
  @DisplayName("an assertion signed by a key the client did not register is invalid_client")
  void otherKey() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("ec-own").generate();
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("ec-own").generate();
    ClientInformation client = registerInline(key, GrantType.CLIENT_CREDENTIALS);
    TokenErrorResponse refused =
        tokenError(signedBy(client.getID(), attacker), new ClientCredentialsGrant());
    assertEquals("invalid_client", refused.getErrorObject().getCode());
  }

  @Test
  @DisplayName("/register refuses a private key in jwks, and client_secret_jwt, with a reason")
  void registrationRefusals() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("leaked").generate();
    HttpResponse<String> leaked =
        http.post(
            "/register",
            "application/json",
            "{\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":"
                + "\"private_key_jwt\",\"jwks\":"
                + new JWKSet(key).toString(false)
                + "}");
    assertEquals(400, leaked.statusCode());
    assertEquals("invalid_client_metadata", Browser.json(leaked).get("error"));
    assertFalse(leaked.body().contains(key.getD().toString()));

    HttpResponse<String> hmac =
        http.post(
            "/register",
            "application/json",
            "{\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":"
                + "\"client_secret_jwt\"}");
    assertEquals(400, hmac.statusCode());
    assertTrue(
        String.valueOf(Browser.json(hmac).get("error_description")).contains("private_key_jwt"),
        hmac.body());
  }

  private String jwksUrl() {
    return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks";
  }

  /** A new assertion for each request, built and signed by the SDK. */
  private ClientAuthentication signedBy(ClientID clientId, JWK key) throws JOSEException {
    JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
    java.security.PrivateKey privateKey =
        key instanceof RSAKey ? ((RSAKey) key).toPrivateKey() : ((ECKey) key).toPrivateKey();
    return new PrivateKeyJWT(
        clientId,
        URI.create(metadata.getIssuer().getValue()),
        algorithm,
        privateKey,
        key.getKeyID(),
        null);
  }

  /**
   * The SDK's assertion claims (iss, sub, aud, exp, jti) signed with EdDSA. The SDK's {@link
   * PrivateKeyJWT} accepts RSA and ECDSA algorithms only, so the claims set it makes is signed with
   * nimbus-jose-jwt's Ed25519 signer and carried by the SDK's own {@link JWTAuthentication}, which
   * puts it in the form as {@code PrivateKeyJWT} does.
   */
  private ClientAuthentication ed25519(ClientID clientId, OctetKeyPair key) throws Exception {
    JWTAuthenticationClaimsSet claims =
        new JWTAuthenticationClaimsSet(clientId, new Audience(metadata.getIssuer().getValue()));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.getKeyID()).build(),
            claims.toJWTClaimsSet());
    jwt.sign(new Ed25519Signer(key));
    return new Ed25519KeyJwt(jwt);
  }

  /** The SDK's client assertion authentication, for a JWT signed with EdDSA. */
  private static final class Ed25519KeyJwt extends JWTAuthentication {
    Ed25519KeyJwt(SignedJWT assertion) {
      super(ClientAuthenticationMethod.PRIVATE_KEY_JWT, assertion);
    }
  }

  private ClientInformation registerInline(JWK key, GrantType grant) throws Exception {
    return register(metadata -> metadata.setJWKSet(new JWKSet(key.toPublicJWK())), grant);
  }

  private ClientInformation register(
      java.util.function.Consumer<ClientMetadata> keys, GrantType grant) throws Exception {
    ClientMetadata client = new ClientMetadata();
    client.setName("Nimbus private_key_jwt client");
    client.setTokenEndpointAuthMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
    if (grant.equals(GrantType.AUTHORIZATION_CODE)) {
      client.setRedirectionURI(REDIRECT);
      client.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
      client.setResponseTypes(Set.of(new ResponseType(ResponseType.Value.CODE)));
    } else {
      client.setGrantTypes(Set.of(grant));
    }
    client.setScope(new Scope("read"));
    keys.accept(client);
    HTTPResponse response =
        new ClientRegistrationRequest(metadata.getRegistrationEndpointURI(), client, null)
            .toHTTPRequest()
            .send();
    assertEquals(201, response.getStatusCode(), response.getBody());
    ClientInformation info =
        ((ClientInformationResponse) ClientRegistrationResponse.parse(response))
            .getClientInformation();
    assertEquals(
        ClientAuthenticationMethod.PRIVATE_KEY_JWT,
        info.getMetadata().getTokenEndpointAuthMethod());
    return info;
  }

  /** Opens the consent page as a browser would, approves, and returns the code. */
  private AuthorizationCode authorize(ClientID clientId, CodeVerifier verifier) throws Exception {
    State state = new State();
    URI uri =
        new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), clientId)
            .redirectionURI(REDIRECT)
            .scope(new Scope("read"))
            .state(state)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .build()
            .toURI();
    HttpResponse<String> page = http.get(uri.getRawPath() + "?" + uri.getRawQuery());
    assertEquals(200, page.statusCode(), page.body());
    Map<String, String> fields = Browser.hiddenFields(page.body());
    fields.put("consent", "approve");
    HttpResponse<String> redirect = http.form("/authorize", Browser.formBody(fields));
    assertEquals(302, redirect.statusCode(), redirect.body());
    AuthorizationResponse response =
        AuthorizationResponse.parse(URI.create(redirect.headers().firstValue("Location").get()));
    assertTrue(response.indicatesSuccess());
    assertEquals(state, response.getState());
    return response.toSuccessResponse().getAuthorizationCode();
  }

  private Tokens token(ClientAuthentication auth, AuthorizationGrant grant) throws Exception {
    HTTPResponse response = send(auth, grant);
    TokenResponse parsed = TokenResponse.parse(response);
    assertTrue(parsed.indicatesSuccess(), response.getBody());
    return parsed.toSuccessResponse().getTokens();
  }

  private TokenErrorResponse tokenError(ClientAuthentication auth, AuthorizationGrant grant)
      throws Exception {
    HTTPResponse response = send(auth, grant);
    TokenResponse parsed = TokenResponse.parse(response);
    assertFalse(parsed.indicatesSuccess(), response.getBody());
    return parsed.toErrorResponse();
  }

  private HTTPResponse send(ClientAuthentication auth, AuthorizationGrant grant)
      throws IOException {
    return new TokenRequest.Builder(metadata.getTokenEndpointURI(), auth, grant)
        .build()
        .toHTTPRequest()
        .send();
  }

  private TokenIntrospectionSuccessResponse introspect(ClientAuthentication auth, Token token)
      throws Exception {
    HTTPResponse response =
        new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), auth, token)
            .toHTTPRequest()
            .send();
    TokenIntrospectionResponse parsed = TokenIntrospectionResponse.parse(response);
    assertTrue(parsed.indicatesSuccess(), response.getBody());
    return parsed.toSuccessResponse();
  }

  private HTTPResponse meResponse(AccessToken token) {
    HTTPRequest request =
        new HTTPRequest(HTTPRequest.Method.GET, URI.create(http.server.issuer() + "/me"));
    request.setAuthorization(token.toAuthorizationHeader());
    try {
      return request.send();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, Object> me(AccessToken token) throws Exception {
    HTTPResponse response = meResponse(token);
    assertEquals(200, response.getStatusCode(), response.getBody());
    return response.getBodyAsJSONObject();
  }
}

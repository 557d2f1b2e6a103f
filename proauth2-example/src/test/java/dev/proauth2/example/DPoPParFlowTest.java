package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.proauth2.testkit.Browser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An independent client, the Nimbus OAuth 2.0 SDK, runs pushed authorization requests (RFC 9126)
 * and DPoP (RFC 9449) over real HTTP against the demo server, for a public and a confidential
 * client: push, authorize by reference, redeem with a proof, call {@code /me} with a proof,
 * refresh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DPoPParFlowTest {

  private static final URI REDIRECT = URI.create("http://127.0.0.1:33419/callback");

  private RawHttp http;
  private AuthorizationServerMetadata server;
  private URI me;

  @BeforeAll
  void start() throws Exception {
    http = new RawHttp(false);
    server = AuthorizationServerMetadata.resolve(new Issuer(http.server.issuer()));
    me = URI.create(http.server.issuer() + "/me");
  }

  @AfterAll
  void stop() {
    http.close();
  }

  private ClientInformation register(ClientAuthenticationMethod method) throws Exception {
    ClientMetadata client = new ClientMetadata();
    client.setName("DPoP client");
    client.setRedirectionURI(REDIRECT);
    client.setResponseTypes(Set.of(ResponseType.CODE));
    client.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    client.setScope(new Scope("read"));
    client.setTokenEndpointAuthMethod(method);
    HTTPResponse response =
        new ClientRegistrationRequest(server.getRegistrationEndpointURI(), client, null)
            .toHTTPRequest()
            .send();
    assertEquals(201, response.getStatusCode(), response.getBody());
    return ((ClientInformationResponse) ClientRegistrationResponse.parse(response))
        .getClientInformation();
  }

  /** Pushes the request, then authorizes by reference on the consent page; returns the code. */
  private AuthorizationCode pushAndAuthorize(
      ClientInformation client, CodeVerifier verifier, ECKey key) throws Exception {
    State state = new State();
    AuthorizationRequest.Builder asked =
        new AuthorizationRequest.Builder(ResponseType.CODE, client.getID())
            .redirectionURI(REDIRECT)
            .scope(new Scope("read"))
            .state(state)
            .codeChallenge(verifier, CodeChallengeMethod.S256);
    if (key != null) {
      asked.dPoPJWKThumbprintConfirmation(
          new com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation(key.computeThumbprint()));
    }
    PushedAuthorizationRequest push =
        client.getSecret() == null
            ? new PushedAuthorizationRequest(
                server.getPushedAuthorizationRequestEndpointURI(), asked.build())
            : new PushedAuthorizationRequest(
                server.getPushedAuthorizationRequestEndpointURI(),
                new ClientSecretBasic(client.getID(), client.getSecret()),
                asked.build());
    HTTPResponse pushed = push.toHTTPRequest().send();
    assertEquals(201, pushed.getStatusCode(), pushed.getBody());
    PushedAuthorizationSuccessResponse reference =
        PushedAuthorizationResponse.parse(pushed).toSuccessResponse();
    assertTrue(reference.getLifetime() > 0 && reference.getLifetime() <= 600);

    URI byReference =
        new AuthorizationRequest.Builder(reference.getRequestURI(), client.getID())
            .endpointURI(server.getAuthorizationEndpointURI())
            .build()
            .toURI();
    HttpResponse<String> page =
        http.get(byReference.getRawPath() + "?" + byReference.getRawQuery());
    assertEquals(200, page.statusCode(), page.body());
    Map<String, String> fields = Browser.hiddenFields(page.body());
    fields.put("consent", "approve");
    HttpResponse<String> redirect = http.form("/authorize", Browser.formBody(fields));
    assertEquals(302, redirect.statusCode(), redirect.body());
    AuthorizationResponse response =
        AuthorizationResponse.parse(URI.create(redirect.headers().firstValue("Location").get()));
    assertTrue(response.indicatesSuccess(), redirect.headers().toString());
    assertEquals(state, response.toSuccessResponse().getState());

    // The request_uri was used once; a second use is refused on a page, never redirected.
    HttpResponse<String> again =
        http.get(byReference.getRawPath() + "?" + byReference.getRawQuery());
    assertEquals(400, again.statusCode());
    assertTrue(again.body().contains("invalid_request_uri"), again.body());
    return response.toSuccessResponse().getAuthorizationCode();
  }

  private Tokens token(ClientInformation client, AuthorizationGrant grant, DPoPProofFactory dpop)
      throws Exception {
    TokenRequest request =
        client.getSecret() == null
            ? new TokenRequest.Builder(server.getTokenEndpointURI(), client.getID(), grant).build()
            : new TokenRequest.Builder(
                    server.getTokenEndpointURI(),
                    new ClientSecretBasic(client.getID(), client.getSecret()),
                    grant)
                .build();
    HTTPRequest http = request.toHTTPRequest();
    http.setDPoP(dpop.createDPoPJWT("POST", server.getTokenEndpointURI()));
    HTTPResponse response = http.send();
    TokenResponse parsed = TokenResponse.parse(response);
    assertTrue(parsed.indicatesSuccess(), response.getBody());
    return parsed.toSuccessResponse().getTokens();
  }

  private HTTPResponse callMe(AccessToken token, DPoPProofFactory dpop) throws Exception {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, me);
    request.setAuthorization(token.toAuthorizationHeader());
    if (dpop != null) {
      request.setDPoP(dpop.createDPoPJWT("GET", me, token));
    }
    return request.send();
  }

  private void flow(ClientInformation client, boolean bindCode) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    DPoPProofFactory dpop = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationCode code = pushAndAuthorize(client, verifier, bindCode ? key : null);
    Tokens tokens = token(client, new AuthorizationCodeGrant(code, REDIRECT, verifier), dpop);
    DPoPAccessToken bound = assertInstanceOf(DPoPAccessToken.class, tokens.getAccessToken());

    HTTPResponse answer = callMe(bound, dpop);
    assertEquals(200, answer.getStatusCode(), answer.getBody());
    assertEquals("demo-user", answer.getBodyAsJSONObject().get("sub"));

    // Sent as a bearer token, or with a proof by another key, it is refused.
    HTTPRequest asBearer = new HTTPRequest(HTTPRequest.Method.GET, me);
    asBearer.setAuthorization("Bearer " + bound.getValue());
    assertEquals(401, asBearer.send().getStatusCode());
    DPoPProofFactory stranger =
        new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
    HTTPResponse otherKey = callMe(bound, stranger);
    assertEquals(401, otherKey.getStatusCode());
    assertTrue(otherKey.getHeaderValue("WWW-Authenticate").startsWith("DPoP "));
    assertTrue(otherKey.getHeaderValue("WWW-Authenticate").contains("algs=\""));

    Tokens refreshed = token(client, new RefreshTokenGrant(tokens.getRefreshToken()), dpop);
    assertInstanceOf(DPoPAccessToken.class, refreshed.getAccessToken());
    assertEquals(200, callMe(refreshed.getAccessToken(), dpop).getStatusCode());
  }

  @Test
  @DisplayName("the metadata advertises PAR and the DPoP proof algorithms")
  void metadata() {
    assertNotNull(server.getPushedAuthorizationRequestEndpointURI());
    assertTrue(server.getDPoPJWSAlgs().contains(JWSAlgorithm.ES256));
  }

  @Test
  @DisplayName("a public client: PAR, a code bound with dpop_jkt, DPoP tokens, /me, refresh")
  void publicClient() throws Exception {
    flow(register(ClientAuthenticationMethod.NONE), true);
  }

  @Test
  @DisplayName("a confidential client: PAR with client_secret_basic, DPoP tokens, /me, refresh")
  void confidentialClient() throws Exception {
    flow(register(ClientAuthenticationMethod.CLIENT_SECRET_BASIC), false);
  }
}

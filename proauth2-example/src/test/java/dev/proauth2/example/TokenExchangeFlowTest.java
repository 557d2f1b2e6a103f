package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
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
 * Token exchange (RFC 8693) against the demo server over real HTTP, driven by the Nimbus OAuth 2.0
 * SDK: a client registers for it at {@code /register}, gets a user's tokens through the consent
 * page, and exchanges the access token for a narrower one, acting with its own token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("token exchange end to end, over HTTP, with the Nimbus SDK")
class TokenExchangeFlowTest {

  private static final URI REDIRECT = URI.create("http://127.0.0.1:9876/callback");
  private static final GrantType TOKEN_EXCHANGE = GrantType.TOKEN_EXCHANGE;

  private RawHttp http;
  private AuthorizationServerMetadata metadata;

  @BeforeAll
  void start() throws Exception {
    http = new RawHttp(false);
    metadata = AuthorizationServerMetadata.resolve(new Issuer(http.server.issuer()));
  }

  @AfterAll
  void stop() {
    http.close();
  }

  @Test
  @DisplayName("the metadata lists token exchange in grant_types_supported")
  void metadata() {
    assertTrue(metadata.getGrantTypes().contains(TOKEN_EXCHANGE), metadata.toString());
  }

  @Test
  @DisplayName(
      "a user's token is exchanged for a narrower one that carries act, and ends with its grant")
  void exchange() throws Exception {
    ClientInformation client =
        register(
            Set.of(
                GrantType.AUTHORIZATION_CODE,
                GrantType.REFRESH_TOKEN,
                GrantType.CLIENT_CREDENTIALS,
                TOKEN_EXCHANGE));
    ClientAuthentication auth = basic(client);
    CodeVerifier verifier = new CodeVerifier();
    Tokens user =
        token(
            auth,
            new AuthorizationCodeGrant(
                authorize(client, verifier, new Scope("read", "write")), REDIRECT, verifier),
            null);
    AccessToken own = token(auth, new ClientCredentialsGrant(), null).getAccessToken();

    HTTPResponse response =
        send(
            auth,
            new TokenExchangeGrant(
                user.getAccessToken(),
                TokenTypeURI.ACCESS_TOKEN,
                own,
                TokenTypeURI.ACCESS_TOKEN,
                TokenTypeURI.ACCESS_TOKEN,
                null),
            new Scope("read"));
    AccessTokenResponse exchanged = TokenResponse.parse(response).toSuccessResponse();
    AccessToken narrower = exchanged.getTokens().getAccessToken();
    assertEquals(TokenTypeURI.ACCESS_TOKEN, narrower.getIssuedTokenType());
    assertEquals(new Scope("read"), narrower.getScope());
    assertNull(exchanged.getTokens().getRefreshToken());

    TokenIntrospectionSuccessResponse info = introspect(auth, narrower);
    assertTrue(info.isActive());
    assertEquals("demo-user", info.getSubject().getValue());
    assertEquals(Map.of("sub", client.getID().getValue()), info.toJSONObject().get("act"));

    HTTPResponse revoked =
        new TokenRevocationRequest(
                metadata.getRevocationEndpointURI(), auth, user.getRefreshToken())
            .toHTTPRequest()
            .send();
    assertEquals(200, revoked.getStatusCode(), revoked.getBody());
    assertFalse(
        introspect(auth, narrower).isActive(), "revoking the grant ends the exchanged token");
  }

  @Test
  @DisplayName("a wider scope is invalid_scope, and a client without the grant unauthorized_client")
  void refusals() throws Exception {
    ClientInformation client =
        register(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, TOKEN_EXCHANGE));
    CodeVerifier verifier = new CodeVerifier();
    Tokens user =
        token(
            basic(client),
            new AuthorizationCodeGrant(
                authorize(client, verifier, new Scope("read")), REDIRECT, verifier),
            null);
    TokenExchangeGrant grant =
        new TokenExchangeGrant(user.getAccessToken(), TokenTypeURI.ACCESS_TOKEN);
    assertEquals(
        OAuth2Error.INVALID_SCOPE.getCode(),
        error(send(basic(client), grant, new Scope("read", "write"))));

    ClientInformation other =
        register(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    assertEquals(OAuth2Error.UNAUTHORIZED_CLIENT.getCode(), error(send(basic(other), grant, null)));
  }

  private ClientInformation register(Set<GrantType> grants) throws Exception {
    ClientMetadata client = new ClientMetadata();
    client.setName("Nimbus token exchange client");
    client.setRedirectionURI(REDIRECT);
    client.setGrantTypes(grants);
    client.setResponseTypes(Set.of(new ResponseType(ResponseType.Value.CODE)));
    client.setScope(new Scope("read", "write"));
    HTTPResponse response =
        new ClientRegistrationRequest(metadata.getRegistrationEndpointURI(), client, null)
            .toHTTPRequest()
            .send();
    assertEquals(201, response.getStatusCode(), response.getBody());
    return ((ClientInformationResponse) ClientRegistrationResponse.parse(response))
        .getClientInformation();
  }

  private static ClientAuthentication basic(ClientInformation client) {
    return new ClientSecretBasic(client.getID(), client.getSecret());
  }

  /** The code flow through the demo's consent page, for these scopes. */
  private AuthorizationCode authorize(ClientInformation client, CodeVerifier verifier, Scope scope)
      throws Exception {
    State state = new State();
    URI uri =
        new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), client.getID())
            .redirectionURI(REDIRECT)
            .scope(scope)
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
    assertEquals(state, response.getState());
    return response.toSuccessResponse().getAuthorizationCode();
  }

  private Tokens token(ClientAuthentication auth, AuthorizationGrant grant, Scope scope)
      throws Exception {
    HTTPResponse response = send(auth, grant, scope);
    TokenResponse parsed = TokenResponse.parse(response);
    assertTrue(parsed.indicatesSuccess(), response.getBody());
    return parsed.toSuccessResponse().getTokens();
  }

  private HTTPResponse send(ClientAuthentication auth, AuthorizationGrant grant, Scope scope)
      throws Exception {
    TokenRequest.Builder request =
        new TokenRequest.Builder(metadata.getTokenEndpointURI(), auth, grant);
    if (scope != null) {
      request.scope(scope);
    }
    return request.build().toHTTPRequest().send();
  }

  private static String error(HTTPResponse response) throws Exception {
    TokenResponse parsed = TokenResponse.parse(response);
    assertFalse(parsed.indicatesSuccess(), response.getBody());
    return parsed.toErrorResponse().getErrorObject().getCode();
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
}

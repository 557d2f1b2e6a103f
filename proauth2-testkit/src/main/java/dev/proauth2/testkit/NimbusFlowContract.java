package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
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
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import dev.proauth2.ClientRegistration;
import dev.proauth2.RegistrationRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole OAuth 2.1 flow against the adapter over real HTTP, driven by the Nimbus OAuth 2.0 SDK:
 * a client library no one here wrote, so the adapter is checked against someone else's reading of
 * the RFCs. Only the consent click is done by hand, as a browser would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class NimbusFlowContract extends AdapterFixture {

  private static final URI REDIRECT = URI.create("http://127.0.0.1:9876/callback");

  private static final GrantType TOKEN_EXCHANGE = GrantType.TOKEN_EXCHANGE;

  private AuthorizationServerMetadata metadata;
  private final List<String> secrets = new ArrayList<>();

  NimbusFlowContract(AdapterContract contract) {
    super(contract);
  }

  @BeforeAll
  void resolveMetadata() throws Exception {
    metadata = AuthorizationServerMetadata.resolve(new Issuer(issuer));
  }

  @Test
  @Order(1)
  @DisplayName("Nimbus resolves the RFC 8414 metadata from the issuer alone")
  void metadata() {
    assertEquals(issuer, metadata.getIssuer().getValue());
    assertEquals(URI.create(issuer + "/token"), metadata.getTokenEndpointURI());
    assertTrue(metadata.getCodeChallengeMethods().contains(CodeChallengeMethod.S256));
    assertTrue(metadata.supportsAuthorizationResponseIssuerParam());
    assertTrue(
        metadata
            .getTokenEndpointAuthMethods()
            .containsAll(
                List.of(
                    ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                    ClientAuthenticationMethod.CLIENT_SECRET_POST,
                    ClientAuthenticationMethod.NONE)));
  }

  @Test
  @Order(2)
  @DisplayName(
      "code flow with PKCE: register, consent, token, /me, introspect, revoke, all by Nimbus")
  void codeFlow() throws Exception {
    ClientInformation client =
        register(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, GrantType.AUTHORIZATION_CODE);
    ClientAuthentication auth = new ClientSecretBasic(client.getID(), client.getSecret());
    CodeVerifier verifier = new CodeVerifier();
    Tokens tokens =
        token(
            auth,
            new AuthorizationCodeGrant(authorize(client.getID(), verifier), REDIRECT, verifier));
    AccessToken access = tokens.getAccessToken();
    assertEquals(new Scope("read"), access.getScope());
    assertTrue(access.getLifetime() > 0);

    assertEquals(AdapterContract.USER, me(access).get("sub"));

    TokenIntrospectionSuccessResponse info = introspect(auth, access);
    assertTrue(info.isActive());
    assertEquals(new Scope("read"), info.getScope());
    assertEquals(client.getID(), info.getClientID());
    assertEquals(AdapterContract.USER, info.getSubject().getValue());
    assertTrue(info.getExpirationTime().after(new Date()));
    assertFalse(info.getIssueTime().after(new Date()));

    HTTPResponse revoked =
        new TokenRevocationRequest(revocationUri(), auth, access).toHTTPRequest().send();
    assertEquals(200, revoked.getStatusCode());
    assertFalse(introspect(auth, access).isActive());

    HTTPResponse refused = meResponse(access);
    assertEquals(401, refused.getStatusCode());
    BearerTokenError error = BearerTokenError.parse(refused.getHeaderValue("WWW-Authenticate"));
    assertEquals("invalid_token", error.getCode());
    assertEquals(issuer, error.getRealm());
  }

  @Test
  @Order(3)
  @DisplayName("refresh rotates; a rotated refresh token presented again revokes the whole grant")
  void refreshRotation() throws Exception {
    ClientInformation client =
        register(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, GrantType.AUTHORIZATION_CODE);
    ClientAuthentication auth = new ClientSecretBasic(client.getID(), client.getSecret());
    CodeVerifier verifier = new CodeVerifier();
    Tokens first =
        token(
            auth,
            new AuthorizationCodeGrant(authorize(client.getID(), verifier), REDIRECT, verifier));
    RefreshToken oldRefresh = first.getRefreshToken();

    Tokens second = token(auth, new RefreshTokenGrant(oldRefresh));
    assertNotEquals(oldRefresh, second.getRefreshToken());
    assertEquals(AdapterContract.USER, me(second.getAccessToken()).get("sub"));

    TokenErrorResponse reuse = tokenError(auth, new RefreshTokenGrant(oldRefresh));
    assertEquals(OAuth2Error.INVALID_GRANT.getCode(), reuse.getErrorObject().getCode());
    assertFalse(introspect(auth, second.getAccessToken()).isActive());
    assertFalse(introspect(auth, second.getRefreshToken()).isActive());
  }

  @Test
  @Order(4)
  @DisplayName("a public client runs the flow with PKCE and revokes its own refresh token")
  void publicClient() throws Exception {
    ClientInformation client =
        register(ClientAuthenticationMethod.NONE, GrantType.AUTHORIZATION_CODE);
    assertEquals(null, client.getSecret());
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationCode code = authorize(client.getID(), verifier);
    HTTPResponse response =
        new TokenRequest.Builder(
                metadata.getTokenEndpointURI(),
                client.getID(),
                new AuthorizationCodeGrant(code, REDIRECT, verifier))
            .build()
            .toHTTPRequest()
            .send();
    Tokens tokens = parseTokens(response);
    assertEquals(AdapterContract.USER, me(tokens.getAccessToken()).get("sub"));

    HTTPResponse revoked =
        new TokenRevocationRequest(revocationUri(), client.getID(), tokens.getRefreshToken())
            .toHTTPRequest()
            .send();
    assertEquals(200, revoked.getStatusCode());
    assertEquals(401, meResponse(tokens.getAccessToken()).getStatusCode());
  }

  @Test
  @Order(5)
  @DisplayName(
      "client_credentials with client_secret_post gives a token whose subject is the client")
  void clientCredentials() throws Exception {
    ClientInformation client =
        register(ClientAuthenticationMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
    ClientAuthentication auth = new ClientSecretPost(client.getID(), client.getSecret());
    Tokens tokens = token(auth, new ClientCredentialsGrant());
    assertEquals(null, tokens.getRefreshToken());
    assertEquals(Map.of("client_id", client.getID().getValue()), me(tokens.getAccessToken()));
  }

  @Test
  @Order(6)
  @DisplayName("a user who denies gets the client access_denied, with its state and the issuer")
  void deny() throws Exception {
    ClientInformation client =
        register(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, GrantType.AUTHORIZATION_CODE);
    State state = new State();
    HttpResponse<String> redirect =
        consent(authorizationUri(client.getID(), new CodeVerifier(), state), "deny");
    AuthorizationResponse response =
        AuthorizationResponse.parse(URI.create(redirect.headers().firstValue("Location").get()));
    assertFalse(response.indicatesSuccess());
    AuthorizationErrorResponse error = response.toErrorResponse();
    assertEquals(OAuth2Error.ACCESS_DENIED.getCode(), error.getErrorObject().getCode());
    assertEquals(state, error.getState());
    assertEquals(metadata.getIssuer(), error.getIssuer());
  }

  @Test
  @Order(7)
  @DisplayName(
      "token exchange (RFC 8693) at the token endpoint, where grant-token-exchange is installed")
  void tokenExchange() throws Exception {
    Assumptions.assumeTrue(
        engine().capabilities().extensionGrantTypes().contains(TOKEN_EXCHANGE.getValue()),
        "grant-token-exchange is not on this adapter's test class path");
    // Registered through the Java API: an adapter's registration policy need not open the grant.
    ClientRegistration registered =
        engine()
            .registerApp(
                RegistrationRequest.builder("Nimbus test client, exchanging")
                    .redirectUri(REDIRECT.toString())
                    .scope("read write")
                    .grantType(dev.proauth2.GrantType.AUTHORIZATION_CODE)
                    .extensionGrantType(TOKEN_EXCHANGE.getValue())
                    .build());
    secrets.add(registered.clientSecret());
    ClientID clientId = new ClientID(registered.clientId());
    ClientAuthentication auth =
        new ClientSecretBasic(clientId, new Secret(registered.clientSecret()));
    CodeVerifier verifier = new CodeVerifier();
    Tokens user =
        token(auth, new AuthorizationCodeGrant(authorize(clientId, verifier), REDIRECT, verifier));
    HTTPResponse http =
        new TokenRequest.Builder(
                metadata.getTokenEndpointURI(),
                auth,
                new TokenExchangeGrant(user.getAccessToken(), TokenTypeURI.ACCESS_TOKEN))
            .build()
            .toHTTPRequest()
            .send();
    Tokens exchanged = parseTokens(http);
    assertEquals(TokenTypeURI.ACCESS_TOKEN, exchanged.getAccessToken().getIssuedTokenType());
    assertEquals(null, exchanged.getRefreshToken());
    assertEquals(AdapterContract.USER, me(exchanged.getAccessToken()).get("sub"));
    assertTrue(metadata.getGrantTypes().contains(TOKEN_EXCHANGE));
  }

  private ClientInformation register(ClientAuthenticationMethod method, GrantType grant)
      throws IOException, ParseException {
    ClientMetadata client = new ClientMetadata();
    client.setName("Nimbus test client");
    client.setRedirectionURI(REDIRECT);
    client.setGrantTypes(
        grant.equals(GrantType.AUTHORIZATION_CODE)
            ? Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
            : Set.of(grant));
    if (grant.equals(GrantType.AUTHORIZATION_CODE)) {
      client.setResponseTypes(Set.of(new ResponseType(ResponseType.Value.CODE)));
    }
    client.setScope(new Scope("read", "write"));
    client.setTokenEndpointAuthMethod(method);
    HTTPResponse response =
        new ClientRegistrationRequest(metadata.getRegistrationEndpointURI(), client, null)
            .toHTTPRequest()
            .send();
    assertEquals(201, response.getStatusCode(), response.getBody());
    ClientRegistrationResponse parsed = ClientRegistrationResponse.parse(response);
    assertTrue(parsed.indicatesSuccess());
    ClientInformation info = ((ClientInformationResponse) parsed).getClientInformation();
    assertEquals(method, info.getMetadata().getTokenEndpointAuthMethod());
    assertEquals(Set.of(REDIRECT), info.getMetadata().getRedirectionURIs());
    if (info.getSecret() != null) {
      secrets.add(info.getSecret().getValue());
      // Nimbus reads client_secret_expires_at: the registration ends in 90 days.
      long inDays =
          Duration.between(Instant.now(), info.getSecret().getExpirationDate().toInstant())
              .toDays();
      assertTrue(inDays == 89 || inDays == 90, "the secret expires in " + inDays + " days");
    }
    return info;
  }

  private URI authorizationUri(ClientID clientId, CodeVerifier verifier, State state) {
    return new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), clientId)
        .redirectionURI(REDIRECT)
        .scope(new Scope("read"))
        .state(state)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .endpointURI(metadata.getAuthorizationEndpointURI())
        .build()
        .toURI();
  }

  /** Opens the consent page as a browser would and clicks a button; returns the 302. */
  private HttpResponse<String> consent(URI authorizationUri, String answer) {
    String pathAndQuery = authorizationUri.getRawPath() + "?" + authorizationUri.getRawQuery();
    HttpResponse<String> page = http.get(pathAndQuery);
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("Nimbus test client"), page.body());
    assertTrue(page.body().contains(AdapterContract.USER), page.body());
    assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null));
    Map<String, String> fields = Browser.hiddenFields(page.body());
    fields.put("consent", answer);
    HttpResponse<String> redirect = http.form("/authorize", Browser.formBody(fields));
    assertEquals(302, redirect.statusCode(), redirect.body());
    assertTrue(redirect.headers().firstValue("Location").get().startsWith(REDIRECT + "?"));
    return redirect;
  }

  /** Runs the authorization step and returns the code, checking state and iss (RFC 9207). */
  private AuthorizationCode authorize(ClientID clientId, CodeVerifier verifier) throws Exception {
    State state = new State();
    HttpResponse<String> redirect = consent(authorizationUri(clientId, verifier, state), "approve");
    AuthorizationResponse response =
        AuthorizationResponse.parse(URI.create(redirect.headers().firstValue("Location").get()));
    assertTrue(response.indicatesSuccess(), redirect.headers().firstValue("Location").get());
    AuthorizationSuccessResponse success = response.toSuccessResponse();
    assertEquals(state, success.getState());
    assertEquals(metadata.getIssuer(), success.getIssuer());
    secrets.add(success.getAuthorizationCode().getValue());
    secrets.add(verifier.getValue());
    return success.getAuthorizationCode();
  }

  private Tokens token(ClientAuthentication auth, AuthorizationGrant grant) throws Exception {
    return parseTokens(
        new TokenRequest.Builder(metadata.getTokenEndpointURI(), auth, grant)
            .build()
            .toHTTPRequest()
            .send());
  }

  private Tokens parseTokens(HTTPResponse http) throws ParseException {
    assertEquals("no-store", http.getHeaderValue("Cache-Control"));
    assertEquals("no-cache", http.getHeaderValue("Pragma"));
    TokenResponse response = TokenResponse.parse(http);
    assertTrue(response.indicatesSuccess(), http.getBody());
    AccessTokenResponse success = response.toSuccessResponse();
    Tokens tokens = success.getTokens();
    secrets.add(tokens.getAccessToken().getValue());
    if (tokens.getRefreshToken() != null) {
      secrets.add(tokens.getRefreshToken().getValue());
    }
    return tokens;
  }

  private TokenErrorResponse tokenError(ClientAuthentication auth, AuthorizationGrant grant)
      throws Exception {
    HTTPResponse http =
        new TokenRequest.Builder(metadata.getTokenEndpointURI(), auth, grant)
            .build()
            .toHTTPRequest()
            .send();
    assertEquals(400, http.getStatusCode());
    return TokenResponse.parse(http).toErrorResponse();
  }

  private TokenIntrospectionSuccessResponse introspect(ClientAuthentication auth, Token token)
      throws Exception {
    HTTPResponse http =
        new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), auth, token)
            .toHTTPRequest()
            .send();
    TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(http);
    assertTrue(response.indicatesSuccess(), http.getBody());
    return response.toSuccessResponse();
  }

  private URI revocationUri() {
    return metadata.getRevocationEndpointURI();
  }

  private HTTPResponse meResponse(AccessToken token) throws IOException {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, URI.create(issuer + "/me"));
    request.setAuthorization(token.toAuthorizationHeader());
    return request.send();
  }

  private Map<String, Object> me(AccessToken token) throws Exception {
    HTTPResponse response = meResponse(token);
    assertEquals(200, response.getStatusCode(), response.getBody());
    return response.getBodyAsJSONObject();
  }
}

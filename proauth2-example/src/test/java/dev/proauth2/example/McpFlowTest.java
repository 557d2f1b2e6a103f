package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
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
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.proauth2.testkit.Browser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.minidev.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an MCP client does against a protected resource it has never seen, over real HTTP with the
 * Nimbus OAuth 2.0 SDK: call the resource, follow its 401 challenge to the protected resource
 * metadata (RFC 9728), from there to the authorization server's metadata (RFC 8414), register
 * dynamically as a public client with a loopback redirect URI (RFC 7591), get a code with PKCE and
 * {@code resource} (RFC 8707), exchange it, and call the resource with the token. Nimbus has no RFC
 * 9728 support, so the challenge and the resource metadata are read with its JSON utilities.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpFlowTest {

  private static final URI REDIRECT = URI.create("http://127.0.0.1:33418/callback");
  private static final Pattern RESOURCE_METADATA =
      Pattern.compile("resource_metadata=\"([^\"]+)\"");

  private RawHttp http;
  private URI mcp;

  @BeforeAll
  void start() {
    http = new RawHttp(false);
    mcp = URI.create(http.server.issuer() + "/mcp");
  }

  @AfterAll
  void stop() {
    http.close();
  }

  private HTTPResponse call(AccessToken token) throws Exception {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, mcp);
    if (token != null) {
      request.setAuthorization(token.toAuthorizationHeader());
    }
    return request.send();
  }

  /** Steps 1 to 3: from a refused call to the authorization server's metadata. */
  private AuthorizationServerMetadata discover() throws Exception {
    HTTPResponse refused = call(null);
    assertEquals(401, refused.getStatusCode());
    String challenge = refused.getHeaderValue("WWW-Authenticate");
    assertEquals(mcp.toString(), BearerTokenError.parse(challenge).getRealm());
    Matcher matcher = RESOURCE_METADATA.matcher(challenge);
    assertTrue(matcher.find(), challenge);

    HTTPResponse document =
        new HTTPRequest(HTTPRequest.Method.GET, URI.create(matcher.group(1))).send();
    assertEquals(200, document.getStatusCode(), document.getBody());
    JSONObject resourceMetadata = document.getBodyAsJSONObject();
    assertEquals(mcp.toString(), resourceMetadata.get("resource"));
    List<String> servers = JSONObjectUtils.getStringList(resourceMetadata, "authorization_servers");
    assertEquals(List.of(http.server.issuer()), servers);
    assertEquals(
        List.of("header"),
        JSONObjectUtils.getStringList(resourceMetadata, "bearer_methods_supported"));

    return AuthorizationServerMetadata.resolve(new Issuer(servers.get(0)));
  }

  private ClientInformation register(
      AuthorizationServerMetadata server, ClientAuthenticationMethod method, Set<GrantType> grants)
      throws Exception {
    ClientMetadata client = new ClientMetadata();
    client.setName("MCP client");
    if (grants.contains(GrantType.AUTHORIZATION_CODE)) {
      client.setRedirectionURI(REDIRECT);
      client.setResponseTypes(Set.of(ResponseType.CODE));
    }
    client.setGrantTypes(grants);
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

  /** Steps 4 and 5: the authorization request with PKCE and resource, approved on the page. */
  private AuthorizationCode authorize(
      AuthorizationServerMetadata server, ClientID clientId, CodeVerifier verifier)
      throws Exception {
    State state = new State();
    URI request =
        new AuthorizationRequest.Builder(ResponseType.CODE, clientId)
            .redirectionURI(REDIRECT)
            .scope(new Scope("read"))
            .state(state)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .resources(mcp)
            .endpointURI(server.getAuthorizationEndpointURI())
            .build()
            .toURI();
    HttpResponse<String> page = http.get(request.getRawPath() + "?" + request.getRawQuery());
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains(mcp.toString()), "the consent page names the resource");
    Map<String, String> fields = Browser.hiddenFields(page.body());
    fields.put("consent", "approve");
    HttpResponse<String> redirect = http.form("/authorize", Browser.formBody(fields));
    assertEquals(302, redirect.statusCode(), redirect.body());
    AuthorizationResponse response =
        AuthorizationResponse.parse(URI.create(redirect.headers().firstValue("Location").get()));
    assertTrue(response.indicatesSuccess());
    assertEquals(state, response.toSuccessResponse().getState());
    return response.toSuccessResponse().getAuthorizationCode();
  }

  private HTTPResponse tokenRequest(
      AuthorizationServerMetadata server, ClientID clientId, AuthorizationGrant grant, URI resource)
      throws Exception {
    TokenRequest.Builder request =
        new TokenRequest.Builder(server.getTokenEndpointURI(), clientId, grant);
    if (resource != null) {
      request.resources(resource);
    }
    return request.build().toHTTPRequest().send();
  }

  private static Tokens tokens(HTTPResponse response) throws Exception {
    TokenResponse parsed = TokenResponse.parse(response);
    assertTrue(parsed.indicatesSuccess(), response.getBody());
    return parsed.toSuccessResponse().getTokens();
  }

  /** A client's own token (client_credentials), for the resource or for none. */
  private static AccessToken clientToken(
      AuthorizationServerMetadata server, ClientInformation client, URI resource) throws Exception {
    ClientAuthentication auth = new ClientSecretBasic(client.getID(), client.getSecret());
    TokenRequest.Builder request =
        new TokenRequest.Builder(server.getTokenEndpointURI(), auth, new ClientCredentialsGrant());
    if (resource != null) {
      request.resources(resource);
    }
    return tokens(request.build().toHTTPRequest().send()).getAccessToken();
  }

  @Test
  @DisplayName(
      "401 challenge, RFC 9728 and RFC 8414 metadata, registration, code with resource, call")
  void wholeFlow() throws Exception {
    AuthorizationServerMetadata server = discover();
    ClientInformation client =
        register(
            server,
            ClientAuthenticationMethod.NONE,
            Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    assertEquals(null, client.getSecret());
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationCode code = authorize(server, client.getID(), verifier);
    Tokens tokens =
        tokens(
            tokenRequest(
                server, client.getID(), new AuthorizationCodeGrant(code, REDIRECT, verifier), mcp));

    HTTPResponse answer = call(tokens.getAccessToken());
    assertEquals(200, answer.getStatusCode(), answer.getBody());
    JSONObject body = answer.getBodyAsJSONObject();
    assertEquals("demo-user", body.get("sub"));
    assertEquals(client.getID().getValue(), body.get("client_id"));
    assertEquals(mcp.toString(), body.get("resource"));

    // The MCP server's token is not a key to the host's own API (audit issue 29, finding 1).
    HTTPRequest me =
        new HTTPRequest(HTTPRequest.Method.GET, URI.create(http.server.issuer() + "/me"));
    me.setAuthorization(tokens.getAccessToken().toAuthorizationHeader());
    HTTPResponse replayed = me.send();
    assertEquals(401, replayed.getStatusCode());
    assertEquals(
        "invalid_token",
        BearerTokenError.parse(replayed.getHeaderValue("WWW-Authenticate")).getCode());

    // A refresh keeps the token bound to the resource; one that widens it is refused.
    Tokens refreshed =
        tokens(
            tokenRequest(
                server, client.getID(), new RefreshTokenGrant(tokens.getRefreshToken()), null));
    assertEquals(200, call(refreshed.getAccessToken()).getStatusCode());
    HTTPResponse widened =
        tokenRequest(
            server,
            client.getID(),
            new RefreshTokenGrant(refreshed.getRefreshToken()),
            URI.create(http.server.issuer() + "/other"));
    assertEquals(400, widened.getStatusCode());
    TokenErrorResponse error = TokenResponse.parse(widened).toErrorResponse();
    assertEquals("invalid_target", error.getErrorObject().getCode());
  }

  @Test
  @DisplayName("a token asked for without the resource is refused there with the challenge")
  void unboundTokenRefused() throws Exception {
    AuthorizationServerMetadata server = discover();
    ClientInformation client =
        register(
            server,
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
            Set.of(GrantType.CLIENT_CREDENTIALS));
    AccessToken unbound = clientToken(server, client, null);

    HTTPResponse refused = call(unbound);
    assertEquals(401, refused.getStatusCode());
    String challenge = refused.getHeaderValue("WWW-Authenticate");
    assertEquals("invalid_token", BearerTokenError.parse(challenge).getCode());
    assertTrue(RESOURCE_METADATA.matcher(challenge).find(), challenge);
    // The same token still works where no resource binding is required.
    HTTPRequest me =
        new HTTPRequest(HTTPRequest.Method.GET, URI.create(http.server.issuer() + "/me"));
    me.setAuthorization(unbound.toAuthorizationHeader());
    assertEquals(200, me.send().getStatusCode());
  }

  @Test
  @DisplayName("a client's own token for the resource introspects with aud naming it")
  void introspectionNamesTheAudience() throws Exception {
    AuthorizationServerMetadata server = discover();
    ClientInformation client =
        register(
            server,
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
            Set.of(GrantType.CLIENT_CREDENTIALS));
    ClientAuthentication auth = new ClientSecretBasic(client.getID(), client.getSecret());
    AccessToken bound = clientToken(server, client, mcp);
    assertEquals(200, call(bound).getStatusCode());

    HTTPResponse introspected =
        new TokenIntrospectionRequest(server.getIntrospectionEndpointURI(), auth, bound)
            .toHTTPRequest()
            .send();
    TokenIntrospectionSuccessResponse info =
        TokenIntrospectionResponse.parse(introspected).toSuccessResponse();
    assertTrue(info.isActive());
    assertNotNull(info.getAudience());
    assertEquals(List.of(new Audience(mcp.toString())), info.getAudience());
    assertFalse(introspected.getBody().contains("\"sub\""), introspected.getBody());
  }
}

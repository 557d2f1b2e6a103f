package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.proauth2.testkit.Browser;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An MCP client that names itself by the https URL of its Client ID Metadata Document, against the
 * demo server over real HTTP with the Nimbus OAuth 2.0 SDK: the server's metadata says it takes
 * such clients, the client never registers, and its document is served over TLS by a local server
 * whose certificate the test trust store holds (the demo fetches with the JVM's default trust
 * store). Also the checklist's step-up: a 403 {@code insufficient_scope}, then a new authorization
 * with more scope.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("an MCP client with a Client ID Metadata Document, over HTTP")
class McpClientIdMetadataDocumentTest {

  private static final URI CALLBACK = URI.create("http://localhost:33419/callback");

  private RawHttp http;
  private HttpsServer documents;
  private final AtomicInteger fetches = new AtomicInteger();
  private ClientID clientId;
  private URI mcp;

  @BeforeAll
  void start() throws Exception {
    http = new RawHttp(false);
    mcp = URI.create(http.server.issuer() + "/mcp");
    documents =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    documents.setHttpsConfigurator(new HttpsConfigurator(serverTls()));
    int port = documents.getAddress().getPort();
    clientId = new ClientID("https://localhost:" + port + "/inspector/client.json");
    String document =
        "{\"client_id\":\""
            + clientId.getValue()
            + "\",\"client_name\":\"MCP Inspector\",\"client_uri\":\"https://inspector.example\","
            + "\"redirect_uris\":[\""
            + CALLBACK
            + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
            + "\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"none\","
            + "\"software_id\":\"ignored-by-the-server\"}";
    documents.createContext(
        "/inspector/client.json",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = document.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.getResponseHeaders().set("Cache-Control", "max-age=600");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    documents.start();
  }

  @AfterAll
  void stop() {
    documents.stop(0);
    http.close();
  }

  private static SSLContext serverTls() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in =
        McpClientIdMetadataDocumentTest.class.getResourceAsStream("/tls/localhost.p12")) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(managers.getKeyManagers(), null, null);
    return tls;
  }

  private AuthorizationServerMetadata metadata() throws Exception {
    return AuthorizationServerMetadata.resolve(new Issuer(http.server.issuer()));
  }

  /** The authorization request, the consent page (checked by the caller), the approval. */
  private AuthorizationResponse authorize(
      AuthorizationServerMetadata server, CodeVerifier verifier, String scope, List<String> page)
      throws Exception {
    URI request =
        new AuthorizationRequest.Builder(ResponseType.CODE, clientId)
            .redirectionURI(CALLBACK)
            .scope(new Scope(scope.split(" ")))
            .state(new State())
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .resources(mcp)
            .endpointURI(server.getAuthorizationEndpointURI())
            .build()
            .toURI();
    HttpResponse<String> consent = http.get(request.getRawPath() + "?" + request.getRawQuery());
    assertEquals(200, consent.statusCode(), consent.body());
    page.add(consent.body());
    Map<String, String> fields = Browser.hiddenFields(consent.body());
    fields.put("consent", "approve");
    HttpResponse<String> redirect = http.form("/authorize", Browser.formBody(fields));
    assertEquals(302, redirect.statusCode(), redirect.body());
    return AuthorizationResponse.parse(
        URI.create(redirect.headers().firstValue("Location").orElseThrow()));
  }

  private Tokens redeem(
      AuthorizationServerMetadata server, AuthorizationCode code, CodeVerifier verifier)
      throws Exception {
    HTTPResponse response =
        new TokenRequest.Builder(
                server.getTokenEndpointURI(),
                clientId,
                new AuthorizationCodeGrant(code, CALLBACK, verifier))
            .resources(mcp)
            .build()
            .toHTTPRequest()
            .send();
    TokenResponse parsed = TokenResponse.parse(response);
    assertTrue(parsed.indicatesSuccess(), response.getBody());
    return parsed.toSuccessResponse().getTokens();
  }

  private HTTPResponse call(String path, AccessToken token) throws Exception {
    HTTPRequest request =
        new HTTPRequest(HTTPRequest.Method.POST, URI.create(http.server.issuer() + path));
    request.setAuthorization(token.toAuthorizationHeader());
    return request.send();
  }

  @Test
  @DisplayName("metadata, consent naming the document's origin, code with PKCE, token, MCP call")
  void wholeFlow() throws Exception {
    AuthorizationServerMetadata server = metadata();
    assertEquals(Boolean.TRUE, server.getCustomParameter("client_id_metadata_document_supported"));
    assertTrue(server.supportsAuthorizationResponseIssuerParam());
    assertEquals(List.of(CodeChallengeMethod.S256), server.getCodeChallengeMethods());
    assertTrue(
        server.getTokenEndpointAuthMethods().stream()
            .anyMatch(method -> method.getValue().equals("none")));

    CodeVerifier verifier = new CodeVerifier();
    List<String> pages = new java.util.ArrayList<>();
    AuthorizationResponse response = authorize(server, verifier, "read", pages);
    String page = pages.get(0);
    assertTrue(page.contains("MCP Inspector"), page);
    assertTrue(page.contains("localhost:" + documents.getAddress().getPort()), page);
    assertTrue(page.contains("on your own computer"), "the loopback warning");
    assertTrue(response.indicatesSuccess());
    assertEquals(http.server.issuer(), response.getIssuer().getValue(), "iss (RFC 9207)");

    Tokens tokens = redeem(server, response.toSuccessResponse().getAuthorizationCode(), verifier);
    HTTPResponse answer = call("/mcp", tokens.getAccessToken());
    assertEquals(200, answer.getStatusCode(), answer.getBody());
    assertEquals(clientId.getValue(), answer.getBodyAsJSONObject().get("client_id"));
    assertTrue(fetches.get() >= 1);
  }

  @Test
  @DisplayName("step-up: 403 insufficient_scope, then a new authorization with the scope")
  void stepUp() throws Exception {
    AuthorizationServerMetadata server = metadata();
    CodeVerifier first = new CodeVerifier();
    Tokens reading =
        redeem(
            server,
            authorize(server, first, "read", new java.util.ArrayList<>())
                .toSuccessResponse()
                .getAuthorizationCode(),
            first);
    HTTPResponse refused = call("/mcp/write", reading.getAccessToken());
    assertEquals(403, refused.getStatusCode());
    BearerTokenError error = BearerTokenError.parse(refused.getHeaderValue("WWW-Authenticate"));
    assertEquals("insufficient_scope", error.getCode());
    assertTrue(error.getScope().contains("write"), String.valueOf(error.getScope()));

    CodeVerifier second = new CodeVerifier();
    Tokens writing =
        redeem(
            server,
            authorize(server, second, "read write", new java.util.ArrayList<>())
                .toSuccessResponse()
                .getAuthorizationCode(),
            second);
    assertEquals(200, call("/mcp/write", writing.getAccessToken()).getStatusCode());
  }

  @Test
  @DisplayName("a client id whose document cannot be fetched is refused without a redirect")
  void unusableDocument() throws Exception {
    AuthorizationServerMetadata server = metadata();
    URI request =
        new AuthorizationRequest.Builder(
                ResponseType.CODE,
                new ClientID(
                    "https://localhost:" + documents.getAddress().getPort() + "/missing.json"))
            .redirectionURI(CALLBACK)
            .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
            .endpointURI(server.getAuthorizationEndpointURI())
            .build()
            .toURI();
    HttpResponse<String> page = http.get(request.getRawPath() + "?" + request.getRawQuery());
    assertEquals(400, page.statusCode(), page.body());
    assertTrue(page.headers().firstValue("Location").isEmpty(), "never redirected");
    assertTrue(page.body().contains("invalid_client"), page.body());
    assertFalse(page.body().contains("404"), "no oracle on what the URL answered");
  }

  @Test
  @DisplayName("the token endpoint refuses an unusable document client with invalid_client")
  void unusableAtTheTokenEndpoint() throws Exception {
    AuthorizationServerMetadata server = metadata();
    HTTPResponse response =
        new TokenRequest.Builder(
                server.getTokenEndpointURI(),
                new ClientID(
                    "https://localhost:" + documents.getAddress().getPort() + "/missing.json"),
                new AuthorizationCodeGrant(
                    new AuthorizationCode("x"), CALLBACK, new CodeVerifier()))
            .build()
            .toHTTPRequest()
            .send();
    assertEquals(401, response.getStatusCode(), response.getBody());
    assertEquals("invalid_client", TokenErrorResponse.parse(response).getErrorObject().getCode());
  }
}

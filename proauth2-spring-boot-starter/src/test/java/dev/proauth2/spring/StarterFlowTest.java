package dev.proauth2.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.spring.authserver.AuthServerApplication;
import dev.proauth2.spring.resourceserver.ResourceServerApplication;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a real Spring Boot application on a real port: an independent OAuth client (the
 * Nimbus SDK) runs the code flow against the auto-configured endpoints, and a separate Spring
 * Security resource server accepts the token by introspecting it there.
 */
@SpringBootTest(
    classes = AuthServerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "proauth2.datastore=memory:",
      "proauth2.access-token-ttl=10m",
      // Spring's JDBC starter is on the test class path for the sample application; none here.
      "spring.autoconfigure.exclude="
          + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "proauth2.endpoints.registration=/register",
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.show-components=always", // else /health/proauth2 is 404
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StarterFlowTest {

  private static final URI REDIRECT = URI.create("http://127.0.0.1:9876/callback");
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
  private static final int PORT = freePort();
  private static final String ISSUER = "http://localhost:" + PORT;

  @Autowired private Proauth2 oauth;

  private final HttpClient browser =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private AuthorizationServerMetadata metadata;
  private ConfigurableApplicationContext resourceServer;
  private String api;

  /** The issuer names the port, so the port is chosen before the application starts. */
  @DynamicPropertySource
  static void port(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("proauth2.issuer", () -> ISSUER);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  void start() throws Exception {
    metadata = AuthorizationServerMetadata.resolve(new Issuer(ISSUER));
    // The host registers its API as a resource server: only then may it introspect every token
    ClientRegistration apiClient =
        oauth.registerApp(
            RegistrationRequest.builder("orders API")
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .resourceServer(true)
                .build());
    resourceServer =
        new SpringApplicationBuilder(ResourceServerApplication.class)
            .properties(
                "server.port=0",
                "spring.autoconfigure.exclude=dev.proauth2.spring.Proauth2AutoConfiguration,"
                    + "dev.proauth2.spring.Proauth2HealthAutoConfiguration,"
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "spring.security.oauth2.resourceserver.opaquetoken.introspection-uri="
                    + metadata.getIntrospectionEndpointURI(),
                "spring.security.oauth2.resourceserver.opaquetoken.client-id="
                    + apiClient.clientId(),
                "spring.security.oauth2.resourceserver.opaquetoken.client-secret="
                    + apiClient.clientSecret())
            .run();
    api =
        "http://127.0.0.1:"
            + resourceServer.getEnvironment().getProperty("local.server.port")
            + "/api/hello";
  }

  @AfterAll
  void stop() {
    if (resourceServer != null) {
      resourceServer.close();
    }
  }

  @Test
  @DisplayName("Nimbus finds every endpoint at the configured paths from the issuer alone")
  void metadata() {
    assertEquals(ISSUER, metadata.getIssuer().getValue());
    assertEquals(URI.create(ISSUER + "/authorize"), metadata.getAuthorizationEndpointURI());
    assertEquals(URI.create(ISSUER + "/token"), metadata.getTokenEndpointURI());
    assertEquals(URI.create(ISSUER + "/introspect"), metadata.getIntrospectionEndpointURI());
    assertEquals(URI.create(ISSUER + "/revoke"), metadata.getRevocationEndpointURI());
    assertEquals(URI.create(ISSUER + "/register"), metadata.getRegistrationEndpointURI());
  }

  @Test
  @DisplayName(
      "Nimbus runs the code flow with PKCE through the consent bean, and Spring Security's resource"
          + " server accepts the token by introspection until it is revoked")
  void codeFlowAndResourceServer() throws Exception {
    ClientRegistration client =
        oauth.registerApp(
            RegistrationRequest.builder("Spring test client")
                .redirectUri(REDIRECT.toString())
                .scope("read write")
                .build());
    ClientSecretBasic auth =
        new ClientSecretBasic(new ClientID(client.clientId()), new Secret(client.clientSecret()));
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    URI authorization =
        new AuthorizationRequest.Builder(
                new ResponseType(ResponseType.Value.CODE), new ClientID(client.clientId()))
            .redirectionURI(REDIRECT)
            .scope(new Scope("read"))
            .state(state)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .build()
            .toURI();

    assertEquals(204, send(HttpRequest.newBuilder(URI.create(ISSUER + "/login"))).statusCode());
    HttpResponse<String> page = send(HttpRequest.newBuilder(authorization));
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("Spring test client"), page.body());
    Map<String, String> fields = hiddenFields(page.body());
    assertTrue(fields.containsKey(ConsentGuard.FIELD), "the consent form carries its nonce");
    fields.put("consent", "approve");
    HttpResponse<String> redirect =
        send(
            HttpRequest.newBuilder(URI.create(ISSUER + "/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", ISSUER)
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    assertEquals(302, redirect.statusCode(), redirect.body());
    AuthorizationSuccessResponse success =
        AuthorizationResponse.parse(URI.create(redirect.headers().firstValue("Location").get()))
            .toSuccessResponse();
    assertEquals(state, success.getState());
    assertEquals(metadata.getIssuer(), success.getIssuer());

    TokenResponse response =
        TokenResponse.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    auth,
                    new AuthorizationCodeGrant(success.getAuthorizationCode(), REDIRECT, verifier))
                .build()
                .toHTTPRequest()
                .send());
    assertTrue(response.indicatesSuccess());
    Tokens tokens = response.toSuccessResponse().getTokens();
    assertEquals(600, tokens.getAccessToken().getLifetime(), "proauth2.access-token-ttl=10m");

    HttpResponse<String> hello = callApi(tokens.getAccessToken());
    assertEquals(200, hello.statusCode(), hello.body());
    Map<String, Object> body = JSONObjectUtils.parse(hello.body());
    assertEquals(AuthServerApplication.USER, body.get("user"));
    assertTrue(((String) body.get("authorities")).contains("SCOPE_read"), hello.body());

    assertEquals(
        200,
        new TokenRevocationRequest(
                metadata.getRevocationEndpointURI(), auth, tokens.getAccessToken())
            .toHTTPRequest()
            .send()
            .getStatusCode());
    assertEquals(401, callApi(tokens.getAccessToken()).statusCode());
  }

  @Test
  @DisplayName("a client may register at the configured path, within the default policy")
  void registration() throws Exception {
    HttpResponse<String> registered =
        send(
            HttpRequest.newBuilder(metadata.getRegistrationEndpointURI())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"redirect_uris\":[\"" + REDIRECT + "\"]}")));
    assertEquals(201, registered.statusCode(), registered.body());
    String clientId = (String) JSONObjectUtils.parse(registered.body()).get("client_id");
    assertTrue(oauth.findApp(clientId).isPresent());
  }

  @Test
  @DisplayName("Actuator reports the proauth2 store UP")
  void health() throws Exception {
    HttpResponse<String> health =
        send(HttpRequest.newBuilder(URI.create(ISSUER + "/actuator/health/proauth2")));
    assertEquals(200, health.statusCode(), health.body());
    assertEquals("UP", JSONObjectUtils.parse(health.body()).get("status"));
  }

  private HttpResponse<String> callApi(AccessToken token) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(api))
            .header("Authorization", token.toAuthorizationHeader()));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> hiddenFields(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher matcher = HIDDEN.matcher(html);
    while (matcher.find()) {
      fields.put(unescape(matcher.group(1)), unescape(matcher.group(2)));
    }
    return fields;
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private static String form(Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (name, value) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return body.toString();
  }
}

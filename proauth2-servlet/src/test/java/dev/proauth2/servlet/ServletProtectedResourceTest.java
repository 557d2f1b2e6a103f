package dev.proauth2.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.testkit.Browser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link BearerTokenFilter} built on a {@code ProtectedResource}, on Jetty over real HTTP: it
 * serves the resource's metadata (RFC 9728), names it in every 401, and lets through only tokens
 * issued for the resource (RFC 8707).
 */
@DisplayName("the bearer-token filter of a protected resource")
class ServletProtectedResourceTest {

  private final RawHttp http = new RawHttp(false);
  private final String resource = http.server.issuer() + "/mcp";
  private final ClientRegistration service =
      http.server
          .oauth()
          .registerApp(
              RegistrationRequest.builder("svc").grantType(GrantType.CLIENT_CREDENTIALS).build());

  @AfterEach
  void close() {
    http.close();
  }

  private String token(List<String> resources) {
    return http.server
        .oauth()
        .requestAccessToken(
            new TokenRequest.ClientCredentials(
                service.clientId(), service.clientSecret(), null, resources))
        .accessToken();
  }

  @Test
  @DisplayName("serves the metadata at the well-known path with the resource's path")
  void metadata() {
    HttpResponse<String> response = http.get("/.well-known/oauth-protected-resource/mcp");
    assertEquals(200, response.statusCode(), response.body());
    Map<String, Object> document = Browser.json(response);
    assertEquals(resource, document.get("resource"));
    assertEquals(List.of(http.server.issuer()), document.get("authorization_servers"));
  }

  @Test
  @DisplayName("a request without a token is 401 naming the metadata document")
  void missingToken() {
    HttpResponse<String> response = http.get("/mcp");
    assertEquals(401, response.statusCode());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(
        challenge.contains(
            "resource_metadata=\""
                + http.server.issuer()
                + "/.well-known/oauth-protected-resource/mcp\""),
        challenge);
  }

  @Test
  @DisplayName("a token issued for the resource passes; one issued for none is 401 invalid_token")
  void onlyBoundTokens() {
    HttpResponse<String> bound =
        http.get("/mcp", "Authorization", "Bearer " + token(List.of(resource)));
    assertEquals(200, bound.statusCode(), bound.body());
    assertEquals(service.clientId(), Browser.json(bound).get("client_id"));

    HttpResponse<String> unbound = http.get("/mcp", "Authorization", "Bearer " + token(List.of()));
    assertEquals(401, unbound.statusCode());
    assertTrue(
        unbound.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
  }

  @Test
  @DisplayName("the filter of an API that names no resource refuses the resource's tokens")
  void boundTokensRefusedByTheUnboundFilter() {
    HttpResponse<String> replayed =
        http.get("/me", "Authorization", "Bearer " + token(List.of(resource)));
    assertEquals(401, replayed.statusCode());
    assertTrue(
        replayed.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
    HttpResponse<String> unbound = http.get("/me", "Authorization", "Bearer " + token(List.of()));
    assertEquals(200, unbound.statusCode(), unbound.body());
  }
}

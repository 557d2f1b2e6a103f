package dev.proauth2.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.testkit.Browser;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The servlet mapped to {@code /*} under a context path, with the context path in the issuer: the
 * servlet routes by the path inside its context, and the metadata names the full URLs.
 */
@DisplayName("the servlet mapped to /* under a context path")
class ServletMappingTest {

  private RawHttp http;

  @BeforeEach
  void start() {
    http = new RawHttp(new JettyServer("/sso"));
  }

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  @DisplayName("the metadata names the endpoints under the context path, and they answer there")
  void routes() {
    HttpResponse<String> metadata = http.get("/sso/.well-known/oauth-authorization-server");
    assertEquals(200, metadata.statusCode(), metadata.body());
    Map<String, Object> fields = Browser.json(metadata);
    assertEquals(http.server.issuer(), fields.get("issuer"));
    assertEquals(http.server.issuer() + "/token", fields.get("token_endpoint"));

    Map<String, Object> client =
        Browser.json(
            http.post(
                "/sso/register",
                "application/json",
                "{\"grant_types\":[\"client_credentials\"],\"scope\":\"read\"}"));
    HttpResponse<String> token =
        http.form(
            "/sso/token",
            "grant_type=client_credentials",
            "Authorization",
            Browser.basic((String) client.get("client_id"), (String) client.get("client_secret")));
    assertEquals(200, token.statusCode(), token.body());
    assertTrue(Browser.json(token).containsKey("access_token"));
  }

  @Test
  @DisplayName("a path inside the context that is no endpoint is the servlet's 404")
  void unknownPath() {
    HttpResponse<String> response = http.get("/sso/nowhere");
    assertEquals(404, response.statusCode());
    assertEquals("not found\n", response.body());
  }
}

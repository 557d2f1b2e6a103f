package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Registration at the adapter's {@code /register} within {@link
 * AdapterContract#REGISTRATION_POLICY}: a machine-to-machine client registers without redirect URIs
 * (RFC 7591 asks for them only for redirect-based grants), and nothing beyond the policy's grants
 * and scopes is handed out.
 */
abstract class RegistrationContract extends AdapterFixture {

  RegistrationContract(AdapterContract contract) {
    super(contract);
  }

  private HttpResponse<String> register(String json) {
    return http.post("/register", "application/json", json);
  }

  @Test
  @DisplayName("a client_credentials client registers without redirect URIs and gets its token")
  void withoutRedirectUris() {
    HttpResponse<String> registered =
        register("{\"grant_types\":[\"client_credentials\"],\"scope\":\"read\"}");
    assertEquals(201, registered.statusCode(), registered.body());
    Map<String, Object> client = Browser.json(registered);
    assertFalse(client.containsKey("response_types"));
    assertEquals(java.util.List.of(), client.get("redirect_uris"));
    HttpResponse<String> token =
        http.form(
            "/token",
            "grant_type=client_credentials&scope=read",
            "Authorization",
            Browser.basic((String) client.get("client_id"), (String) client.get("client_secret")));
    assertEquals(200, token.statusCode(), token.body());
    assertEquals("read", Browser.json(token).get("scope"));
  }

  @Test
  @DisplayName("a client that uses authorization_code still needs a redirect URI")
  void codeNeedsRedirectUri() {
    HttpResponse<String> refused = register("{\"grant_types\":[\"authorization_code\"]}");
    assertEquals(400, refused.statusCode());
    assertEquals("invalid_redirect_uri", Browser.json(refused).get("error"));
  }

  @Test
  @DisplayName("the audit's request for scope 'admin root' is refused at registration")
  void scopeBeyondPolicy() {
    HttpResponse<String> refused =
        register("{\"grant_types\":[\"client_credentials\"],\"scope\":\"admin root\"}");
    assertEquals(400, refused.statusCode());
    assertEquals("invalid_client_metadata", Browser.json(refused).get("error"));
  }

  @Test
  @DisplayName("a client registered without scope gets a token without scope, never 'admin root'")
  void noScopeGetsNone() {
    Map<String, Object> client = http.register("{\"grant_types\":[\"client_credentials\"]}");
    String basic =
        Browser.basic((String) client.get("client_id"), (String) client.get("client_secret"));
    HttpResponse<String> refused =
        http.form(
            "/token", "grant_type=client_credentials&scope=admin%20root", "Authorization", basic);
    assertEquals(400, refused.statusCode());
    assertEquals("invalid_scope", Browser.json(refused).get("error"));
    HttpResponse<String> token =
        http.form("/token", "grant_type=client_credentials", "Authorization", basic);
    assertEquals(200, token.statusCode(), token.body());
    assertFalse(Browser.json(token).containsKey("scope"));
  }
}

package dev.proauth2.testkit;

import static dev.proauth2.testkit.Browser.basic;
import static dev.proauth2.testkit.Browser.encode;
import static dev.proauth2.testkit.Browser.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every error path of the adapter over raw HTTP: the status, the {@code error} code and the headers
 * each RFC asks for. One server serves the whole concern.
 */
abstract class HttpErrorsContract extends AdapterFixture {

  private static final String REDIRECT = "http://127.0.0.1:7777/cb";
  private static final String PKCE =
      "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

  private String basicId;
  private String basicSecret;
  private String publicId;

  HttpErrorsContract(AdapterContract contract) {
    super(contract);
  }

  @BeforeAll
  void registerClients() {
    Map<String, Object> confidential =
        http.register(
            "{\"client_name\":\"Errors <b>app</b>\",\"redirect_uris\":[\""
                + REDIRECT
                + "\"],"
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\",\"client_credentials\"]}");
    basicId = (String) confidential.get("client_id");
    basicSecret = (String) confidential.get("client_secret");
    publicId =
        (String)
            http.register(
                    "{\"redirect_uris\":[\""
                        + REDIRECT
                        + "\"],\"token_endpoint_auth_method\":\"none\"}")
                .get("client_id");
  }

  /** Asserts an RFC 6749 section 5.2 error: status, code, JSON, never cached. */
  private static Map<String, Object> assertError(
      HttpResponse<String> response, int status, String error) {
    assertEquals(status, response.statusCode(), response.body());
    // Some containers write the charset of a known media type in lower case; RFC 9110 compares it
    // without regard to case.
    assertEquals(
        Optional.of("application/json;charset=utf-8"),
        response.headers().firstValue("Content-Type").map(type -> type.toLowerCase(Locale.ROOT)));
    assertEquals(Optional.of("no-store"), response.headers().firstValue("Cache-Control"));
    Map<String, Object> body = json(response);
    assertEquals(error, body.get("error"), response.body());
    assertTrue(body.get("error_description") instanceof String);
    return body;
  }

  private static void assertBasicChallenge(HttpResponse<String> response) {
    assertTrue(
        response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\""),
        response.headers().toString());
  }

  private String accessToken() {
    HttpResponse<String> response =
        http.form(
            "/token",
            "grant_type=client_credentials",
            "Authorization",
            basic(basicId, basicSecret));
    assertEquals(200, response.statusCode(), response.body());
    return (String) json(response).get("access_token");
  }

  @Nested
  @DisplayName("/token")
  class Token {

    @Test
    @DisplayName("GET is 405 with Allow: POST")
    void get() {
      HttpResponse<String> response = http.get("/token?grant_type=client_credentials");
      assertError(response, 405, "invalid_request");
      assertEquals(Optional.of("POST"), response.headers().firstValue("Allow"));
    }

    @Test
    @DisplayName("a JSON body is invalid_request")
    void json() {
      assertError(
          http.post(
              "/token",
              "application/json",
              "{\"grant_type\":\"client_credentials\"}",
              "Authorization",
              basic(basicId, basicSecret)),
          400,
          "invalid_request");
    }

    @Test
    @DisplayName("a parameter sent twice is invalid_request")
    void duplicate() {
      assertError(
          http.form(
              "/token",
              "grant_type=client_credentials&grant_type=client_credentials",
              "Authorization",
              basic(basicId, basicSecret)),
          400,
          "invalid_request");
    }

    @Test
    @DisplayName("a client_secret in the URL query is invalid_request, never used")
    void secretInQuery() {
      assertError(
          http.form(
              "/token?client_secret=" + encode(basicSecret),
              "grant_type=client_credentials&client_id=" + encode(basicId)),
          400,
          "invalid_request");
    }

    @Test
    @DisplayName("no client authentication is 401 invalid_client with WWW-Authenticate: Basic")
    void noAuthentication() {
      HttpResponse<String> response = http.form("/token", "grant_type=client_credentials");
      assertError(response, 401, "invalid_client");
      assertEquals(
          Optional.of("Basic realm=\"" + issuer + "\""),
          response.headers().firstValue("WWW-Authenticate"));
    }

    @Test
    @DisplayName("a wrong secret in the Basic header is 401 invalid_client with a Basic challenge")
    void wrongBasicSecret() {
      HttpResponse<String> response =
          http.form(
              "/token",
              "grant_type=client_credentials",
              "Authorization",
              basic(basicId, "wrong-secret"));
      assertError(response, 401, "invalid_client");
      assertBasicChallenge(response);
    }

    @Test
    @DisplayName("a malformed Basic header is 401 invalid_client")
    void malformedBasic() {
      assertError(
          http.form("/token", "grant_type=client_credentials", "Authorization", "Basic %%%"),
          401,
          "invalid_client");
    }

    @Test
    @DisplayName("the right secret by another method than registered is 401 invalid_client")
    void wrongMethod() {
      assertError(
          http.form(
              "/token",
              "grant_type=client_credentials&client_id="
                  + encode(basicId)
                  + "&client_secret="
                  + encode(basicSecret)),
          401,
          "invalid_client");
    }

    @Test
    @DisplayName("two authentication methods at once is invalid_request (RFC 6749 section 2.3)")
    void twoMethods() {
      assertError(
          http.form(
              "/token",
              "grant_type=client_credentials&client_id="
                  + encode(basicId)
                  + "&client_secret="
                  + encode(basicSecret),
              "Authorization",
              basic(basicId, basicSecret)),
          400,
          "invalid_request");
    }

    @Test
    @DisplayName("a client_id in the body that differs from the Basic header is invalid_request")
    void clientIdMismatch() {
      assertError(
          http.form(
              "/token",
              "grant_type=client_credentials&client_id=" + encode(publicId),
              "Authorization",
              basic(basicId, basicSecret)),
          400,
          "invalid_request");
    }

    @Test
    @DisplayName("the implicit-era password grant is unsupported_grant_type")
    void password() {
      assertError(
          http.form(
              "/token",
              "grant_type=password&username=u&password=p",
              "Authorization",
              basic(basicId, basicSecret)),
          400,
          "unsupported_grant_type");
    }

    @Test
    @DisplayName("an unknown code is invalid_grant")
    void unknownCode() {
      assertError(
          http.form(
              "/token",
              "grant_type=authorization_code&code=nope&redirect_uri=" + encode(REDIRECT),
              "Authorization",
              basic(basicId, basicSecret)),
          400,
          "invalid_grant");
    }

    @Test
    @DisplayName("a malformed scope is invalid_scope")
    void scope() {
      assertError(
          http.form(
              "/token",
              "grant_type=client_credentials&scope=read%20%20write",
              "Authorization",
              basic(basicId, basicSecret)),
          400,
          "invalid_scope");
    }
  }

  @Nested
  @DisplayName("/introspect")
  class Introspect {

    @Test
    @DisplayName("an unknown token is active:false and nothing else")
    void unknown() {
      HttpResponse<String> response =
          http.form("/introspect", "token=unknown", "Authorization", basic(basicId, basicSecret));
      assertEquals(200, response.statusCode());
      assertEquals("{\"active\":false}", response.body());
      assertEquals(Optional.of("no-store"), response.headers().firstValue("Cache-Control"));
    }

    @Test
    @DisplayName(
        "a live token shows its RFC 7662 fields; a client's own token has client_id and no sub")
    void live() {
      HttpResponse<String> response =
          http.form(
              "/introspect",
              "token=" + accessToken(),
              "Authorization",
              basic(basicId, basicSecret));
      Map<String, Object> body = json(response);
      assertEquals(true, body.get("active"));
      assertEquals(basicId, body.get("client_id"));
      assertFalse(body.containsKey("sub"), "a client_credentials token has no user");
      assertEquals("Bearer", body.get("token_type"));
      assertTrue(body.get("exp") instanceof Number);
      assertTrue(body.get("iat") instanceof Number);
    }

    @Test
    @DisplayName("no client authentication is 401 invalid_client")
    void noAuthentication() {
      HttpResponse<String> response = http.form("/introspect", "token=" + accessToken());
      assertError(response, 401, "invalid_client");
      assertBasicChallenge(response);
    }

    @Test
    @DisplayName("a public client may not introspect: 401 invalid_client")
    void publicClient() {
      assertError(
          http.form("/introspect", "client_id=" + encode(publicId) + "&token=" + accessToken()),
          401,
          "invalid_client");
    }

    @Test
    @DisplayName("a missing token is invalid_request")
    void missingToken() {
      assertError(
          http.form("/introspect", "", "Authorization", basic(basicId, basicSecret)),
          400,
          "invalid_request");
    }

    @Test
    @DisplayName("GET is 405")
    void get() {
      assertError(http.get("/introspect?token=x"), 405, "invalid_request");
    }
  }

  @Nested
  @DisplayName("/revoke")
  class Revoke {

    @Test
    @DisplayName("an unknown token is 200 with an empty body")
    void unknown() {
      HttpResponse<String> response =
          http.form("/revoke", "token=unknown", "Authorization", basic(basicId, basicSecret));
      assertEquals(200, response.statusCode());
      assertEquals("", response.body());
    }

    @Test
    @DisplayName("another client's token is unauthorized_client")
    void otherClient() {
      assertError(
          http.form("/revoke", "client_id=" + encode(publicId) + "&token=" + accessToken()),
          400,
          "unauthorized_client");
    }

    @Test
    @DisplayName("a missing token is invalid_request")
    void missingToken() {
      assertError(
          http.form(
              "/revoke",
              "token_type_hint=access_token",
              "Authorization",
              basic(basicId, basicSecret)),
          400,
          "invalid_request");
    }

    @Test
    @DisplayName("no client authentication is 401 invalid_client")
    void noAuthentication() {
      assertError(http.form("/revoke", "token=x"), 401, "invalid_client");
    }

    @Test
    @DisplayName("GET is 405 with Allow: POST")
    void get() {
      HttpResponse<String> response = http.get("/revoke");
      assertError(response, 405, "invalid_request");
      assertEquals(Optional.of("POST"), response.headers().firstValue("Allow"));
    }
  }

  @Nested
  @DisplayName("/register")
  class Register {

    @Test
    @DisplayName(
        "a confidential client gets a secret, and is told its registration ends in 90 days")
    void confidential() {
      Map<String, Object> body = http.register("{\"redirect_uris\":[\"https://app.example/cb\"]}");
      assertTrue(body.get("client_secret") instanceof String);
      long lifetime =
          ((Number) body.get("client_secret_expires_at")).longValue()
              - ((Number) body.get("client_id_issued_at")).longValue();
      // The engine stamps the end, the endpoint the issue time: the same second, or the one before.
      assertTrue(Math.abs(lifetime - 90 * 24 * 3600) <= 1, "lifetime " + lifetime + " s");
      assertEquals("client_secret_basic", body.get("token_endpoint_auth_method"));
    }

    @Test
    @DisplayName("http on a public host is invalid_redirect_uri")
    void httpRedirect() {
      assertError(
          http.post(
              "/register", "application/json", "{\"redirect_uris\":[\"http://app.example/cb\"]}"),
          400,
          "invalid_redirect_uri");
    }

    @Test
    @DisplayName("an unknown auth method is invalid_client_metadata")
    void unknownMethod() {
      assertError(
          http.post(
              "/register",
              "application/json",
              "{\"redirect_uris\":[\"https://a.example/cb\"],"
                  + "\"token_endpoint_auth_method\":\"private_key_jwt\"}"),
          400,
          "invalid_client_metadata");
    }

    @Test
    @DisplayName("malformed JSON is invalid_request")
    void malformed() {
      assertError(
          http.post("/register", "application/json", "{\"redirect_uris\":"),
          400,
          "invalid_request");
    }

    @Test
    @DisplayName("a form body is invalid_request")
    void form() {
      assertError(http.form("/register", "redirect_uris=x"), 400, "invalid_request");
    }

    @Test
    @DisplayName("a body over 64 KiB is 413")
    void tooLarge() {
      String big =
          "{\"client_name\":\""
              + "x".repeat(dev.proauth2.endpoint.EndpointRequest.MAX_BODY_BYTES)
              + "\"}";
      assertError(http.post("/register", "application/json", big), 413, "invalid_request");
    }

    @Test
    @DisplayName("GET is 405")
    void get() {
      assertError(http.get("/register"), 405, "invalid_request");
    }
  }

  @Nested
  @DisplayName("/authorize")
  class Authorize {

    private String query(String clientId) {
      return "/authorize?response_type=code&client_id="
          + encode(clientId)
          + "&redirect_uri="
          + encode(REDIRECT)
          + "&state=st"
          + PKCE;
    }

    @Test
    @DisplayName("the consent page escapes what the client chose and may not be framed")
    void consentPage() {
      HttpResponse<String> page = http.get(query(basicId));
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("Errors &lt;b&gt;app&lt;/b&gt;"), page.body());
      assertFalse(page.body().contains("<b>app"));
      assertEquals(Optional.of("DENY"), page.headers().firstValue("X-Frame-Options"));
      assertEquals(Optional.of("no-store"), page.headers().firstValue("Cache-Control"));
      Map<String, String> fields = Browser.hiddenFields(page.body());
      assertEquals("st", fields.get("state"));
      assertEquals(basicId, fields.get("client_id"));
    }

    @Test
    @DisplayName("an unknown client is a 400 page, never a redirect")
    void unknownClient() {
      HttpResponse<String> response = http.get(query("nobody"));
      assertEquals(400, response.statusCode());
      assertTrue(response.headers().firstValue("Location").isEmpty());
      assertTrue(response.body().contains("invalid_request"));
    }

    @Test
    @DisplayName("an unregistered redirect URI is a 400 page, never a redirect")
    void wrongRedirect() {
      HttpResponse<String> response =
          http.get(
              "/authorize?response_type=code&client_id="
                  + encode(basicId)
                  + "&redirect_uri="
                  + encode("https://evil.example/cb")
                  + PKCE);
      assertEquals(400, response.statusCode());
      assertTrue(response.headers().firstValue("Location").isEmpty());
    }

    @Test
    @DisplayName("response_type=token redirects unsupported_response_type with state and iss")
    void implicit() {
      HttpResponse<String> response = http.get(query(basicId).replace("=code", "=token"));
      assertEquals(302, response.statusCode());
      Map<String, String> parameters = Browser.locationParameters(response);
      assertEquals("unsupported_response_type", parameters.get("error"));
      assertEquals("st", parameters.get("state"));
      assertEquals(issuer, parameters.get("iss"));
    }

    @Test
    @DisplayName("a public client without PKCE is redirected invalid_request")
    void publicWithoutPkce() {
      HttpResponse<String> response = http.get(query(publicId).replace(PKCE, ""));
      assertEquals("invalid_request", Browser.locationParameters(response).get("error"));
    }

    @Test
    @DisplayName("consent=deny redirects access_denied")
    void deny() {
      HttpResponse<String> page = http.get(query(basicId));
      Map<String, String> fields = Browser.hiddenFields(page.body());
      fields.put("consent", "deny");
      HttpResponse<String> response = http.form("/authorize", Browser.formBody(fields));
      assertEquals("access_denied", Browser.locationParameters(response).get("error"));
    }

    @Test
    @DisplayName("PUT is 405 with Allow: GET, POST")
    void put() {
      HttpResponse<String> response = http.method("PUT", "/authorize");
      assertEquals(405, response.statusCode());
      assertEquals(Optional.of("GET, POST"), response.headers().firstValue("Allow"));
    }
  }

  @Nested
  @DisplayName("/me")
  class Me {

    @Test
    @DisplayName("a live client token answers its client, and no user")
    void live() {
      HttpResponse<String> response = http.get("/me", "Authorization", "Bearer " + accessToken());
      assertEquals(200, response.statusCode());
      assertEquals(Map.of("client_id", basicId), json(response));
    }

    @Test
    @DisplayName("no token is 401 with a Bearer challenge and no error code (RFC 6750 3.1)")
    void noToken() {
      HttpResponse<String> response = http.get("/me");
      assertEquals(401, response.statusCode());
      assertEquals(
          Optional.of("Bearer realm=\"" + issuer + "\""),
          response.headers().firstValue("WWW-Authenticate"));
    }

    @Test
    @DisplayName("an unknown token is 401 with error=\"invalid_token\"")
    void unknownToken() {
      HttpResponse<String> response = http.get("/me", "Authorization", "Bearer unknown");
      assertEquals(401, response.statusCode());
      assertTrue(
          response
              .headers()
              .firstValue("WWW-Authenticate")
              .orElseThrow()
              .contains("error=\"invalid_token\""));
    }

    @Test
    @DisplayName("a malformed Bearer header is 400 with error=\"invalid_request\"")
    void malformed() {
      HttpResponse<String> response = http.get("/me", "Authorization", "Bearer a b");
      assertEquals(400, response.statusCode());
      assertTrue(
          response
              .headers()
              .firstValue("WWW-Authenticate")
              .orElseThrow()
              .contains("error=\"invalid_request\""));
    }

    @Test
    @DisplayName("POST with a live token is 405: the filter checks the token, the API the method")
    void post() {
      assertEquals(
          405, http.form("/me", "", "Authorization", "Bearer " + accessToken()).statusCode());
    }
  }

  @Test
  @DisplayName("an unknown path is 404, and the metadata document refuses POST with 405")
  void other() {
    assertEquals(404, http.get("/nowhere").statusCode());
    assertEquals(405, http.form("/.well-known/oauth-authorization-server", "").statusCode());
  }
}

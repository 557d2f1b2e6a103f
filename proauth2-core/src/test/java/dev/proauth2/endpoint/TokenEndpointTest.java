package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.assertError;
import static dev.proauth2.endpoint.Fixture.encode;
import static dev.proauth2.endpoint.Fixture.form;
import static dev.proauth2.endpoint.Fixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

  private final Fixture fixture = new Fixture();
  private final TokenEndpoint endpoint = new TokenEndpoint(fixture.oauth);
  private final String clientId = encode(fixture.publicClient.clientId());

  @AfterEach
  void close() {
    fixture.close();
  }

  @Nested
  @DisplayName("a successful request")
  class Success {

    @Test
    @DisplayName("redeems a code with PKCE for the RFC 6749 section 5.1 JSON, never cached")
    void codeGrant() {
      String verifier = Fixture.newVerifier();
      String code = fixture.code(verifier);
      EndpointResponse response =
          endpoint.handle(
              form(
                  "grant_type=authorization_code&client_id="
                      + clientId
                      + "&code="
                      + code
                      + "&redirect_uri="
                      + encode(Fixture.REDIRECT)
                      + "&code_verifier="
                      + verifier));
      assertEquals(200, response.status(), response.body());
      assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
      assertEquals(Optional.of("no-cache"), response.header("Pragma"));
      Map<String, Object> body = json(response);
      assertEquals("Bearer", body.get("token_type"));
      assertEquals("3600", body.get("expires_in").toString());
      assertEquals("read", body.get("scope"));
      assertTrue(body.get("access_token") instanceof String);
      assertTrue(body.get("refresh_token") instanceof String);
      assertEquals(
          "alice", fixture.oauth.authenticateToken((String) body.get("access_token")).userId());
    }

    @Test
    @DisplayName("refreshes with rotation; the old refresh token presented again is invalid_grant")
    void refresh() {
      String refresh = (String) fixture.tokens(Fixture.newVerifier()).get("refresh_token");
      String request =
          "grant_type=refresh_token&client_id=" + clientId + "&refresh_token=" + refresh;
      EndpointResponse rotated = endpoint.handle(form(request));
      assertEquals(200, rotated.status(), rotated.body());
      assertNotEquals(refresh, json(rotated).get("refresh_token"));
      assertError(endpoint.handle(form(request)), 400, "invalid_grant");
    }

    @Test
    @DisplayName("a parameter sent without a value counts as omitted (RFC 6749 section 3.1)")
    void emptyParameterIsOmitted() {
      String refresh = (String) fixture.tokens(Fixture.newVerifier()).get("refresh_token");
      EndpointResponse response =
          endpoint.handle(
              form(
                  "grant_type=refresh_token&scope=&client_id="
                      + clientId
                      + "&refresh_token="
                      + refresh));
      assertEquals(200, response.status(), response.body());
      assertEquals("read", json(response).get("scope"));
    }
  }

  @Nested
  @DisplayName("the HTTP shape of the request")
  class Shape {

    @Test
    @DisplayName("a GET is 405 with Allow: POST")
    void get() {
      EndpointResponse response = endpoint.handle(Fixture.get("grant_type=client_credentials"));
      assertError(response, 405, "invalid_request");
      assertEquals(Optional.of("POST"), response.header("Allow"));
    }

    @Test
    @DisplayName("a JSON body is invalid_request: the token endpoint takes a form")
    void jsonBody() {
      EndpointRequest request =
          EndpointRequest.builder("POST")
              .header("Content-Type", "application/json")
              .body("{\"grant_type\":\"refresh_token\"}")
              .build();
      assertError(endpoint.handle(request), 400, "invalid_request");
    }

    @Test
    @DisplayName("a body without a content type is invalid_request")
    void noContentType() {
      EndpointRequest request =
          EndpointRequest.builder("POST").body("grant_type=refresh_token").build();
      assertError(endpoint.handle(request), 400, "invalid_request");
    }

    @Test
    @DisplayName("a parameter sent twice is invalid_request naming it")
    void duplicate() {
      Map<String, Object> body =
          assertError(
              endpoint.handle(
                  form("grant_type=refresh_token&grant_type=refresh_token&client_id=" + clientId)),
              400,
              "invalid_request");
      assertTrue(body.get("error_description").toString().contains("grant_type"));
    }

    @Test
    @DisplayName("a badly %-encoded body is invalid_request")
    void badEncoding() {
      assertError(endpoint.handle(form("grant_type=%zz")), 400, "invalid_request");
    }

    @Test
    @DisplayName("a secret in the URL query is refused, even with a good body")
    void secretInQuery() {
      EndpointRequest request =
          EndpointRequest.builder("POST")
              .header("Content-Type", "application/x-www-form-urlencoded")
              .query("client_secret=s3cr3t-value")
              .body("grant_type=client_credentials&client_id=" + clientId)
              .build();
      Map<String, Object> body = assertError(endpoint.handle(request), 400, "invalid_request");
      assertFalse(body.toString().contains("s3cr3t-value"));
    }

    @Test
    @DisplayName("client_id in the URL query is not taken as client authentication")
    void clientIdInQuery() {
      EndpointRequest request =
          EndpointRequest.builder("POST")
              .header("Content-Type", "application/x-www-form-urlencoded")
              .query("client_id=" + clientId)
              .body("grant_type=refresh_token&refresh_token=abc")
              .build();
      assertError(endpoint.handle(request), 400, "invalid_request");
    }
  }

  @Nested
  @DisplayName("client authentication")
  class Authentication {

    @Test
    @DisplayName("no credentials at all is invalid_client, 401 with WWW-Authenticate: Basic")
    void none() {
      EndpointResponse response = endpoint.handle(form("grant_type=client_credentials"));
      assertError(response, 401, "invalid_client");
      assertEquals(
          Optional.of("Basic realm=\"https://auth.example\""), response.header("WWW-Authenticate"));
    }

    @Test
    @DisplayName("a Basic header no installed method accepts is a 401 with a Basic challenge")
    void basicHeader() {
      EndpointRequest request =
          EndpointRequest.builder("POST")
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Authorization", "Basic Y2xpZW50OnNlY3JldA==")
              .body("grant_type=client_credentials&client_id=" + clientId)
              .build();
      EndpointResponse response = endpoint.handle(request);
      assertError(response, 401, "invalid_client");
      assertTrue(response.header("WWW-Authenticate").orElseThrow().startsWith("Basic realm="));
    }

    @Test
    @DisplayName("an unknown client_id is invalid_client")
    void unknownClient() {
      assertError(
          endpoint.handle(form("grant_type=refresh_token&refresh_token=abc&client_id=nobody")),
          401,
          "invalid_client");
    }
  }

  @Nested
  @DisplayName("grant errors come from the engine as RFC 6749 section 5.2 JSON")
  class Grants {

    @Test
    @DisplayName("a missing grant_type is invalid_request")
    void missingGrantType() {
      assertError(endpoint.handle(form("client_id=" + clientId)), 400, "invalid_request");
    }

    @Test
    @DisplayName("an empty grant_type counts as missing: invalid_request")
    void emptyGrantType() {
      assertError(
          endpoint.handle(form("grant_type=&client_id=" + clientId)), 400, "invalid_request");
    }

    @Test
    @DisplayName("the password grant is unsupported_grant_type, saying why")
    void password() {
      Map<String, Object> body =
          assertError(
              endpoint.handle(form("grant_type=password&username=a&client_id=" + clientId)),
              400,
              "unsupported_grant_type");
      String description = body.get("error_description").toString();
      assertTrue(description.contains("password grant is not offered"), description);
    }

    @Test
    @DisplayName("an implicit grant_type is unsupported_grant_type, saying why")
    void implicit() {
      Map<String, Object> body =
          assertError(
              endpoint.handle(form("grant_type=implicit&client_id=" + clientId)),
              400,
              "unsupported_grant_type");
      String description = body.get("error_description").toString();
      assertTrue(description.contains("implicit grant is not offered"), description);
    }

    @Test
    @DisplayName(
        "a grant_type not offered, or offered but spelled otherwise, is unsupported_grant_type"
            + " naming those offered")
    void unknownGrantType() {
      for (String grantType :
          List.of("urn:ietf:params:oauth:grant-type:saml2-bearer", "Authorization_Code")) {
        Map<String, Object> body =
            assertError(
                endpoint.handle(form("grant_type=" + encode(grantType) + "&client_id=" + clientId)),
                400,
                "unsupported_grant_type");
        String description = body.get("error_description").toString();
        assertTrue(description.contains("must be authorization_code"), description);
      }
    }

    @Test
    @DisplayName("client_credentials for a public client is unauthorized_client")
    void publicClientCredentials() {
      assertError(
          endpoint.handle(form("grant_type=client_credentials&client_id=" + clientId)),
          400,
          "unauthorized_client");
    }

    @Test
    @DisplayName("an unknown code is invalid_grant")
    void unknownCode() {
      assertError(
          endpoint.handle(
              form(
                  "grant_type=authorization_code&code=abc&code_verifier="
                      + Fixture.newVerifier()
                      + "&client_id="
                      + clientId)),
          400,
          "invalid_grant");
    }

    @Test
    @DisplayName("a code redeemed without its PKCE verifier is invalid_grant")
    void missingVerifier() {
      String code = fixture.code(Fixture.newVerifier());
      assertError(
          endpoint.handle(
              form("grant_type=authorization_code&code=" + code + "&client_id=" + clientId)),
          400,
          "invalid_grant");
    }

    @Test
    @DisplayName("a scope wider than the grant's on refresh is invalid_scope")
    void widerScope() {
      String refresh = (String) fixture.tokens(Fixture.newVerifier()).get("refresh_token");
      assertError(
          endpoint.handle(
              form(
                  "grant_type=refresh_token&scope=read%20write&client_id="
                      + clientId
                      + "&refresh_token="
                      + refresh)),
          400,
          "invalid_scope");
    }
  }

  @Nested
  @DisplayName("server-side failures")
  class Failures {

    @Test
    @DisplayName("a store that is down is 503 temporarily_unavailable with Retry-After")
    void storeDown() {
      fixture.store.goDown();
      EndpointResponse response =
          endpoint.handle(form("grant_type=refresh_token&refresh_token=abc&client_id=" + clientId));
      assertError(response, 503, "temporarily_unavailable");
      assertTrue(response.header("Retry-After").isPresent());
    }

    @Test
    @DisplayName("an unexpected exception is 500 server_error that does not repeat its message")
    void unexpected() {
      fixture.store.breakWith(new IllegalStateException("internal detail"));
      Map<String, Object> body =
          assertError(
              endpoint.handle(
                  form("grant_type=refresh_token&refresh_token=abc&client_id=" + clientId)),
              500,
              "server_error");
      assertFalse(body.toString().contains("internal detail"));
    }
  }
}

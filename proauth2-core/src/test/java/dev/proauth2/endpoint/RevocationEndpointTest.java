package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.assertError;
import static dev.proauth2.endpoint.Fixture.encode;
import static dev.proauth2.endpoint.Fixture.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.RegistrationRequest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RevocationEndpointTest {

  private final Fixture fixture = new Fixture();
  private final RevocationEndpoint endpoint = new RevocationEndpoint(fixture.oauth);
  private final String clientId = encode(fixture.publicClient.clientId());

  @AfterEach
  void close() {
    fixture.close();
  }

  private EndpointResponse revoke(String token) {
    return endpoint.handle(form("client_id=" + clientId + "&token=" + token));
  }

  @Test
  @DisplayName("revoking an access token is 200 with an empty body, and the token stops working")
  void accessToken() {
    String access = (String) fixture.tokens(Fixture.newVerifier()).get("access_token");
    EndpointResponse response = revoke(access);
    assertEquals(200, response.status(), response.body());
    assertEquals("", response.body());
    assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
    assertFalse(fixture.oauth.introspect(access).active());
  }

  @Test
  @DisplayName("revoking a refresh token, hinted as such, revokes its access token too")
  void refreshTokenCascades() {
    Map<String, Object> tokens = fixture.tokens(Fixture.newVerifier());
    EndpointResponse response =
        endpoint.handle(
            form(
                "token_type_hint=refresh_token&client_id="
                    + clientId
                    + "&token="
                    + tokens.get("refresh_token")));
    assertEquals(200, response.status(), response.body());
    assertFalse(fixture.oauth.introspect((String) tokens.get("access_token")).active());
  }

  @Test
  @DisplayName("an unknown token is 200 too (RFC 7009 section 2.2)")
  void unknownToken() {
    assertEquals(200, revoke("never-issued").status());
  }

  @Test
  @DisplayName("an unknown token_type_hint is ignored, not unsupported_token_type")
  void unknownHint() {
    String access = (String) fixture.tokens(Fixture.newVerifier()).get("access_token");
    EndpointResponse response =
        endpoint.handle(
            form("token_type_hint=id_token&client_id=" + clientId + "&token=" + access));
    assertEquals(200, response.status(), response.body());
    assertFalse(fixture.oauth.introspect(access).active());
  }

  @Test
  @DisplayName("a token of another client is unauthorized_client, and stays valid")
  void otherClientsToken() {
    String access = (String) fixture.tokens(Fixture.newVerifier()).get("access_token");
    ClientRegistration other =
        fixture.oauth.registerApp(
            RegistrationRequest.builder("Other")
                .redirectUri(Fixture.REDIRECT)
                .authMethod("none")
                .build());
    EndpointResponse response =
        endpoint.handle(form("client_id=" + other.clientId() + "&token=" + access));
    assertError(response, 400, "unauthorized_client");
    assertTrue(fixture.oauth.introspect(access).active());
  }

  @Test
  @DisplayName("a missing token is invalid_request")
  void missingToken() {
    assertError(endpoint.handle(form("client_id=" + clientId)), 400, "invalid_request");
  }

  @Test
  @DisplayName("no client authentication is invalid_client, 401")
  void unauthenticated() {
    EndpointResponse response = endpoint.handle(form("token=abc"));
    assertError(response, 401, "invalid_client");
    assertTrue(response.header("WWW-Authenticate").isPresent());
  }

  @Test
  @DisplayName("a GET is 405 with Allow: POST")
  void get() {
    EndpointResponse response = endpoint.handle(Fixture.get("token=abc"));
    assertError(response, 405, "invalid_request");
    assertEquals(Optional.of("POST"), response.header("Allow"));
  }

  @Test
  @DisplayName("a wrong content type is invalid_request")
  void wrongContentType() {
    EndpointRequest request =
        EndpointRequest.builder("POST")
            .header("Content-Type", "text/plain")
            .body("token=abc")
            .build();
    assertError(endpoint.handle(request), 400, "invalid_request");
  }

  @Test
  @DisplayName("the token sent twice is invalid_request")
  void duplicateToken() {
    assertError(
        endpoint.handle(form("client_id=" + clientId + "&token=a&token=b")),
        400,
        "invalid_request");
  }

  @Test
  @DisplayName("a store that is down is 503 temporarily_unavailable: the token was not revoked")
  void storeDown() {
    String access = (String) fixture.tokens(Fixture.newVerifier()).get("access_token");
    fixture.store.goDown();
    assertError(revoke(access), 503, "temporarily_unavailable");
  }
}

package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.assertError;
import static dev.proauth2.endpoint.Fixture.encode;
import static dev.proauth2.endpoint.Fixture.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The error paths of introspection; answers about live tokens need a client with a secret, so they
 * are tested over HTTP in {@code proauth2-example}, where {@code client_secret_basic} is installed.
 */
class IntrospectionEndpointTest {

  private final Fixture fixture = new Fixture();
  private final IntrospectionEndpoint endpoint = new IntrospectionEndpoint(fixture.oauth);

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @DisplayName("a public client cannot introspect: invalid_client, 401 (RFC 7662 section 2.1)")
  void publicClient() {
    String access = (String) fixture.tokens(Fixture.newVerifier()).get("access_token");
    EndpointResponse response =
        endpoint.handle(
            form("client_id=" + encode(fixture.publicClient.clientId()) + "&token=" + access));
    assertError(response, 401, "invalid_client");
    assertTrue(response.header("WWW-Authenticate").isPresent());
    assertTrue(!response.body().contains(access));
  }

  @Test
  @DisplayName("no client authentication is invalid_client, 401")
  void unauthenticated() {
    assertError(endpoint.handle(form("token=abc")), 401, "invalid_client");
  }

  @Test
  @DisplayName("a GET is 405 with Allow: POST")
  void get() {
    EndpointResponse response = endpoint.handle(Fixture.get("token=abc"));
    assertError(response, 405, "invalid_request");
    assertEquals(Optional.of("POST"), response.header("Allow"));
  }

  @Test
  @DisplayName("a JSON body is invalid_request")
  void jsonBody() {
    EndpointRequest request =
        EndpointRequest.builder("POST")
            .header("Content-Type", "application/json")
            .body("{\"token\":\"abc\"}")
            .build();
    assertError(endpoint.handle(request), 400, "invalid_request");
  }

  @Test
  @DisplayName("the token in the URL query is invalid_request")
  void tokenInQuery() {
    EndpointRequest request =
        EndpointRequest.builder("POST")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .query("token=abc")
            .body("client_id=x")
            .build();
    assertError(endpoint.handle(request), 400, "invalid_request");
  }
}

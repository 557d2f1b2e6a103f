package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.assertError;
import static dev.proauth2.endpoint.Fixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrationEndpointTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private final Fixture fixture = new Fixture();

  /**
   * Opens every grant and the scopes these tests ask for; the policy's own rules are tested apart.
   */
  private static final RegistrationPolicy OPEN =
      RegistrationPolicy.builder()
          .grantTypes(
              GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS)
          .scopes("read a b")
          .build();

  private final RegistrationEndpoint endpoint =
      new RegistrationEndpoint(fixture.oauth, OPEN, Clock.fixed(NOW, ZoneOffset.UTC));

  @AfterEach
  void close() {
    fixture.close();
  }

  private EndpointResponse register(String json) {
    return endpoint.handle(
        EndpointRequest.builder("POST")
            .header("Content-Type", "application/json; charset=utf-8")
            .body(json)
            .build());
  }

  @Test
  @DisplayName("a public client registers: 201 with its metadata and no secret (RFC 7591 3.2.1)")
  void publicClient() {
    EndpointResponse response =
        register(
            "{\"client_name\":\"CLI\",\"redirect_uris\":[\"http://127.0.0.1/cb\"],"
                + "\"token_endpoint_auth_method\":\"none\",\"scope\":\"read\","
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"response_types\":[\"code\"],\"logo_uri\":\"https://x.example/l.png\","
                + "\"tos_uri\":{\"nested\":[{\"kty\":\"EC\"}]},\"software_version\":2}");
    assertEquals(201, response.status(), response.body());
    assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
    Map<String, Object> body = json(response);
    ClientRegistration stored = fixture.oauth.findApp((String) body.get("client_id")).orElseThrow();
    assertFalse(body.containsKey("client_secret"));
    // A public client's registration ends too, and it is told when (audit finding 1).
    assertEquals(
        BigDecimal.valueOf(stored.expiresAt().getEpochSecond()),
        body.get("client_secret_expires_at"));
    assertEquals(BigDecimal.valueOf(NOW.getEpochSecond()), body.get("client_id_issued_at"));
    assertEquals("CLI", body.get("client_name"));
    assertEquals(List.of("http://127.0.0.1/cb"), body.get("redirect_uris"));
    assertEquals(List.of("authorization_code", "refresh_token"), body.get("grant_types"));
    assertEquals(List.of("code"), body.get("response_types"));
    assertEquals("none", body.get("token_endpoint_auth_method"));
    assertEquals("read", body.get("scope"));
  }

  @Test
  @DisplayName(
      "application_type native (an MCP CLI on localhost) is stored and echoed; web is the default;"
          + " anything else is invalid_client_metadata")
  void applicationType() {
    Map<String, Object> cli =
        json(
            register(
                "{\"client_name\":\"CLI\",\"application_type\":\"native\","
                    + "\"redirect_uris\":[\"http://localhost:54312/callback\"],"
                    + "\"token_endpoint_auth_method\":\"none\"}"));
    assertEquals("native", cli.get("application_type"));
    assertEquals(
        dev.proauth2.ApplicationType.NATIVE,
        fixture.oauth.findApp((String) cli.get("client_id")).orElseThrow().applicationType());
    Map<String, Object> inspector =
        json(
            register(
                "{\"client_name\":\"MCP Inspector\","
                    + "\"redirect_uris\":[\"http://localhost:6274/oauth/callback\"],"
                    + "\"token_endpoint_auth_method\":\"none\"}"));
    assertEquals("web", inspector.get("application_type"));
    assertError(
        register(
            "{\"application_type\":\"desktop\",\"redirect_uris\":[\"https://a.example/cb\"],"
                + "\"token_endpoint_auth_method\":\"none\"}"),
        400,
        "invalid_client_metadata");
  }

  @Test
  @DisplayName("a client without client_name gets a placeholder name")
  void unnamed() {
    EndpointResponse response =
        register(
            "{\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"none\"}");
    assertEquals(RegistrationEndpoint.UNNAMED, json(response).get("client_name"));
  }

  @Test
  @DisplayName("a method that is not installed is invalid_client_metadata")
  void methodNotInstalled() {
    // core's tests have only "none"; the default client_secret_basic lives in authmethod-basic
    assertError(
        register("{\"redirect_uris\":[\"https://a.example/cb\"]}"), 400, "invalid_client_metadata");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no redirect_uris | {\"client_name\":\"x\"} | invalid_redirect_uri",
        "redirect_uris as a string | {\"redirect_uris\":\"https://a.example/cb\"} |"
            + " invalid_redirect_uri",
        "a number among redirect_uris | {\"redirect_uris\":[1]} | invalid_redirect_uri",
        "http on a public host | {\"redirect_uris\":[\"http://a.example/cb\"]} |"
            + " invalid_redirect_uri",
        "a fragment | {\"redirect_uris\":[\"https://a.example/cb#x\"]} | invalid_redirect_uri",
        "an empty list | {\"redirect_uris\":[]} | invalid_redirect_uri",
        "response_types token | {\"redirect_uris\":[\"https://a.example/cb\"],"
            + "\"response_types\":[\"token\"]} | invalid_client_metadata",
        "a number as client_name | {\"redirect_uris\":[\"https://a.example/cb\"],"
            + "\"client_name\":5} | invalid_client_metadata",
        "grant_types as a string | {\"redirect_uris\":[\"https://a.example/cb\"],"
            + "\"grant_types\":\"client_credentials\"} | invalid_client_metadata",
        "the password grant | {\"redirect_uris\":[\"https://a.example/cb\"],"
            + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"password\"]} |"
            + " invalid_client_metadata",
        "client_credentials for a public client | {\"redirect_uris\":[\"https://a.example/cb\"],"
            + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"client_credentials\"]} |"
            + " invalid_client_metadata",
        "a malformed scope | {\"redirect_uris\":[\"https://a.example/cb\"],"
            + "\"token_endpoint_auth_method\":\"none\",\"scope\":\"a  b\"} |"
            + " invalid_client_metadata",
        "not JSON | client_name=x | invalid_request",
        "a JSON array | [] | invalid_request",
        "truncated JSON | {\"redirect_uris\":[ | invalid_request",
        "a duplicate member | {\"scope\":\"a\",\"scope\":\"b\"} | invalid_request",
        "nesting too deep | {\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}} | invalid_request",
      })
  @DisplayName("bad metadata is a 400 with the RFC 7591 section 3.2.2 error")
  void badMetadata(String what, String json, String error) {
    assertError(register(json), 400, error);
  }

  @Test
  @DisplayName("a form body is invalid_request: registration takes JSON")
  void form() {
    assertError(
        endpoint.handle(Fixture.form("redirect_uris=https://a.example/cb")),
        400,
        "invalid_request");
  }

  @Test
  @DisplayName("a GET is 405 with Allow: POST")
  void get() {
    EndpointResponse response = endpoint.handle(Fixture.get(null));
    assertError(response, 405, "invalid_request");
    assertEquals(Optional.of("POST"), response.header("Allow"));
  }

  @Test
  @DisplayName("a store that is down is 503 temporarily_unavailable")
  void storeDown() {
    fixture.store.goDown();
    assertError(
        register(
            "{\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"none\"}"),
        503,
        "temporarily_unavailable");
  }
}

package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.internal.JsonReader;
import dev.proauth2.spi.Proauth2Exception;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

  @Test
  @DisplayName("reads the token of a Bearer header, whatever the scheme's case")
  void reads() {
    assertEquals(
        Optional.of("mF_9.B5f-4.1JqM"),
        BearerToken.fromAuthorizationHeader("Bearer mF_9.B5f-4.1JqM").map(BearerToken::value));
    assertEquals(
        Optional.of("abc=="),
        BearerToken.fromAuthorizationHeader("bearer  abc== ").map(BearerToken::value));
  }

  @Test
  @DisplayName("no header, or another scheme, is no bearer token")
  void absent() {
    assertTrue(BearerToken.fromAuthorizationHeader(null).isEmpty());
    assertTrue(BearerToken.fromAuthorizationHeader("Basic YTpi").isEmpty());
    assertTrue(BearerToken.fromAuthorizationHeader("Bearerish abc").isEmpty());
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"Bearer", "Bearer ", "Bearer a b", "Bearer a\"b", "Bearer =abc"})
  @DisplayName("a malformed Bearer header is invalid_request")
  void malformed(String header) {
    Proauth2Exception e =
        assertThrows(Proauth2Exception.class, () -> BearerToken.fromAuthorizationHeader(header));
    assertEquals("invalid_request", e.error());
  }

  @Test
  @DisplayName("an Authorization header sent twice is invalid_request")
  void twice() {
    EndpointRequest request =
        EndpointRequest.builder("GET")
            .header("Authorization", "Bearer a")
            .header("authorization", "Bearer b")
            .build();
    assertEquals(
        "invalid_request",
        assertThrows(Proauth2Exception.class, () -> BearerToken.from(request)).error());
  }

  @Test
  @DisplayName("toString never shows the token")
  void redacted() {
    assertFalse(new BearerToken("secret-token").toString().contains("secret-token"));
  }

  @Test
  @DisplayName("a request without a token is a 401 challenge with no error code")
  void missing() {
    EndpointResponse response = BearerToken.missing("api");
    assertEquals(401, response.status());
    assertEquals(Optional.of("Bearer realm=\"api\""), response.header("WWW-Authenticate"));
  }

  @Test
  @DisplayName("a refused token is 401 with error=\"invalid_token\" in the challenge")
  void invalidToken() {
    EndpointResponse response =
        BearerToken.refused(
            "api", new Proauth2Exception(Proauth2Exception.INVALID_TOKEN, "expired"));
    assertEquals(401, response.status());
    assertEquals(
        Optional.of("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"expired\""),
        response.header("WWW-Authenticate"));
    assertEquals("invalid_token", JsonReader.readObject(response.body()).get("error"));
  }

  @Test
  @DisplayName("invalid_request is 400 and insufficient_scope 403, each with a challenge")
  void otherErrors() {
    EndpointResponse bad =
        BearerToken.refused("api", new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, "x"));
    assertEquals(400, bad.status());
    assertTrue(bad.header("WWW-Authenticate").orElseThrow().contains("error=\"invalid_request\""));
    EndpointResponse scope =
        BearerToken.refused("api", new Proauth2Exception(BearerToken.INSUFFICIENT_SCOPE, "x"));
    assertEquals(403, scope.status());
    assertTrue(scope.header("WWW-Authenticate").isPresent());
  }

  @Test
  @DisplayName("a store that is down is 503 without a challenge: the token may well be good")
  void storeDown() {
    EndpointResponse response =
        BearerToken.refused(
            "api", new Proauth2Exception(Proauth2Exception.TEMPORARILY_UNAVAILABLE, "x"));
    assertEquals(503, response.status());
    assertTrue(response.header("WWW-Authenticate").isEmpty());
  }

  @Test
  @DisplayName("a realm with a quote cannot break the challenge's syntax")
  void quotedRealm() {
    assertEquals("Bearer realm=\"a?b\"", BearerToken.challenge("a\"b", null));
  }
}

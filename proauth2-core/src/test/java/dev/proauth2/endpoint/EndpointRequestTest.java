package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.Proauth2Exception;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EndpointRequestTest {

  @Test
  @DisplayName("decodes a form body: + and %XX, repeated names, names without a value")
  void decodesForm() {
    EndpointRequest request =
        EndpointRequest.builder("post")
            .header("CONTENT-TYPE", "Application/X-WWW-Form-Urlencoded;charset=UTF-8")
            .body("a=1+2&b=%C3%A9%26&a=3&flag&&empty=")
            .build();
    assertEquals("POST", request.method());
    assertEquals(Optional.of(EndpointRequest.FORM), request.contentType());
    assertEquals(
        Map.of(
            "a",
            List.of("1 2", "3"),
            "b",
            List.of("é&"),
            "flag",
            List.of(""),
            "empty",
            List.of("")),
        request.formParameters());
  }

  @Test
  @DisplayName("a body that is not a form has no form parameters")
  void jsonHasNoForm() {
    EndpointRequest request =
        EndpointRequest.builder("POST")
            .header("Content-Type", "application/json")
            .body("a=1")
            .build();
    assertEquals(Map.of(), request.formParameters());
    assertEquals("a=1", request.body());
  }

  @Test
  @DisplayName("parameters a framework decoded are taken as they are")
  void predecoded() {
    EndpointRequest request =
        EndpointRequest.builder("POST")
            .formParameters(Map.of("token", List.of("t")))
            .queryParameters(Map.of("q", List.of("1")))
            .build();
    assertEquals(Map.of("token", List.of("t")), request.formParameters());
    assertEquals(Map.of("q", List.of("1")), request.queryParameters());
  }

  @Test
  @DisplayName("a bad %-escape, too many parameters or too long a body is invalid_request")
  void bounds() {
    assertEquals(
        "invalid_request",
        assertThrows(
                Proauth2Exception.class,
                () -> EndpointRequest.builder("GET").query("a=%G1").build().queryParameters())
            .error());
    String many = "a=1&".repeat(FormUrlEncoded.MAX_PARAMETERS + 1);
    assertThrows(
        Proauth2Exception.class,
        () -> EndpointRequest.builder("GET").query(many).build().queryParameters());
    String longBody = "a=" + "x".repeat(FormUrlEncoded.MAX_LENGTH);
    assertThrows(Proauth2Exception.class, () -> Fixture.form(longBody).formParameters());
  }

  @Test
  @DisplayName("headers are found without regard to case, and keep every value")
  void headers() {
    EndpointRequest request =
        EndpointRequest.builder("GET")
            .headers(Map.of("X-Thing", List.of("1", "2")))
            .header("x-thing", "3")
            .build();
    assertEquals(Optional.of("1"), request.header("X-THING"));
    assertEquals(List.of("1", "2", "3"), request.headers().get("x-thing"));
    assertTrue(request.contentType().isEmpty());
  }

  @Test
  @DisplayName("toString shows parameter names, never values")
  void redacted() {
    EndpointRequest request =
        EndpointRequest.builder("POST")
            .formParameters(Map.of("client_secret", List.of("s3cr3t")))
            .query("code=abc")
            .build();
    assertFalse(request.toString().contains("s3cr3t"));
    assertFalse(request.toString().contains("abc"));
    assertTrue(request.toString().contains("client_secret"));
  }

  @Test
  @DisplayName("responses: headers by any case, replaced by withHeader, and toString hides body")
  void response() {
    EndpointResponse response =
        EndpointResponse.json(200, Map.of("access_token", "t0k3n"))
            .withHeader("cache-control", "private")
            .withHeader("Location", "https://c.example/cb?code=c0d3");
    assertEquals(Optional.of("private"), response.header("CACHE-CONTROL"));
    assertEquals(4, response.headers().size());
    assertFalse(response.toString().contains("t0k3n"));
    assertFalse(response.toString().contains("c0d3"));
    assertThrows(IllegalArgumentException.class, () -> new EndpointResponse(99, Map.of(), ""));
  }
}

package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The error response adapters build with {@link EndpointResponse#error}. */
class EndpointResponseTest {

  @Test
  @DisplayName("an error is the RFC 6749 JSON object, escaped, that no cache may keep")
  void errorBodyAndHeaders() {
    EndpointResponse response =
        EndpointResponse.error(413, "invalid_request", "the body is \"too\" large\n");
    assertEquals(413, response.status());
    assertEquals(
        "{\"error\":\"invalid_request\",\"error_description\":\"the body is \\\"too\\\""
            + " large\\n\"}",
        response.body());
    assertEquals(Optional.of(EndpointResponse.JSON), response.header("Content-Type"));
    assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
    assertEquals(Optional.of("no-cache"), response.header("Pragma"));
  }

  @Test
  @DisplayName("an error needs an error status and both texts")
  void errorChecksItsArguments() {
    assertThrows(IllegalArgumentException.class, () -> EndpointResponse.error(200, "e", "d"));
    assertThrows(IllegalArgumentException.class, () -> EndpointResponse.error(600, "e", "d"));
    assertThrows(NullPointerException.class, () -> EndpointResponse.error(400, null, "d"));
    assertThrows(NullPointerException.class, () -> EndpointResponse.error(400, "e", null));
  }
}

package dev.proauth2.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Proauth2ExceptionTest {

  @Test
  @DisplayName("the description keeps to RFC 6749's error_description characters")
  void descriptionCharacters() {
    Proauth2Exception e =
        new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, "bad \"value\" \\ é\r\n end");
    assertTrue(
        e.description().chars().allMatch(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\'),
        e.description());
    assertEquals("invalid_request: " + e.description(), e.getMessage());
  }

  @Test
  @DisplayName("the error code must look like an OAuth error code")
  void errorCodeChecked() {
    assertThrows(IllegalArgumentException.class, () -> new Proauth2Exception("Bad Code", "x"));
  }

  @Test
  @DisplayName("the state travels with the error; a store outage carries temporarily_unavailable")
  void stateAndSubclasses() {
    assertEquals(
        Optional.of("xyz"),
        new Proauth2Exception(Proauth2Exception.INVALID_SCOPE, "d", "xyz", null).state());
    assertEquals(
        Proauth2Exception.TEMPORARILY_UNAVAILABLE,
        new DataStoreUnavailableException("down", new RuntimeException()).error());
  }
}

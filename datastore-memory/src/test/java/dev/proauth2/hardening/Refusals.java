package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.spi.Proauth2Exception;
import org.junit.jupiter.api.function.Executable;

/** The assertion every attack ends in: refused, with exactly this RFC error code. */
final class Refusals {

  private Refusals() {}

  /** Asserts that the call fails with {@code error}; the message names the engine's description. */
  static Proauth2Exception assertError(String error, Executable call) {
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, call);
    assertEquals(error, thrown.error(), thrown.getMessage());
    return thrown;
  }
}

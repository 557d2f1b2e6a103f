package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.TokenRequest;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The per-client failure limit, at its edges: how long a blocked client is told to wait, and the
 * exact moment it is let in again. The contract checks the limit itself.
 */
@DisplayName("brute force of client secrets, at the edges of the window")
class BruteForceTest {

  private Harness h;

  @BeforeEach
  void blockApp() {
    h = Harness.observed();
    for (int i = 0; i < 10; i++) {
      assertEquals(Proauth2Exception.INVALID_CLIENT, attempt("guess-" + i).error());
    }
  }

  @AfterEach
  void close() {
    h.close();
  }

  /** A refresh with a made-up token: invalid_grant once the client has authenticated. */
  private Proauth2Exception attempt(String secret) {
    return assertThrows(
        Proauth2Exception.class,
        () ->
            h.oauth.requestAccessToken(
                TokenRequest.refreshToken(h.app.clientId(), secret, "x".repeat(43), null)));
  }

  @Test
  @DisplayName("a blocked client is told how many seconds remain, rounded up")
  void retryAfter() {
    Proauth2Exception blocked = attempt(h.app.clientSecret());
    assertEquals(Proauth2Exception.INVALID_CLIENT, blocked.error());
    assertTrue(blocked.description().endsWith("try again in 60 s"), blocked.description());
    h.clock.advanceMillis(29_500);
    assertTrue(
        attempt(h.app.clientSecret()).description().endsWith("try again in 31 s"), "after 29.5 s");
    h.clock.advanceMillis(30_499);
    assertTrue(
        attempt(h.app.clientSecret()).description().endsWith("try again in 1 s"), "at 59.999 s");
  }

  @Test
  @DisplayName("the block ends exactly when the window does, and the right secret works again")
  void windowEnd() {
    h.advance(Duration.ofMillis(59_999));
    assertEquals(Proauth2Exception.INVALID_CLIENT, attempt(h.app.clientSecret()).error());
    h.advance(Duration.ofMillis(1));
    assertEquals(Proauth2Exception.INVALID_GRANT, attempt(h.app.clientSecret()).error());
  }

  @Test
  @DisplayName("another client is not blocked by this one's failures")
  void otherClientUnaffected() {
    Proauth2Exception other =
        assertThrows(
            Proauth2Exception.class,
            () ->
                h.oauth.requestAccessToken(
                    TokenRequest.refreshToken(
                        h.other.clientId(), h.other.clientSecret(), "x".repeat(43), null)));
    assertEquals(Proauth2Exception.INVALID_GRANT, other.error());
  }
}

package dev.proauth2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The failure limiter's bound (audit finding 5): its cap is hard, and once it is reached each
 * failure drops the oldest count instead of scanning every count it holds.
 */
@DisplayName("the client failure limiter")
class FailureLimiterTest {

  private static final int CAPACITY = 100;

  private final Policy policy =
      new Policy(
          Proauth2.builder()
              .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
              .clientFailureLimit(3, Duration.ofMinutes(1)));
  private final FailureLimiter limiter =
      new FailureLimiter(3, Duration.ofMinutes(1), policy, CAPACITY);

  private void failThrice(String clientId, String source) {
    for (int i = 0; i < 3; i++) {
      limiter.failed(clientId, source);
    }
  }

  @Test
  @DisplayName("never holds more counts than its capacity, however many live windows arrive")
  void hardCap() {
    for (int i = 0; i < CAPACITY * 5; i++) {
      limiter.failed("client-" + i, null);
      assertTrue(limiter.tracked() <= CAPACITY, "tracked " + limiter.tracked() + " after " + i);
    }
    assertEquals(CAPACITY, limiter.tracked());
  }

  @Test
  @DisplayName("over its capacity it forgets the oldest window first and keeps the newest")
  void evictsOldest() {
    failThrice("first", null);
    assertTrue(limiter.blocked("first", null));
    for (int i = 0; i < CAPACITY; i++) {
      limiter.failed("filler-" + i, null);
    }
    failThrice("last", null);
    assertFalse(limiter.blocked("first", null), "the oldest window is dropped");
    assertTrue(limiter.blocked("last", null), "the newest is kept");
  }

  @Test
  @DisplayName("counts one client's failures per source: another source is not blocked")
  void perSource() {
    failThrice("app", "203.0.113.66");
    assertTrue(limiter.blocked("app", "203.0.113.66"));
    assertFalse(limiter.blocked("app", "198.51.100.7"));
    assertFalse(limiter.blocked("app", null));
  }

  @Test
  @DisplayName("a success clears only its own source's count")
  void successClearsItsSource() {
    failThrice("app", "203.0.113.66");
    limiter.failed("app", "198.51.100.7");
    limiter.succeeded("app", "198.51.100.7");
    assertTrue(limiter.blocked("app", "203.0.113.66"));
    assertEquals(1, limiter.tracked());
  }
}

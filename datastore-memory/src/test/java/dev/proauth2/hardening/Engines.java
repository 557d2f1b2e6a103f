package dev.proauth2.hardening;

import dev.proauth2.Proauth2;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** The engine each property case runs on: a fresh {@link Harness}, set up for random sequences. */
final class Engines {

  private Engines() {}

  /**
   * A harness with the test's settings, a failure limit no case reaches (wrong secrets are part of
   * the sequences, and blocking is {@link BruteForceTest}'s subject), and its clock a day ahead of
   * the system clock: the memory store expires records by the system clock, so it never hides one
   * before the engine's own clock says it expired.
   */
  static Harness open(UnaryOperator<Proauth2.Builder> settings) {
    Harness h =
        Harness.observed(
            builder -> settings.apply(builder.clientFailureLimit(1_000_000, Duration.ofDays(1))));
    h.advance(Duration.ofDays(1));
    return h;
  }
}

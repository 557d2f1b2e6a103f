package dev.proauth2;

import java.time.Clock;
import java.time.Duration;

/** The engine's settings, fixed when it is built. */
record Policy(
    Clock clock,
    Duration codeTtl,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    String issuer,
    boolean requirePkce,
    boolean allowPlainPkce,
    int clientFailureLimit,
    Duration clientFailureWindow) {

  long now() {
    return clock.millis();
  }
}

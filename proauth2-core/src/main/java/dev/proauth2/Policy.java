package dev.proauth2;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

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
    Duration clientFailureWindow,
    String tokenEndpoint,
    Set<String> resources,
    String defaultResource,
    Duration fetchTimeout) {

  long now() {
    return clock.millis();
  }

  /** Now, for events. */
  java.time.Instant instant() {
    return clock.instant();
  }

  /**
   * Whether the engine must re-check a fetched record's expiry with its own clock, for a store it
   * did not open. A store opened from a config string is handed the engine's clock (the {@code
   * DataStore} contract); a store handed in judges expiry by its own clock, most often the wall
   * clock, so an engine on that same clock would only read it again, which is a tenth of a token
   * check. An injected clock (a test's, a simulation's) may disagree with the store's, so then the
   * engine checks.
   */
  boolean rechecksExpiry() {
    return !clock.equals(Clock.system(clock.getZone()));
  }
}

package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.proc.SecurityContext;
import java.time.Instant;
import java.util.Objects;

/**
 * What Nimbus hands along while it checks one assertion: the engine's time, so caching, rate
 * limiting and claim checks all read the engine's clock rather than the system's.
 *
 * @param now the engine's current time
 */
record AssertionContext(Instant now) implements SecurityContext {

  /** Requires the time. */
  AssertionContext {
    Objects.requireNonNull(now, "now");
  }

  /** The time in milliseconds since the epoch, as Nimbus's key sources count it. */
  long millis() {
    return now.toEpochMilli();
  }
}

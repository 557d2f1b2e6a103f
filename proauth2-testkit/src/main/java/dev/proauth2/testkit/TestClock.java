package dev.proauth2.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move forward by hand, to expire codes and tokens without waiting. Between
 * moves it runs with the system clock: a store whose backend expires records by its own clock
 * (Redis, MongoDB's TTL index) must see the lifetimes the engine gave, even in a race test that
 * runs for longer than a code lives on a loaded machine.
 */
final class TestClock extends Clock {

  private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

  void advance(Duration duration) {
    ahead.updateAndGet(offset -> offset.plus(duration));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead.get());
  }
}

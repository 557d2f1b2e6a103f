package dev.proauth2.hardening;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until a test moves it, so expiry is tested to the millisecond. */
final class MovableClock extends Clock {

  private final AtomicLong millis = new AtomicLong(Instant.now().toEpochMilli());

  void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  void advanceMillis(long delta) {
    millis.addAndGet(delta);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}

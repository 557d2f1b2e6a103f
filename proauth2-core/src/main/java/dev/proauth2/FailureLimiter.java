package dev.proauth2;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows brute force of client secrets: after {@code limit} failed authentications of one client
 * within {@code window}, that client is refused, even with the right secret, until the window has
 * passed. Counts live in this process only, and only registered clients are counted, so random
 * client ids cannot fill the map.
 */
final class FailureLimiter {

  private static final int MAX_TRACKED = 100_000;

  private final int limit;
  private final long windowMillis;
  private final Policy policy;
  private final ConcurrentHashMap<String, Window> failures = new ConcurrentHashMap<>();

  private record Window(long startMillis, int count) {}

  FailureLimiter(int limit, Duration window, Policy policy) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.policy = policy;
  }

  /** Whether the client has used up its failures in the current window. */
  boolean blocked(String clientId) {
    Window window = failures.get(clientId);
    return window != null && window.count() >= limit && !expired(window, policy.now());
  }

  /** Seconds until a blocked client may try again. */
  long retryAfterSeconds(String clientId) {
    Window window = failures.get(clientId);
    long left = window == null ? 0 : window.startMillis() + windowMillis - policy.now();
    return Math.max(1, (left + 999) / 1000);
  }

  void failed(String clientId) {
    long now = policy.now();
    if (failures.size() >= MAX_TRACKED) {
      failures.values().removeIf(window -> expired(window, now));
    }
    failures.compute(
        clientId,
        (id, window) ->
            window == null || expired(window, now)
                ? new Window(now, 1)
                : new Window(window.startMillis(), window.count() + 1));
  }

  void succeeded(String clientId) {
    failures.remove(clientId);
  }

  private boolean expired(Window window, long now) {
    return now - window.startMillis() >= windowMillis;
  }
}

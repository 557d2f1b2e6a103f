package dev.proauth2;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows brute force of client secrets: after {@code limit} failed authentications of one client
 * from one source within {@code window}, that client is refused from that source, even with the
 * right secret, until the window has passed.
 *
 * <p>A source is what the host says the request came from (its network address); without one, the
 * client's failures are counted together. Counting per source keeps a stranger who knows a client
 * id, which is public, from locking the client out everywhere: the stranger locks out only itself.
 *
 * <p>Counts live in this process only, and at most {@code capacity} of them: when a new count would
 * pass the cap, the oldest windows are dropped first, each failure doing a bounded amount of work.
 */
final class FailureLimiter {

  static final int DEFAULT_CAPACITY = 100_000;

  private final int limit;
  private final long windowMillis;
  private final int capacity;
  private final Policy policy;
  private final ConcurrentHashMap<Key, Window> failures = new ConcurrentHashMap<>();

  /** Windows in the order they opened, oldest first; an entry whose window was reset is stale. */
  private final ConcurrentLinkedQueue<Opened> opened = new ConcurrentLinkedQueue<>();

  private final AtomicInteger openedCount = new AtomicInteger();

  private record Key(String clientId, String source) {}

  private record Window(long startMillis, int count) {}

  private record Opened(Key key, long startMillis) {}

  FailureLimiter(int limit, Duration window, Policy policy) {
    this(limit, window, policy, DEFAULT_CAPACITY);
  }

  FailureLimiter(int limit, Duration window, Policy policy, int capacity) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.policy = policy;
    this.capacity = capacity;
  }

  /** Whether the client has used up its failures from this source in the current window. */
  boolean blocked(String clientId, String source) {
    Window window = failures.get(new Key(clientId, source));
    return window != null && window.count() >= limit && !expired(window, policy.now());
  }

  /** Seconds until a blocked client may try again from this source. */
  long retryAfterSeconds(String clientId, String source) {
    Window window = failures.get(new Key(clientId, source));
    long left = window == null ? 0 : window.startMillis() + windowMillis - policy.now();
    return Math.max(1, (left + 999) / 1000);
  }

  /**
   * Counts a failure that proved a wrong secret.
   *
   * @return whether this failure used up the client's last one in the window, blocking it
   */
  boolean failed(String clientId, String source) {
    long now = policy.now();
    Key key = new Key(clientId, source);
    Window counted =
        failures.compute(
            key,
            (k, window) ->
                window == null || expired(window, now)
                    ? new Window(now, 1)
                    : new Window(window.startMillis(), window.count() + 1));
    if (counted.count() == 1) {
      opened.add(new Opened(key, counted.startMillis()));
      openedCount.incrementAndGet();
      evictOldest();
    }
    return counted.count() == limit;
  }

  void succeeded(String clientId, String source) {
    failures.remove(new Key(clientId, source));
  }

  /** How many counts are held; never more than the capacity once a failure has returned. */
  int tracked() {
    return failures.size();
  }

  /**
   * Drops the oldest windows while the map is over its capacity, and stale queue entries while the
   * queue is over twice that, so both stay bounded and each call does amortised constant work.
   */
  private void evictOldest() {
    while (failures.size() > capacity || openedCount.get() > 2 * capacity) {
      Opened oldest = opened.poll();
      if (oldest == null) {
        return;
      }
      openedCount.decrementAndGet();
      failures.computeIfPresent(
          oldest.key(),
          (k, window) -> window.startMillis() == oldest.startMillis() ? null : window);
    }
  }

  private boolean expired(Window window, long now) {
    return now - window.startMillis() >= windowMillis;
  }
}

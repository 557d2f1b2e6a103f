package dev.proauth2.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts registrations per source and in total, each in a fixed window that opens with the first
 * registration counted in it, so that open registration cannot fill the store. A registration takes
 * a place before it runs and gives it back if it fails: only clients actually registered count.
 *
 * <p>Counts live in this process only, and at most {@link #CAPACITY} sources are tracked. Windows
 * are kept in the order they opened, so the expired ones are dropped from the front as each
 * registration comes, and when a new source would pass the cap the oldest window goes first. Calls
 * are serialised on one lock: registrations are rare, and each call does a bounded amount of work.
 */
final class RegistrationLimiter {

  /** The most sources tracked at once. */
  static final int CAPACITY = 100_000;

  /** The longest source kept; a longer one, which no address is, is cut there. */
  static final int MAX_SOURCE = 256;

  private final int perSource;
  private final int total;
  private final long windowMillis;
  private final Clock clock;
  private final int capacity;

  /** Windows by source, in the order they opened. */
  private final LinkedHashMap<String, Window> sources = new LinkedHashMap<>();

  private Window all;

  private static final class Window {
    final long start;
    int count;

    Window(long start) {
      this.start = start;
    }
  }

  /** A place taken by a registration under way, to give back if it fails. */
  static final class Place {
    private final String source;
    private final Window window;
    private final Window allWindow;

    private Place(String source, Window window, Window allWindow) {
      this.source = source;
      this.window = window;
      this.allWindow = allWindow;
    }
  }

  RegistrationLimiter(int perSource, int total, Duration window, Clock clock) {
    this(perSource, total, window, clock, CAPACITY);
  }

  RegistrationLimiter(int perSource, int total, Duration window, Clock clock, int capacity) {
    this.perSource = perSource;
    this.total = total;
    this.windowMillis = window.toMillis();
    this.clock = clock;
    this.capacity = capacity;
  }

  /**
   * Takes a place for one registration from a source, or says how long to wait.
   *
   * @param source where the request came from, or {@code null} when the host did not say
   * @return the place, or the seconds until one opens (at least 1) as a refusal
   */
  synchronized Taken take(String source) {
    long now = clock.millis();
    String key = source == null ? "" : source.substring(0, Math.min(source.length(), MAX_SOURCE));
    dropExpired(now);
    Window window = sources.get(key);
    if (window != null && window.count >= perSource) {
      return Taken.refused(secondsLeft(window, now), false);
    }
    if (all != null && !expired(all, now) && all.count >= total) {
      return Taken.refused(secondsLeft(all, now), true);
    }
    if (all == null || expired(all, now)) {
      all = new Window(now);
    }
    if (window == null) {
      window = new Window(now);
      sources.put(key, window);
      evictOverCapacity();
    }
    window.count++;
    all.count++;
    return new Taken(new Place(key, window, all), 0, false);
  }

  /** Gives back the place of a registration that failed, if its windows are still open. */
  synchronized void giveBack(Place place) {
    if (sources.get(place.source) == place.window && place.window.count > 0) {
      place.window.count--;
    }
    if (all == place.allWindow && all.count > 0) {
      all.count--;
    }
  }

  /** How many sources are tracked; never more than the capacity. */
  synchronized int tracked() {
    return sources.size();
  }

  /**
   * The outcome of {@link #take}: a place, or a refusal with the seconds to wait.
   *
   * @param place the place taken, or {@code null} when refused
   * @param retryAfterSeconds when refused, the seconds until the window that refused ends
   * @param total whether the limit of all sources together refused it, rather than the source's
   */
  record Taken(Place place, long retryAfterSeconds, boolean total) {
    static Taken refused(long retryAfterSeconds, boolean total) {
      return new Taken(null, retryAfterSeconds, total);
    }

    Optional<Place> taken() {
      return Optional.ofNullable(place);
    }
  }

  /** Drops the windows that have ended, all at the front since they are kept in opening order. */
  private void dropExpired(long now) {
    Iterator<Map.Entry<String, Window>> oldest = sources.entrySet().iterator();
    while (oldest.hasNext() && expired(oldest.next().getValue(), now)) {
      oldest.remove();
    }
  }

  private void evictOverCapacity() {
    Iterator<Map.Entry<String, Window>> oldest = sources.entrySet().iterator();
    while (sources.size() > capacity && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }

  private boolean expired(Window window, long now) {
    return now - window.start >= windowMillis;
  }

  private long secondsLeft(Window window, long now) {
    long left = window.start + windowMillis - now;
    return Math.max(1, (left + 999) / 1000);
  }
}

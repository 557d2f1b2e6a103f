package dev.proauth2;

import dev.proauth2.spi.OperationTiming;
import dev.proauth2.spi.OutboundFetchException;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Listener;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands events to the listeners on one daemon thread of its own, so that a listener can never fail
 * or slow the request that caused them, and operation timings on the request's thread (see {@link
 * Proauth2Listener#onOperation}). With no listener it does nothing: callers ask {@link #enabled()}
 * before they build an event.
 */
final class Events implements AutoCloseable {

  /** How many events may wait for a slow listener before further ones are dropped. */
  static final int QUEUE_CAPACITY = 65_536;

  private static final System.Logger LOG = System.getLogger("dev.proauth2.events");

  private final List<Proauth2Listener> listeners;
  private final boolean enabled;
  private final boolean timed;
  private final List<Proauth2Listener> timers;

  /** Lock-free, so requests never wait on each other or on the event thread to hand an event in. */
  private final ConcurrentLinkedQueue<Object> queue;

  private final Thread thread;
  private volatile boolean idle;
  private volatile boolean stopping;
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  Events(List<Proauth2Listener> listeners) {
    this.listeners = List.copyOf(listeners);
    this.enabled = !this.listeners.isEmpty();
    this.timers = this.listeners.stream().filter(Proauth2Listener::timesOperations).toList();
    this.timed = !timers.isEmpty();
    if (enabled) {
      queue = new ConcurrentLinkedQueue<>();
      thread = new Thread(this::deliver, "proauth2-events");
      thread.setDaemon(true);
      thread.start();
    } else {
      queue = null;
      thread = null;
    }
  }

  /** Whether any listener is installed; build no event otherwise. */
  boolean enabled() {
    return enabled;
  }

  /** Whether any listener wants operation timings; read no clock otherwise. */
  boolean timed() {
    return timed;
  }

  void emit(Proauth2Event event) {
    if (enabled) {
      offer(event);
    }
  }

  /**
   * Hands a timing to the listeners that time operations, on the calling thread: recording into a
   * meter is the one thing cheaper than queueing it (see {@link Proauth2Listener#onOperation}).
   */
  /** Tells of a failed outbound fetch, naming the URL without its query. */
  void outboundFetchFailed(Instant time, String url, OutboundFetchException failure) {
    if (enabled) {
      emit(
          new Proauth2Event.OutboundFetchFailed(time, url, failure.reason(), failure.getMessage()));
    }
  }

  void timing(String operation, String grantType, String outcome, long nanos) {
    if (!timed) {
      return;
    }
    OperationTiming timing = new OperationTiming(operation, grantType, outcome, nanos);
    for (Proauth2Listener listener : timers) {
      try {
        listener.onOperation(timing);
      } catch (RuntimeException e) { // a listener's failure is its own, never the request's
        failures.incrementAndGet();
        LOG.log(Level.WARNING, "listener " + listener.getClass().getName() + " failed to time", e);
      }
    }
  }

  long failures() {
    return failures.get();
  }

  long dropped() {
    return dropped.get();
  }

  /**
   * Waits until every event queued so far has been handed to the listeners.
   *
   * @return whether that happened within the timeout
   */
  boolean flush(Duration timeout) {
    long target = queued.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (delivered.get() < target) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * The grant id events carry: a one-way hash of the family, so events of one grant can be joined
   * while nothing in them is a store key or can be presented.
   */
  static String grantId(String family) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("proauth2 grant id:" + family).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Stops the event thread after it has delivered what was queued, waiting at most a second. */
  @Override
  public void close() {
    if (!enabled) {
      return;
    }
    flush(Duration.ofSeconds(1));
    stopping = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void offer(Object item) {
    if (queued.get() - delivered.get() >= QUEUE_CAPACITY) {
      dropped.incrementAndGet();
      return;
    }
    queued.incrementAndGet();
    queue.offer(item);
    if (idle) {
      LockSupport.unpark(thread);
    }
  }

  /** The next item, parking while there is none; {@code null} once the engine closes. */
  private Object next() {
    while (true) {
      Object item = queue.poll();
      if (item != null) {
        return item;
      }
      if (stopping) {
        return null;
      }
      idle = true;
      if (queue.isEmpty() && !stopping) {
        LockSupport.park(this);
      }
      idle = false;
    }
  }

  private void deliver() {
    while (true) {
      Object item = next();
      if (item == null) {
        return;
      }
      for (Proauth2Listener listener : listeners) {
        try {
          listener.onEvent((Proauth2Event) item);
        } catch (Throwable e) { // a listener's failure is its own, never the engine's
          failures.incrementAndGet();
          LOG.log(
              Level.WARNING,
              "listener " + listener.getClass().getName() + " failed on an event; it is skipped",
              e);
        }
      }
      delivered.incrementAndGet();
    }
  }
}

package dev.proauth2.datastore.jdbc;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes expired rows on an interval, in bounded batches, on one daemon thread per store. Reads
 * already leave expired rows out; the sweeper only gives their space back. A sweep that fails, for
 * whatever reason, is logged, counted, and tried again at the next interval: a sweeper that stopped
 * would do so silently while expired rows pile up.
 */
final class Sweeper {

  private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());

  private final JdbcDataStore store;
  private final Duration interval;
  private final int batch;
  private final String location;
  private final AtomicLong failures = new AtomicLong();
  private volatile ScheduledExecutorService thread;

  Sweeper(JdbcDataStore store, Duration interval, int batch, String location) {
    this.store = store;
    this.interval = interval;
    this.batch = batch;
    this.location = location;
  }

  synchronized void start() {
    thread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread sweeper = new Thread(task, "proauth2-jdbc-sweeper");
              sweeper.setDaemon(true);
              return sweeper;
            });
    scheduleNext();
  }

  /**
   * One sweep at a time, each scheduled by the one before when it ends however it ends: with {@code
   * scheduleWithFixedDelay}, one exception would cancel every later sweep, unseen.
   */
  private void scheduleNext() {
    ScheduledExecutorService executor = thread;
    if (executor.isShutdown()) {
      return;
    }
    try {
      executor.schedule(this::sweepOnce, interval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // stop() shut the executor down in between: no more sweeps wanted.
    }
  }

  /**
   * Sweeps, and schedules the next sweep whatever happens. An exception of any kind (the database
   * is down, a driver or DataSource throws something unexpected) is a warning. An Error is logged
   * as an error and rethrown rather than swallowed, yet the next sweep is still scheduled: it tells
   * the operator on every tick while it lasts, where a stopped sweeper would tell nothing.
   */
  private void sweepOnce() {
    try {
      long deleted = store.sweep(batch);
      LOG.log(Level.DEBUG, "swept {0} expired rows from {1}", deleted, location);
    } catch (Exception e) {
      LOG.log(
          Level.WARNING,
          "the sweep of expired rows from "
              + location
              + " failed ("
              + failures.incrementAndGet()
              + " failed sweeps so far); next try in "
              + interval,
          e);
    } catch (Error e) {
      LOG.log(
          Level.ERROR,
          "the sweep of expired rows from "
              + location
              + " failed with an error ("
              + failures.incrementAndGet()
              + " failed sweeps so far); next try in "
              + interval,
          e);
      throw e;
    } finally {
      scheduleNext();
    }
  }

  /** How many sweeps have failed since the store opened. */
  long failures() {
    return failures.get();
  }

  /** Stops the thread, waiting a moment for a sweep under way. */
  synchronized void stop() {
    ScheduledExecutorService executor = thread;
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

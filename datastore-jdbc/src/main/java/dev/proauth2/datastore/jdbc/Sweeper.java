package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.DataStoreUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired rows on an interval, in bounded batches, on one daemon thread per store. Reads
 * already leave expired rows out; the sweeper only gives their space back. A sweep that fails (the
 * database is down) is logged and tried again at the next interval.
 */
final class Sweeper {

  private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());

  private final JdbcDataStore store;
  private final Duration interval;
  private final int batch;
  private final String location;
  private ScheduledExecutorService thread;

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
    thread.scheduleWithFixedDelay(
        this::sweepOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sweepOnce() {
    try {
      long deleted = store.sweep(batch);
      LOG.log(Level.DEBUG, "swept {0} expired rows from {1}", deleted, location);
    } catch (DataStoreUnavailableException | IllegalStateException e) {
      LOG.log(Level.WARNING, "the sweep of expired rows failed; next try in " + interval, e);
    }
  }

  /** Stops the thread, waiting a moment for a sweep under way. */
  synchronized void stop() {
    if (thread == null) {
      return;
    }
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

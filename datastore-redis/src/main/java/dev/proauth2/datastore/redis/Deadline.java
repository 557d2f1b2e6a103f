package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The time budget of one store call. Each {@code await} is one round trip, and all of a call's
 * round trips share the command timeout, so a call that meets a dead Redis fails within the timeout
 * however many steps it has. Every failure comes out as {@link DataStoreUnavailableException}
 * naming the operation and where Redis is, never the credentials.
 */
final class Deadline {

  private final long endNanos;
  private final Duration timeout;
  private final String action;
  private final String tableName;
  private final String location;

  Deadline(Duration timeout, String action, String location) {
    this(timeout, action, null, location);
  }

  /** The description is assembled only if the call fails: a token check should not build it. */
  Deadline(Duration timeout, String action, String tableName, String location) {
    this.endNanos = System.nanoTime() + timeout.toNanos();
    this.timeout = timeout;
    this.action = action;
    this.tableName = tableName;
    this.location = location;
  }

  /** Waits for one command. */
  <T> T await(CompletionStage<T> reply) {
    CompletableFuture<T> future = reply.toCompletableFuture();
    waitFor(future);
    return future.join();
  }

  /** Waits for commands sent together, a pipeline: one round trip for all of them. */
  <T> List<T> awaitAll(List<? extends CompletionStage<T>> replies) {
    CompletableFuture<?>[] futures = new CompletableFuture<?>[replies.size()];
    for (int i = 0; i < futures.length; i++) {
      futures[i] = replies.get(i).toCompletableFuture();
    }
    waitFor(CompletableFuture.allOf(futures));
    return replies.stream().map(reply -> reply.toCompletableFuture().join()).toList();
  }

  private void waitFor(CompletableFuture<?> future) {
    try {
      future.get(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw unavailable("did not answer within " + describe(timeout), e);
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw unavailable("failed (" + cause.getClass().getSimpleName() + ")", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("was still busy when the calling thread was interrupted", e);
    }
  }

  /** The exception for a failure of Redis or of the connection to it. */
  DataStoreUnavailableException unavailable(String problem, Throwable cause) {
    return new DataStoreUnavailableException(
        "Redis at "
            + location
            + " "
            + problem
            + " while "
            + action
            + (tableName == null ? "" : " table '" + tableName + "'")
            + "; retry once Redis is reachable again",
        cause);
  }

  static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}

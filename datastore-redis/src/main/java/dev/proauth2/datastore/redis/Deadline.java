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
  private final String where;

  /**
   * Starts the budget. The description is assembled only if the call fails: a token check should
   * not build it.
   *
   * @param where which Redis, for messages, such as {@code Redis at redis://cache:6379}
   * @param tableName the table the call works on, or {@code null}
   */
  Deadline(Duration timeout, String action, String tableName, String where) {
    this.endNanos = System.nanoTime() + timeout.toNanos();
    this.timeout = timeout;
    this.action = action;
    this.tableName = tableName;
    this.where = where;
  }

  /** Waits for one command. */
  <T> T await(CompletionStage<T> reply) {
    CompletableFuture<T> future = reply.toCompletableFuture();
    waitFor(future);
    return future.join();
  }

  /**
   * Waits for commands sent together, a pipeline: one round trip for all of them. Fails if any of
   * them failed, after all have answered.
   */
  <T> List<T> awaitAll(List<? extends CompletionStage<? extends T>> replies) {
    CompletableFuture<?>[] futures = new CompletableFuture<?>[replies.size()];
    for (int i = 0; i < futures.length; i++) {
      futures[i] = replies.get(i).toCompletableFuture();
    }
    waitFor(CompletableFuture.allOf(futures));
    return replies.stream().<T>map(reply -> reply.toCompletableFuture().join()).toList();
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
        where
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

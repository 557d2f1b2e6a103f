package dev.proauth2.authmethod.jwt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: past it, or when the declared length is already
 * larger, reading stops and the body fails with {@link TooLarge}. It can also be cancelled when the
 * time is up, which closes the exchange instead of waiting for a server that sends slowly.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The body was longer than the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(int limit) {
      super("longer than " + limit + " bytes");
    }
  }

  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final int limit;
  private final long declared;
  private Flow.Subscription subscription;

  LimitedBody(int limit, long declared) {
    this.limit = limit;
    this.declared = declared;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (declared > limit || result.isDone()) {
      fail(new TooLarge(limit));
      return;
    }
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> items) {
    for (ByteBuffer item : items) {
      if (result.isDone()) {
        return;
      }
      if (received.size() + (long) item.remaining() > limit) {
        fail(new TooLarge(limit));
        return;
      }
      byte[] bytes = new byte[item.remaining()];
      item.get(bytes);
      received.write(bytes, 0, bytes.length);
    }
  }

  @Override
  public synchronized void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public synchronized void onComplete() {
    result.complete(received.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  /** Stops reading, as when the time is up. */
  synchronized void cancel() {
    fail(new IOException("cancelled"));
  }

  private void fail(IOException reason) {
    result.completeExceptionally(reason);
    if (subscription != null) {
      subscription.cancel();
    }
  }
}

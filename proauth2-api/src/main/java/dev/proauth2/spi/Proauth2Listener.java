package dev.proauth2.spi;

/**
 * Hears what the engine did: the {@link Proauth2Event}s an operator wants (security events, for an
 * audit log or alerts) and, if it asks, how long each engine operation took (for metrics).
 *
 * <p>Installed with {@code Proauth2.builder().listener(listener)}, or found with {@link
 * java.util.ServiceLoader}: a jar that provides this interface gets its listener into every engine
 * without a line of code (it needs a public no-argument constructor then).
 *
 * <p>{@link #onEvent} is called on the engine's one event thread, in the order things happened,
 * never on the thread of the request: a listener that is slow or throws cannot fail or slow a token
 * request. What it throws is logged and counted. When the engine's queue is full (a listener far
 * behind), further events are dropped and counted, never waited for. An engine with no listener
 * does none of this work.
 *
 * <p>{@link #onOperation} is the exception: it is called on the request's thread, after the
 * operation, because recording into a meter (a Micrometer timer, say) costs less than handing the
 * figure to another thread. It must only record and return; what it throws is logged, counted and
 * kept from the request.
 */
public interface Proauth2Listener {

  /** Hears one event, after its outcome is certain. */
  void onEvent(Proauth2Event event);

  /**
   * Whether this listener wants {@link #onOperation} for every engine operation; the engine times
   * operations only when one does.
   */
  default boolean timesOperations() {
    return false;
  }

  /**
   * Hears that an engine operation finished, and how long it took; on the request's thread, so it
   * must not block.
   */
  default void onOperation(OperationTiming timing) {}
}

package dev.proauth2.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A per-thread pseudo-random walk over an array of live tokens (xorshift), so lookups hit the whole
 * set in no pattern a cache or branch predictor could learn, at the cost of a few nanoseconds.
 */
@State(Scope.Thread)
public class Cursor {

  private long state = System.nanoTime() | 1;

  /** A random index below {@code bound}. */
  public int next(int bound) {
    long x = state;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    state = x;
    return (int) ((x >>> 1) % bound);
  }
}

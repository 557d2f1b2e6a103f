package dev.proauth2.hardening;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The random choices of one property case, all drawn from one seed, so a seed and a case number
 * give the same case again. Sizes lean towards their edges, where bugs live.
 */
final class Gen {

  private final SplittableRandom random;

  Gen(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A number from {@code min} to {@code max}, both included. */
  int between(int min, int max) {
    return random.nextInt(min, max + 1);
  }

  /** A number from {@code min} to {@code max}, both included. */
  long between(long min, long max) {
    return random.nextLong(min, max + 1);
  }

  /** True with the given probability. */
  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /** One of the values, each as likely. */
  @SafeVarargs
  final <T> T oneOf(T... values) {
    return values[random.nextInt(values.length)];
  }

  /** One of the values, each as likely. */
  <T> T oneOf(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** Some of the values, at least one, in a random order. */
  <T> List<T> someOf(List<T> values) {
    List<T> shuffled = new ArrayList<>(values);
    Collections.shuffle(shuffled, new Random(random.nextLong()));
    return shuffled.subList(0, between(1, shuffled.size()));
  }

  /**
   * A size from 1 to {@code max}: often 1 or {@code max} or one below it, otherwise mostly small.
   */
  int size(int max) {
    int pick = random.nextInt(20);
    if (pick == 0 || max == 1) {
      return 1;
    }
    if (pick == 1) {
      return max;
    }
    if (pick == 2) {
      return max - 1;
    }
    if (pick < 6) {
      return between(1, max);
    }
    return between(1, Math.min(max, 16));
  }
}

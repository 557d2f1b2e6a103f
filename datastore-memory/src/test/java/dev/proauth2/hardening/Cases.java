package dev.proauth2.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a property on a fixed number of generated cases. One seed per test run, from {@code
 * -Dproauth2.seed} or fresh; a failure names the seed, the case and the steps the case took, so
 * {@code -Dproauth2.seed=S -Dproauth2.case=N} replays exactly that case. No shrinking: the steps
 * are few enough to read.
 */
final class Cases {

  static final String SEED_PROPERTY = "proauth2.seed";
  static final String CASE_PROPERTY = "proauth2.case";

  private static final long SEED = seed();

  /** A property: draws a case from {@code gen}, runs it, notes each step in {@code input}. */
  @FunctionalInterface
  interface Property {
    void check(Gen gen, Input input) throws Exception;
  }

  /**
   * What a case did, in words, for the failure message. It never holds a token, code, verifier or
   * secret: steps say which one was used ("the current refresh token", "a wrong secret").
   */
  static final class Input {
    private final List<String> steps = new ArrayList<>();

    void add(String step) {
      steps.add(step);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < steps.size(); i++) {
        out.append("\n  ").append(i + 1).append(". ").append(steps.get(i));
      }
      return out.toString();
    }
  }

  private Cases() {}

  /** Runs {@code property} on {@code count} cases; the first failing case fails the test. */
  static void check(int count, Property property) {
    String only = System.getProperty(CASE_PROPERTY);
    for (int n = 1; n <= count; n++) {
      if (only != null && !only.isBlank() && Integer.parseInt(only.trim()) != n) {
        continue;
      }
      Input input = new Input();
      try {
        property.check(new Gen(caseSeed(SEED, n)), input);
      } catch (Exception | AssertionError failure) {
        throw new AssertionError(
            "case "
                + n
                + " of "
                + count
                + " failed with seed "
                + SEED
                + " (replay: -D"
                + SEED_PROPERTY
                + "="
                + SEED
                + " -D"
                + CASE_PROPERTY
                + "="
                + n
                + "): "
                + failure.getMessage()
                + "\ninput:"
                + input,
            failure);
      }
    }
  }

  /**
   * Quotes a generated string with Java escapes for anything but printable ASCII; a long one is
   * shown by its ends and its length, as the seed gives the rest.
   */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    if (value.length() > 120) {
      return escape(value.substring(0, 80))
          + "..."
          + escape(value.substring(value.length() - 30))
          + " ("
          + value.length()
          + " chars)";
    }
    return escape(value);
  }

  /** The whole string with {@link #quote}'s escapes, so assertion messages stay printable. */
  static String escape(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.append('"').toString();
  }

  private static long caseSeed(long seed, int n) {
    return new SplittableRandom(seed + n * 0x9E3779B97F4A7C15L).nextLong();
  }

  private static long seed() {
    String given = System.getProperty(SEED_PROPERTY);
    if (given == null || given.isBlank()) {
      return ThreadLocalRandom.current().nextLong();
    }
    try {
      return Long.parseLong(given.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + SEED_PROPERTY + " must be a long, as a failure message prints it; got " + given,
          e);
    }
  }
}

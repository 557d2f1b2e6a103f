package dev.proauth2.bench;

import java.util.Arrays;

/**
 * The ratio the ID token target is stated in, measured as {@link PairedLookup} measures its own: in
 * one JVM, in alternating batches (the exchange with its ID token; then the exchange without one
 * followed by one RS256 signature of an ID token's claims), so that whatever slows the shared
 * machine down for a while slows both alike. Each round gives a ratio of throughputs (with / the
 * floor); the median and quartiles of 30 rounds are printed. The target is a median of at least
 * 0.8.
 *
 * <p>{@code java -cp benchmarks.jar dev.proauth2.bench.PairedIdToken}
 */
public final class PairedIdToken {

  private static final int ROUNDS = 30;
  private static final int BATCH = 100;
  private static final int WARMUP_BATCHES = 30;
  private static volatile Object sink;

  private PairedIdToken() {}

  public static void main(String[] args) throws Exception {
    IdTokenBench bench = new IdTokenBench();
    bench.open();
    try {
      for (int i = 0; i < WARMUP_BATCHES; i++) {
        withIdToken(bench);
        floor(bench);
      }
      double[] ratios = new double[ROUNDS];
      double[] withMicros = new double[ROUNDS];
      double[] floorMicros = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        long with;
        long floor;
        if (round % 2 == 0) {
          with = withIdToken(bench);
          floor = floor(bench);
        } else {
          floor = floor(bench);
          with = withIdToken(bench);
        }
        ratios[round] = (double) floor / with;
        withMicros[round] = with / 1000.0 / BATCH;
        floorMicros[round] = floor / 1000.0 / BATCH;
      }
      System.out.printf(
          "{\"ratio_median\":%.3f,\"ratio_q1\":%.3f,\"ratio_q3\":%.3f,"
              + "\"with_id_token_us\":%.1f,\"exchange_plus_signature_us\":%.1f}%n",
          quantile(ratios, 0.5),
          quantile(ratios, 0.25),
          quantile(ratios, 0.75),
          quantile(withMicros, 0.5),
          quantile(floorMicros, 0.5));
    } finally {
      bench.close();
    }
  }

  private static long withIdToken(IdTokenBench bench) {
    long start = System.nanoTime();
    for (int i = 0; i < BATCH; i++) {
      sink = bench.codeExchangeWithIdToken();
    }
    return System.nanoTime() - start;
  }

  private static long floor(IdTokenBench bench) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < BATCH; i++) {
      sink = bench.codeExchangeWithout();
      sink = bench.signIdTokenAlone();
    }
    return System.nanoTime() - start;
  }

  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.round(q * (sorted.length - 1))];
  }
}

package dev.proauth2.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The two ratios of {@link JwtAccessTokenBench} measured as {@link PairedLookup} measures the token
 * check: in one JVM, in alternating batches of about 100 ms (engine, floor, floor, engine, ...), so
 * that whatever slows a shared machine down for a while slows both alike. Prints one JSON object
 * per pair: JWT issuance against signing alone, and the JWT check against verification alone, each
 * the median of 30 rounds (time per call, engine over floor) with its quartiles.
 *
 * <p>{@code java -cp benchmarks.jar dev.proauth2.bench.PairedJwt}
 */
public final class PairedJwt {

  private static final int ROUNDS = 30;
  private static final long BATCH_NANOS = 100_000_000L;
  private static final long WARMUP_NANOS = 5_000_000_000L;

  private static volatile int sink;

  private PairedJwt() {}

  public static void main(String[] args) throws Exception {
    JwtAccessTokenBench bench = new JwtAccessTokenBench();
    bench.open();
    try {
      Cursor cursor = new Cursor();
      pair("issuance / signAlone", bench::jwtClientCredentials, bench::signAlone);
      pair("check / verifyAlone", () -> bench.jwtCheck(cursor), () -> bench.verifyAlone(cursor));
    } finally {
      bench.close();
    }
    System.exit(0);
  }

  private static void pair(String name, Callable<Object> engine, Callable<Object> floor)
      throws Exception {
    long warmupEnd = System.nanoTime() + WARMUP_NANOS;
    int batch = 8;
    while (System.nanoTime() < warmupEnd) {
      long took = run(engine, batch);
      run(floor, batch);
      if (took < BATCH_NANOS / 2) {
        batch *= 2;
      }
    }
    double[] ratios = new double[ROUNDS];
    double[] engineNanos = new double[ROUNDS];
    double[] floorNanos = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      long first;
      long second;
      if (round % 2 == 0) {
        first = run(engine, batch);
        second = run(floor, batch);
      } else {
        second = run(floor, batch);
        first = run(engine, batch);
      }
      engineNanos[round] = (double) first / batch;
      floorNanos[round] = (double) second / batch;
      ratios[round] = (double) first / second;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("pair", name);
    result.put("rounds", ROUNDS);
    result.put("batch", batch);
    result.put("engineMedianMicros", round(quantile(engineNanos, 0.5) / 1000));
    result.put("floorMedianMicros", round(quantile(floorNanos, 0.5) / 1000));
    result.put("ratioMedian", round(quantile(ratios, 0.5)));
    result.put("ratioP25", round(quantile(ratios, 0.25)));
    result.put("ratioP75", round(quantile(ratios, 0.75)));
    System.out.println(Json.write(result));
  }

  private static long run(Callable<Object> call, int n) throws Exception {
    int hash = 0;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      hash += System.identityHashCode(call.call());
    }
    long took = System.nanoTime() - start;
    sink += hash;
    return took;
  }

  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = (int) Math.ceil(position);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}

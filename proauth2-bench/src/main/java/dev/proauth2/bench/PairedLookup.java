package dev.proauth2.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The ratio of {@code authenticateToken} to its floor, measured the way a shared, noisy machine
 * allows: in one JVM, in alternating batches of about 100 ms each (engine, floor, floor, engine,
 * ...), so that whatever slows the machine down for a while slows both alike. Each round gives a
 * ratio; the median and quartiles of 30 rounds are printed as one JSON object, with the CPU time
 * the calling thread spent per call. JMH runs the two in separate forks, minutes apart, which is
 * cleaner for absolute figures but lets drift into ratios.
 *
 * <p>{@code java -cp benchmarks.jar dev.proauth2.bench.PairedLookup BACKEND LIVE_TOKENS}
 */
public final class PairedLookup {

  private static final int ROUNDS = 30;
  private static final long BATCH_NANOS = 100_000_000L;
  private static final long WARMUP_NANOS = 4_000_000_000L;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static volatile int sink;

  private PairedLookup() {}

  public static void main(String[] args) {
    Backend backend = Backend.named(args[0]);
    int count = Integer.parseInt(args[1]);
    try (LookupFixture fixture = LookupFixture.open(backend, count)) {
      Function<String, Object> engine = fixture.oauth::authenticateToken;
      Function<String, Object> floor = fixture.floor;
      Cursor cursor = new Cursor();
      long warmupEnd = System.nanoTime() + WARMUP_NANOS;
      int batch = 16;
      while (System.nanoTime() < warmupEnd) {
        long took = run(engine, fixture.tokens, cursor, batch);
        run(floor, fixture.tokens, cursor, batch);
        if (took < BATCH_NANOS / 2) {
          batch *= 2;
        }
      }
      double[] ratios = new double[ROUNDS];
      double[] engineNanos = new double[ROUNDS];
      double[] floorNanos = new double[ROUNDS];
      long[] cpu = new long[2];
      for (int round = 0; round < ROUNDS; round++) {
        long first;
        long second;
        if (round % 2 == 0) {
          first = timed(engine, fixture.tokens, cursor, batch, cpu, 0);
          second = timed(floor, fixture.tokens, cursor, batch, cpu, 1);
        } else {
          second = timed(floor, fixture.tokens, cursor, batch, cpu, 1);
          first = timed(engine, fixture.tokens, cursor, batch, cpu, 0);
        }
        engineNanos[round] = (double) first / batch;
        floorNanos[round] = (double) second / batch;
        ratios[round] = (double) first / second;
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("backend", args[0]);
      result.put("liveTokens", count);
      result.put("rounds", ROUNDS);
      result.put("batch", batch);
      result.put("engineMedianMicros", round(median(engineNanos) / 1000));
      result.put("floorMedianMicros", round(median(floorNanos) / 1000));
      result.put("engineCpuMicros", round(cpu[0] / 1000.0 / ROUNDS / batch));
      result.put("floorCpuMicros", round(cpu[1] / 1000.0 / ROUNDS / batch));
      result.put("ratioMedian", round(median(ratios)));
      result.put("ratioP25", round(quantile(ratios, 0.25)));
      result.put("ratioP75", round(quantile(ratios, 0.75)));
      System.out.print(Json.write(result));
    }
    System.exit(0);
  }

  /** Runs a batch, adding the calling thread's CPU time to {@code cpu[slot]}. */
  private static long timed(
      Function<String, Object> call, String[] tokens, Cursor cursor, int n, long[] cpu, int slot) {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long took = run(call, tokens, cursor, n);
    cpu[slot] += THREADS.getCurrentThreadCpuTime() - cpuStart;
    return took;
  }

  private static long run(Function<String, Object> call, String[] tokens, Cursor cursor, int n) {
    int hash = 0;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      hash += System.identityHashCode(call.apply(tokens[cursor.next(tokens.length)]));
    }
    long took = System.nanoTime() - start;
    sink += hash;
    return took;
  }

  private static double median(double[] values) {
    return quantile(values, 0.5);
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

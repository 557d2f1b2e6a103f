package dev.proauth2.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of this module and writes the results: starts a {@code redis-server} and the
 * MongoDB emulator, loads the live tokens once, measures the memory footprints, runs JMH
 * (throughput on 1 and 2 threads, then sample time for percentiles), and writes {@code
 * results.json} (JMH's JSON), {@code measurements.json} and {@code results.md} into the output
 * directory.
 *
 * <pre>
 * java -jar proauth2-bench/target/benchmarks.jar [--quick] [--out DIR] [--include REGEX] [--profile]
 * </pre>
 *
 * <ul>
 *   <li>{@code --quick}: a smoke run of a minute or two: short iterations, 20,000 instead of a
 *       million live tokens;
 *   <li>{@code --out DIR}: where to write, by default {@code proauth2-bench/results} when run from
 *       the repository root, else {@code results};
 *   <li>{@code --include REGEX}: only the benchmarks whose name matches, such as {@code
 *       'FlowBench.codeExchange'}; footprints are skipped;
 *   <li>{@code --profile}: adds JMH's JFR profiler; recordings go under {@code DIR/jfr}.
 * </ul>
 */
public final class Main {

  private static final List<String> FORK_JVM_ARGS = List.of("-Xms8g", "-Xmx8g");

  private final boolean quick;
  private final Path out;
  private final String include;
  private final boolean profile;

  private Main(boolean quick, Path out, String include, boolean profile) {
    this.quick = quick;
    this.out = out;
    this.include = include;
    this.profile = profile;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    boolean profile = false;
    String include = null;
    Path out =
        Files.isDirectory(Path.of("proauth2-bench"))
            ? Path.of("proauth2-bench", "results")
            : Path.of("results");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--profile" -> profile = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--include" -> include = args[++i];
        default -> {
          System.err.println(
              "usage: java -jar benchmarks.jar [--quick] [--out DIR] [--include REGEX]"
                  + " [--profile]");
          System.exit(2);
        }
      }
    }
    int status = 0;
    try {
      new Main(quick, out, include, profile).run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    // the MongoDB emulator and Lettuce leave non-daemon threads behind
    System.exit(status);
  }

  private int largeCount() {
    return quick ? 20_000 : 1_000_000;
  }

  private void run() throws Exception {
    Files.createDirectories(out);
    long started = System.nanoTime();
    BenchRedis.Server redis = BenchRedis.start();
    System.setProperty(BenchRedis.PROPERTY, redis.uri());
    System.setProperty(BenchMongo.PROPERTY, BenchMongo.startEmulator());
    log("redis-server " + redis.version() + " at " + redis.uri());
    log("MongoDB EMULATOR (mongo-java-server, in this JVM) at " + BenchMongo.uri());

    Map<String, Object> measurements = new LinkedHashMap<>();
    measurements.put("machine", Machine.describe(redis.version()));
    Map<String, Object> loads = new LinkedHashMap<>();
    for (int count : new int[] {1000, largeCount()}) {
      LiveLoad.Loaded loaded = LiveLoad.redis(count);
      log(String.format("loaded %,d tokens into Redis in %.1f s", count, loaded.seconds()));
      loads.put("redis-" + count, loadFigures(loaded));
    }
    LiveLoad.Loaded mongo = LiveLoad.mongo(1000);
    log(String.format("loaded 1,000 tokens into the MongoDB emulator in %.1f s", mongo.seconds()));
    loads.put("mongodb-1000", loadFigures(mongo));
    measurements.put("loads", loads);

    if (include == null) {
      List<Object> redisUsage = new ArrayList<>();
      for (int count : new int[] {1000, largeCount()}) {
        redisUsage.add(RedisFootprint.measure(count));
      }
      measurements.put("redisMemoryUsagePerToken", redisUsage);
      List<Object> heap = new ArrayList<>();
      heap.add(child("-Xmx6g", HeapFootprint.class, "store-records", largeCount()));
      heap.add(child("-Xmx6g", HeapFootprint.class, "engine-grants", quick ? 20_000 : 100_000));
      heap.add(child("-Xmx6g", HeapFootprint.class, "floor-rows", largeCount()));
      measurements.put("memoryHeapPerToken", heap);
      List<Object> paired = new ArrayList<>();
      for (String backend : new String[] {"memory", "redis"}) {
        for (int count : new int[] {1000, largeCount()}) {
          paired.add(child("-Xmx8g", PairedLookup.class, backend, count));
        }
      }
      paired.add(child("-Xmx8g", PairedLookup.class, "mongodb", 1000));
      measurements.put("pairedLookupRatios", paired);
      Files.writeString(out.resolve("measurements.json"), Json.write(measurements));
    }

    List<RunResult> results = new ArrayList<>();
    String lookups = "\\.LookupBench\\.";
    String checks = "\\.LookupBench\\.(authenticateToken|floorLookup)$";
    String flows = "\\.FlowBench\\.";
    String engineFlows = "\\.FlowBench\\.(codeExchange|refresh|revokeToken)$";
    String small = "1000";
    String large = Integer.toString(largeCount());
    // One thread: everything at 1,000 live tokens; the token check and its floor at the large
    // count.
    for (String backend : new String[] {"memory", "redis"}) {
      results.addAll(jmh(lookups, Mode.Throughput, 1, backend, small));
      results.addAll(jmh(checks, Mode.Throughput, 1, backend, large));
    }
    results.addAll(jmh(lookups, Mode.Throughput, 1, "mongodb", small));
    for (String backend : Backend.names()) {
      results.addAll(jmh(flows, Mode.Throughput, 1, backend));
    }
    results.addAll(jmh("\\.MongoFilterBench\\.", Mode.Throughput, 1, null, small));
    // Two threads: the token check, and the flows on the memory store, where the two threads
    // contend for the same tables; each with its floor.
    results.addAll(jmh(checks, Mode.Throughput, 2, "memory", small, large));
    results.addAll(jmh(checks, Mode.Throughput, 2, "redis", small, large));
    results.addAll(jmh(checks, Mode.Throughput, 2, "mongodb", small));
    results.addAll(jmh(flows, Mode.Throughput, 2, "memory"));
    // Percentiles, one thread: the token check and its floor, and the engine's flows.
    results.addAll(jmh(checks, Mode.SampleTime, 1, "memory", small, large));
    results.addAll(jmh(checks, Mode.SampleTime, 1, "redis", small));
    results.addAll(jmh(checks, Mode.SampleTime, 1, "mongodb", small));
    for (String backend : Backend.names()) {
      results.addAll(jmh(engineFlows, Mode.SampleTime, 1, backend));
    }

    Path json = out.resolve("results.json");
    try (PrintStream stream =
        new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
      ResultFormatFactory.getInstance(ResultFormatType.JSON, stream).writeOut(results);
    }
    Report.write(out);
    log(
        String.format(
            "done in %.1f min: %s, %s",
            (System.nanoTime() - started) / 6e10, json, out.resolve("results.md")));
  }

  /**
   * One JMH run. Warm-up is longer for the remote backends: the driver and Netty paths take C2
   * several seconds to compile on two busy cores.
   *
   * @param backend the {@code backend} parameter, or null for a benchmark without one
   */
  private List<RunResult> jmh(
      String pattern, Mode mode, int threads, String backend, String... counts)
      throws RunnerException {
    int warmups = backend == null || backend.equals("memory") ? 2 : backend.equals("redis") ? 4 : 3;
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            // The include is grouped, so that an alternation such as 'Lookup|Flow' stays inside its
            // lookahead.
            .include(include == null ? pattern : "(?=.*" + pattern + ")(?=.*(?:" + include + ")).*")
            .mode(mode)
            .threads(threads)
            .forks(1)
            .warmupIterations(quick ? 1 : warmups)
            .warmupTime(TimeValue.milliseconds(quick ? 300 : 1000))
            .measurementIterations(quick ? 2 : 3)
            .measurementTime(TimeValue.milliseconds(quick ? 300 : 1000))
            .timeUnit(mode == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.MICROSECONDS)
            .jvmArgsAppend(forkJvmArgs())
            .shouldFailOnError(true);
    if (backend != null) {
      options.param("backend", backend);
    }
    if (counts.length > 0) {
      options.param("liveTokens", counts);
    }
    if (profile) {
      options.addProfiler("jfr", "dir=" + out.resolve("jfr").toAbsolutePath());
    }
    try {
      return new ArrayList<>(new Runner(options.build()).run());
    } catch (NoBenchmarksException e) {
      return List.of();
    }
  }

  private String[] forkJvmArgs() {
    List<String> args = new ArrayList<>(FORK_JVM_ARGS);
    args.add("-D" + BenchRedis.PROPERTY + "=" + BenchRedis.uri());
    args.add("-D" + BenchMongo.PROPERTY + "=" + BenchMongo.uri());
    return args.toArray(new String[0]);
  }

  private static Map<String, Object> loadFigures(LiveLoad.Loaded loaded) {
    Map<String, Object> figures = new LinkedHashMap<>();
    if (loaded != null) {
      figures.put("count", loaded.count());
      figures.put("seconds", Math.round(loaded.seconds() * 10) / 10.0);
      figures.put("perSecond", Math.round(loaded.count() / loaded.seconds()));
      if (loaded.usedMemoryDelta() >= 0) {
        figures.put(
            "usedMemoryDeltaPerToken",
            Math.round(10.0 * loaded.usedMemoryDelta() / loaded.count()) / 10.0);
      }
    }
    return figures;
  }

  /** Runs a measurement program in a JVM of its own and answers the JSON object it printed. */
  private static Object child(String heap, Class<?> program, String first, int count)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                heap,
                "-Xms" + heap.substring("-Xmx".length()),
                "-D" + BenchRedis.PROPERTY + "=" + BenchRedis.uri(),
                "-D" + BenchMongo.PROPERTY + "=" + BenchMongo.uri(),
                "-cp",
                System.getProperty("java.class.path"),
                program.getName(),
                first,
                Integer.toString(count))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String output;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      output = reader.lines().reduce("", (a, b) -> a + b + "\n");
    }
    if (process.waitFor() != 0 || output.indexOf('{') < 0) {
      throw new IllegalStateException(program.getSimpleName() + " " + first + " failed: " + output);
    }
    Object parsed = Json.parse(output.substring(output.indexOf('{')));
    log(
        program.getSimpleName()
            + " "
            + first
            + " "
            + count
            + ": "
            + parsed.toString().replace('\n', ' '));
    return parsed;
  }

  static void log(String message) {
    System.out.println(
        "# proauth2-bench " + java.time.LocalTime.now().withNano(0) + ": " + message);
  }
}

package dev.proauth2.bench;

import dev.proauth2.AuditLog;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.TokenSubject;
import dev.proauth2.micrometer.MicrometerListener;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a listener costs the token check (issue 15): {@code authenticateToken} on the memory store
 * among 1,000 live tokens with no listener, with the Micrometer listener (a timer per check), and
 * with the audit log (which hears no event from a successful check), beside the floor: SHA-256 plus
 * {@code ConcurrentHashMap.get}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ListenerCostBench {

  private static final int LIVE_TOKENS = 1000;

  /** {@code none}, {@code micrometer} or {@code audit}. */
  @Param({"none", "micrometer", "audit"})
  public String listener;

  private DataStore store;
  private Proauth2 oauth;
  private String[] tokens;
  private final ConcurrentHashMap<String, Record> map = new ConcurrentHashMap<>();

  @Setup(Level.Trial)
  public void load() {
    store = DataStores.open("memory:");
    tokens = LiveTokens.tokens(LiveTokens.seed("listener", LIVE_TOKENS), LIVE_TOKENS);
    long now = System.currentTimeMillis();
    for (int i = 0; i < LIVE_TOKENS; i++) {
      Record record = LiveTokens.record(tokens[i], i, LIVE_TOKENS, now);
      store.put(Table.TOKENS, record);
      map.put(record.string(Table.TOKEN_HASH).orElseThrow(), record);
    }
    Proauth2.Builder builder = Proauth2.builder().dataStore(store).discoverListeners(false);
    switch (listener) {
      case "micrometer" -> {
        MicrometerListener metrics = new MicrometerListener();
        metrics.bindTo(new SimpleMeterRegistry());
        builder.listener(metrics);
      }
      case "audit" -> builder.listener(new AuditLog(line -> {}));
      case "none" -> {}
      default -> throw new IllegalArgumentException("unknown listener " + listener);
    }
    oauth = builder.build();
  }

  @TearDown(Level.Trial)
  public void close() {
    oauth.close();
    store.close();
  }

  /** The token check, with the listener of this trial. */
  @Benchmark
  public TokenSubject authenticateToken(Cursor cursor) {
    return oauth.authenticateToken(tokens[cursor.next(LIVE_TOKENS)]);
  }

  /** The floor: SHA-256 of the token and one map lookup. */
  @Benchmark
  public Record floorLookup(Cursor cursor) {
    return map.get(SecretHashes.sha256(tokens[cursor.next(LIVE_TOKENS)]));
  }
}

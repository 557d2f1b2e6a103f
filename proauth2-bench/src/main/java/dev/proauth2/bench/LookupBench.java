package dev.proauth2.bench;

import dev.proauth2.Proauth2;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenSubject;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * The token check every API request makes, {@code authenticateToken}, and {@code introspect}, among
 * {@code liveTokens} live access tokens, each beside its floor: SHA-256 of the token and one lookup
 * by key, with nothing around it (memory: {@code ConcurrentHashMap.get} on a map of the same
 * records; Redis: one {@code GET} on the store's own connection; MongoDB: one {@code find} by
 * {@code _id} through the client the store uses). Every call picks a token at random.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LookupBench {

  /** {@code memory}, {@code redis} or {@code mongodb}. */
  @Param({"memory", "redis", "mongodb"})
  public String backend;

  /** How many live access tokens the store holds. */
  @Param({"1000", "1000000"})
  public int liveTokens;

  private LookupFixture fixture;
  private String[] tokens;
  private Proauth2 oauth;
  private Function<String, Object> floor;

  @Setup(Level.Trial)
  public void load() {
    fixture = LookupFixture.open(Backend.named(backend), liveTokens);
    tokens = fixture.tokens;
    oauth = fixture.oauth;
    floor = fixture.floor;
  }

  @TearDown(Level.Trial)
  public void close() {
    fixture.close();
  }

  /** The check on every API request: one key lookup, answering the user. */
  @Benchmark
  public TokenSubject authenticateToken(Cursor cursor) {
    return oauth.authenticateToken(tokens[cursor.next(liveTokens)]);
  }

  /** RFC 7662 introspection of a live access token: the same lookup, answering every field. */
  @Benchmark
  public TokenInfo introspect(Cursor cursor) {
    return oauth.introspect(tokens[cursor.next(liveTokens)]);
  }

  /** The floor: SHA-256 of the token and one raw lookup by key. */
  @Benchmark
  public Object floorLookup(Cursor cursor) {
    return floor.apply(tokens[cursor.next(liveTokens)]);
  }
}

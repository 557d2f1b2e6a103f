package dev.proauth2.bench;

import dev.proauth2.ClientRegistration;
import dev.proauth2.Proauth2;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
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
 * The writing flows, each beside its {@link Floor}: the whole code exchange ({@code
 * requestAuthorization} then {@code requestAccessToken}), a refresh with rotation, and {@code
 * revokeToken} of an access token. Every iteration starts on a fresh, empty namespace (a new memory
 * store, Redis key prefix or MongoDB database) with one registered client, so what earlier
 * iterations wrote neither fills the heap nor slows later ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class FlowBench {

  /**
   * Grants per thread that a refresh benchmark rotates through, made afresh every iteration: fewer
   * on the remote backends, where each takes a code exchange of milliseconds.
   */
  static int grants(Backend backend) {
    return backend == Backend.MEMORY ? 256 : 32;
  }

  /** {@code memory}, {@code redis} or {@code mongodb}. */
  @Param({"memory", "redis", "mongodb"})
  public String backend;

  Backend kind;
  Backend.Namespace namespace;
  Proauth2 oauth;
  ClientRegistration client;
  Floor floor;

  @Setup(Level.Iteration)
  public void open() {
    kind = Backend.named(backend);
    namespace = kind.open();
    oauth = Flows.engine(namespace.store());
    client = Flows.registerClient(oauth);
    floor = kind.floor(namespace, client);
  }

  @TearDown(Level.Iteration)
  public void close() {
    floor.close();
    oauth.close();
    namespace.store().close();
  }

  /** The whole code exchange: an authorization request, then the token request with PKCE. */
  @Benchmark
  public TokenResponse codeExchange(Users users) {
    return Flows.codeExchange(oauth, client, users.next());
  }

  /** The floor of the code exchange (see {@link Floor#codeExchange}). */
  @Benchmark
  public String codeExchangeFloor(Users users) {
    return floor.codeExchange(users.next());
  }

  /** A refresh with rotation, of one of this thread's grants in turn. */
  @Benchmark
  public TokenResponse refresh(Grants grants) {
    int i = grants.nextIndex();
    TokenResponse rotated = Flows.refresh(oauth, client, grants.refreshTokens[i]);
    grants.refreshTokens[i] = rotated.refreshToken();
    return rotated;
  }

  /** The floor of a refresh (see {@link Floor#refresh}). */
  @Benchmark
  public String refreshFloor(FloorGrants grants) {
    int i = grants.nextIndex();
    String rotated = floor.refresh(grants.refreshTokens[i]);
    grants.refreshTokens[i] = rotated;
    return rotated;
  }

  /** Revokes a live access token (RFC 7009), on the host's own authority. */
  @Benchmark
  public void revokeToken(AccessTokens pool) {
    oauth.revokeToken(pool.next(this, false));
  }

  /** The floor of a revocation: hash the token, delete its record. */
  @Benchmark
  public void revokeTokenFloor(FloorAccessTokens pool) {
    floor.revoke(pool.next(this, true));
  }

  /** The user of each code exchange: one of a thousand, in turn. */
  @State(Scope.Thread)
  public static class Users {
    private int count = ThreadLocalRandom.current().nextInt(1000);

    String next() {
      return Flows.user(count++);
    }
  }

  /** This thread's grants, made by code exchanges at the start of every iteration. */
  @State(Scope.Thread)
  public static class Grants {
    String[] refreshTokens;
    private int next;

    @Setup(Level.Iteration)
    public void issue(FlowBench bench) {
      refreshTokens = new String[grants(bench.kind)];
      for (int i = 0; i < refreshTokens.length; i++) {
        refreshTokens[i] =
            Flows.codeExchange(bench.oauth, bench.client, Flows.user(i)).refreshToken();
      }
    }

    int nextIndex() {
      next = next + 1 >= refreshTokens.length ? 0 : next + 1;
      return next;
    }
  }

  /** This thread's refresh tokens in the floor, stored at the start of every iteration. */
  @State(Scope.Thread)
  public static class FloorGrants {
    String[] refreshTokens;
    private int next;

    @Setup(Level.Iteration)
    public void issue(FlowBench bench) {
      refreshTokens = new String[grants(bench.kind)];
      for (int i = 0; i < refreshTokens.length; i++) {
        refreshTokens[i] = bench.floor.issueRefreshToken(Flows.user(i));
      }
    }

    int nextIndex() {
      next = next + 1 >= refreshTokens.length ? 0 : next + 1;
      return next;
    }
  }

  /**
   * Live access tokens for one thread to revoke in one iteration, stored at its start: at least
   * twice what the previous iteration used, so that the measured iterations (which follow at least
   * two warm-up iterations) never run out. Should one run out all the same, it is refilled on the
   * spot, and the refill is reported, as it adds its cost to that iteration.
   */
  abstract static class RevocationPool {
    private String[] tokens = new String[0];
    private int next;
    private int refills;

    /** Stores these tokens where the revocations will find them. */
    abstract void store(FlowBench bench, String[] fresh);

    void fill(FlowBench bench, boolean floor) {
      int size = Math.max(poolSize(bench.kind, floor), 2 * next);
      tokens = LiveTokens.tokens(ThreadLocalRandom.current().nextLong(), size);
      store(bench, tokens);
      next = 0;
      settle();
    }

    String next(FlowBench bench, boolean floor) {
      if (next == tokens.length) {
        refills++;
        String[] more = LiveTokens.tokens(ThreadLocalRandom.current().nextLong(), tokens.length);
        store(bench, more);
        tokens = more;
        next = 0;
      }
      return tokens[next++];
    }

    void report(String what) {
      if (refills > 0) {
        System.out.println(
            "WARNING: the " + what + " pool ran out and was refilled " + refills + " times");
        refills = 0;
      }
    }
  }

  /** Access tokens stored through the store, shaped as the engine writes them. */
  @State(Scope.Thread)
  public static class AccessTokens extends RevocationPool {
    @Setup(Level.Iteration)
    public void fill(FlowBench bench) {
      fill(bench, false);
    }

    @TearDown(Level.Iteration)
    public void report() {
      report("revocation");
    }

    @Override
    void store(FlowBench bench, String[] fresh) {
      long now = System.currentTimeMillis();
      List<Record> records = new ArrayList<>(fresh.length);
      for (int i = 0; i < fresh.length; i++) {
        records.add(LiveTokens.record(fresh[i], i, fresh.length, now));
      }
      BulkLoad.tokens(bench.kind, bench.namespace, records);
    }
  }

  /** Access tokens stored in the floor. */
  @State(Scope.Thread)
  public static class FloorAccessTokens extends RevocationPool {
    @Setup(Level.Iteration)
    public void fill(FlowBench bench) {
      fill(bench, true);
    }

    @TearDown(Level.Iteration)
    public void report() {
      report("floor revocation");
    }

    @Override
    void store(FlowBench bench, String[] fresh) {
      bench.floor.storeAccessTokens(fresh);
    }
  }

  /**
   * Collects the garbage a setup left, so that the iteration does not pay for it: loading a pool
   * leaves hundreds of megabytes.
   */
  static void settle() {
    System.gc();
  }

  /**
   * The smallest pool of tokens one thread starts an iteration with. The MongoDB pools start small
   * on purpose: the emulator scans the whole collection for any query but one by {@code _id} alone,
   * so a larger pool than needed would only slow the emulator down.
   */
  static int poolSize(Backend backend, boolean floor) {
    String property = "proauth2.bench." + backend.name().toLowerCase(Locale.ROOT) + "Revocations";
    int size =
        switch (backend) {
          case MEMORY -> floor ? 2_000_000 : 500_000;
          case REDIS -> floor ? 25_000 : 10_000;
          case MONGODB -> floor ? 5_000 : 2_000;
        };
    return Integer.getInteger(property + (floor ? ".floor" : ""), size);
  }
}

package dev.proauth2.bench;

import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.ObjectName;

/**
 * Measures the heap the memory store takes per live token: the heap in use after a full GC, before
 * and after loading {@code n} tokens, divided by {@code n}, with the classes that grew most. Run in
 * a JVM of its own ({@link Main} starts one), so nothing else on the heap moves meanwhile. Prints
 * one JSON object.
 *
 * <p>{@code java -cp benchmarks.jar dev.proauth2.bench.HeapFootprint KIND N}, where KIND is:
 *
 * <ul>
 *   <li>{@code store-records}: N access-token records, shaped as the engine writes them, through
 *       {@code DataStore.put};
 *   <li>{@code engine-grants}: N code exchanges through the engine, each leaving an access token, a
 *       refresh token and the code's tombstone;
 *   <li>{@code floor-rows}: N compact rows (the fields as Java fields, not a map) in a {@code
 *       ConcurrentHashMap} keyed by the token hash, for comparison.
 * </ul>
 */
public final class HeapFootprint {

  private HeapFootprint() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    int n = Integer.parseInt(args[1]);
    Map<String, Long> before = histogram();
    long start = usedAfterGc();
    Object held = load(kind, n);
    long end = usedAfterGc();
    Map<String, Long> after = histogram();
    Reference.reachabilityFence(held);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("kind", kind);
    result.put("count", n);
    result.put("bytesPerItem", (double) (end - start) / n);
    result.put("topClassesBytesPerItem", topGrowth(before, after, n));
    System.out.print(Json.write(result));
    if (held instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  private static Object load(String kind, int n) {
    long now = System.currentTimeMillis();
    switch (kind) {
      case "store-records" -> {
        DataStore store = DataStores.open("memory:");
        String[] tokens = LiveTokens.tokens(LiveTokens.seed("heap", n), n);
        for (int i = 0; i < n; i++) {
          store.put(Table.TOKENS, LiveTokens.record(tokens[i], i, n, now));
          tokens[i] = null;
        }
        return store;
      }
      case "engine-grants" -> {
        DataStore store = DataStores.open("memory:");
        Proauth2 oauth = Flows.engine(store);
        ClientRegistration client = Flows.registerClient(oauth);
        for (int i = 0; i < n; i++) {
          Flows.codeExchange(oauth, client, LiveTokens.user(i, n));
        }
        return store;
      }
      case "floor-rows" -> {
        record Row(
            String clientId,
            String userId,
            String scope,
            String family,
            long issuedAt,
            long expiresAt) {}
        ConcurrentHashMap<String, Row> rows = new ConcurrentHashMap<>();
        String[] tokens = LiveTokens.tokens(LiveTokens.seed("heap", n), n);
        for (int i = 0; i < n; i++) {
          Record r = LiveTokens.record(tokens[i], i, n, now);
          rows.put(
              SecretHashes.sha256(tokens[i]),
              new Row(
                  LiveTokens.CLIENT_ID,
                  r.string(Table.USER_ID).orElseThrow(),
                  LiveTokens.SCOPE,
                  r.string(Table.FAMILY).orElseThrow(),
                  now,
                  now + LiveTokens.HOUR_MILLIS));
          tokens[i] = null;
        }
        return rows;
      }
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Bytes per class, from the JVM's class histogram (which runs a full GC first). */
  private static Map<String, Long> histogram() throws Exception {
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, Long> bytes = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length >= 4 && parts[0].endsWith(":")) {
        bytes.merge(parts[3], Long.parseLong(parts[2]), Long::sum);
      }
    }
    return bytes;
  }

  private static Map<String, Object> topGrowth(
      Map<String, Long> before, Map<String, Long> after, int n) {
    List<Map.Entry<String, Long>> growth = new ArrayList<>();
    after.forEach(
        (name, bytes) -> growth.add(Map.entry(name, bytes - before.getOrDefault(name, 0L))));
    growth.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    Map<String, Object> top = new LinkedHashMap<>();
    for (Map.Entry<String, Long> entry : growth.subList(0, Math.min(12, growth.size()))) {
      top.put(entry.getKey(), Math.round(10.0 * entry.getValue() / n) / 10.0);
    }
    return top;
  }
}

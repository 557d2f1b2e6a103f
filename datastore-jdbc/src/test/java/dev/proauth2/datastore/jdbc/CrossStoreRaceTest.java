package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The atomicity of replace and put across processes: four stores, each with a pool of its own, as
 * four instances of an application would be, race on one row.
 */
@DisplayName("races across stores on separate pools")
class CrossStoreRaceTest {

  private static final int STORES = 4;
  private static final int THREADS_PER_STORE = 8;
  private static final int ROUNDS = 20;

  static List<TestDatabase> databases() {
    return TestDatabase.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName("concurrent replaces of one row from four stores have exactly one winner")
  void replaceHasOneWinner(TestDatabase database) throws Exception {
    race(database, true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @DisplayName("concurrent puts on one new key from four stores find it free exactly once")
  void putFindsNewKeyFreeOnce(TestDatabase database) throws Exception {
    race(database, false);
  }

  private static void race(TestDatabase database, boolean replace) throws Exception {
    String config = database.newConfig("timeout=10s", "sweepInterval=off", "poolSize=4");
    List<DataStore> stores = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(STORES * THREADS_PER_STORE);
    try {
      for (int i = 0; i < STORES; i++) {
        stores.add(TestDatabase.open(database.sameNamespace(config)));
      }
      for (int round = 0; round < ROUNDS; round++) {
        Record original = Samples.token("original", Samples.HOUR);
        String key = Samples.key(original);
        if (replace) {
          stores.get(0).put(Table.TOKENS, original);
        }
        List<Callable<Optional<Record>>> calls = new ArrayList<>();
        Set<Record> written = new HashSet<>();
        for (int i = 0; i < STORES * THREADS_PER_STORE; i++) {
          DataStore store = stores.get(i % STORES);
          Record mine = original.with(Table.USER_ID, "writer-" + i);
          written.add(mine);
          calls.add(
              () -> replace ? store.replace(Table.TOKENS, mine) : store.put(Table.TOKENS, mine));
        }
        List<Optional<Record>> results = new ArrayList<>();
        for (Future<Optional<Record>> result : threads.invokeAll(calls)) {
          results.add(result.get());
        }
        long gotOriginal = results.stream().filter(r -> r.equals(Optional.of(original))).count();
        long gotNone = results.stream().filter(Optional::isEmpty).count();
        if (replace) {
          assertEquals(1, gotOriginal, "round " + round + ": callers that got the original row");
          assertEquals(0, gotNone, "round " + round + ": every replace found a live row");
        } else {
          assertEquals(1, gotNone, "round " + round + ": callers that found the key free");
        }
        long gotAnother =
            results.stream().filter(r -> r.isPresent() && written.contains(r.get())).count();
        long distinct =
            results.stream()
                .filter(r -> r.isPresent() && written.contains(r.get()))
                .distinct()
                .count();
        assertEquals(gotAnother, distinct, "round " + round + ": no row was replaced twice");
        assertEquals(
            STORES * THREADS_PER_STORE - 1,
            gotAnother,
            "round " + round + ": the others each got another writer's row");
        assertEquals(1, stores.get(0).remove(Table.TOKENS, key) ? 1 : 0);
      }
    } finally {
      threads.shutdown();
      stores.forEach(DataStore::close);
    }
  }
}

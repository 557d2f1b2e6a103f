package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules every {@link DataStore} keeps, one test each, named by the rule and its number; the
 * same rules, under the same numbers, are in the {@code DataStore} javadoc and the README's plugin
 * guide. To test a store, extend this class and implement {@link #newStore()}:
 *
 * <pre>{@code
 * class MyStoreTest extends DataStoreContract {
 *   @Override
 *   protected DataStore newStore() {
 *     return DataStores.open("mystore://localhost/test-" + UUID.randomUUID());
 *   }
 * }
 * }</pre>
 *
 * <p>Then run it with JUnit 5. Each test gets a fresh store and closes it afterwards. The engine
 * checks every record before a store sees it, so these tests send only valid records: a store is
 * never asked to refuse anything.
 */
public abstract class DataStoreContract {

  /** The number of threads that race for one key. */
  protected static final int RACING_THREADS = 64;

  /** The number of keys they race for, one after another. */
  protected static final int RACED_KEYS = 50;

  private DataStore store;

  /**
   * Returns a fresh, empty store on the wall clock, or an isolated namespace of a shared backend,
   * on every call.
   *
   * @return an open store; the contract closes it
   */
  protected abstract DataStore newStore();

  /** The store under test in the current test. */
  protected final DataStore store() {
    return store;
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static String key(Table table, Record record) {
    return record.string(table.keyField()).orElseThrow();
  }

  @Nested
  @DisplayName("fetch (rules 1 to 4)")
  class Fetch {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Table.class)
    @DisplayName("1. fetch returns the record put under its key, every field and value as put")
    void fetchesWhatWasPut(Table table) {
      for (Record record : SampleRecords.variants(table)) {
        store.put(table, record);
        assertEquals(Optional.of(record), store.fetch(table, key(table, record)));
      }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Table.class)
    @DisplayName("2. fetch of a key never put is empty")
    void unknownKey(Table table) {
      assertEquals(Optional.empty(), store.fetch(table, SampleRecords.newHash()));
    }

    @Test
    @DisplayName("3. values come back exactly: any Unicode text, numbers at the bounds of a long")
    void valuesRoundTrip() {
      Record record =
          SampleRecords.token(
              SampleRecords.newHash(),
              "ünïcödé 用户 😀 \"quoted\" \\ back/slash 'single' $dollar {brace} ",
              "client-1",
              SampleRecords.newHash(),
              Long.MAX_VALUE);
      record = record.with(Table.ISSUED_AT, Long.MIN_VALUE).with(Table.SCOPE, "x".repeat(2048));
      store.put(Table.TOKENS, record);
      assertEquals(Optional.of(record), store.fetch(Table.TOKENS, key(Table.TOKENS, record)));
    }

    @Test
    @DisplayName("4. the same key in two tables names two records")
    void tablesAreSeparate() {
      String key = SampleRecords.newHash();
      Record access = SampleRecords.token(key, "alice", "client-1", SampleRecords.newHash());
      Record refresh = SampleRecords.refreshToken(key, "bob", "client-2", SampleRecords.newHash());
      store.put(Table.TOKENS, access);
      store.put(Table.REFRESH_TOKENS, refresh);
      assertEquals(Optional.of(access), store.fetch(Table.TOKENS, key));
      assertEquals(Optional.of(refresh), store.fetch(Table.REFRESH_TOKENS, key));
      assertEquals(Optional.empty(), store.fetch(Table.NONCE_CODES, key));
    }
  }

  @Nested
  @DisplayName("put (rules 5 and 6): creates or replaces, and returns what it replaced")
  class Put {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Table.class)
    @DisplayName("5. put under a new key returns empty")
    void putNew(Table table) {
      assertEquals(Optional.empty(), store.put(table, SampleRecords.of(table)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Table.class)
    @DisplayName("6. put under a taken key replaces the record and returns the one it replaced")
    void putReplaces(Table table) {
      for (Record first : SampleRecords.variants(table)) {
        Record second = SampleRecords.changed(table, first);
        store.put(table, first);
        assertEquals(Optional.of(first), store.put(table, second));
        assertEquals(Optional.of(second), store.fetch(table, key(table, first)));
      }
    }
  }

  @Nested
  @DisplayName("replace (rules 7 to 10): changes a live record and never creates one")
  class Replace {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Table.class)
    @DisplayName("7. replace under a key never put writes nothing and returns empty")
    void replaceAbsent(Table table) {
      Record record = SampleRecords.of(table);
      assertEquals(Optional.empty(), store.replace(table, record));
      assertEquals(Optional.empty(), store.fetch(table, key(table, record)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Table.class)
    @DisplayName("8. replace under a taken key replaces the record and returns the one it replaced")
    void replacePresent(Table table) {
      for (Record first : SampleRecords.variants(table)) {
        Record second = SampleRecords.changed(table, first);
        store.put(table, first);
        assertEquals(Optional.of(first), store.replace(table, second));
        assertEquals(Optional.of(second), store.fetch(table, key(table, first)));
      }
    }

    @Test
    @DisplayName("9. replace over an expired record writes nothing and returns empty")
    void replaceExpired() {
      Record old =
          SampleRecords.token(
              SampleRecords.newHash(), "alice", "c", "f", SampleRecords.now() - 1_000);
      store.put(Table.TOKENS, old);
      Record fresh = SampleRecords.token(key(Table.TOKENS, old), "bob", "c", "f");
      assertEquals(Optional.empty(), store.replace(Table.TOKENS, fresh));
      assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key(Table.TOKENS, old)));
      Record client = SampleRecords.expiredApplication();
      String clientId = key(Table.APPLICATIONS, client);
      store.put(Table.APPLICATIONS, client);
      Record extended = client.with(Table.EXPIRES_AT, SampleRecords.now() + SampleRecords.HOUR);
      assertEquals(Optional.empty(), store.replace(Table.APPLICATIONS, extended));
      assertEquals(Optional.empty(), store.fetch(Table.APPLICATIONS, clientId));
    }

    @Test
    @DisplayName("10. replace after remove writes nothing: a removed record stays removed")
    void replaceAfterRemove() {
      Record record = SampleRecords.of(Table.REFRESH_TOKENS);
      String key = key(Table.REFRESH_TOKENS, record);
      store.put(Table.REFRESH_TOKENS, record);
      store.remove(Table.REFRESH_TOKENS, key);
      assertEquals(
          Optional.empty(), store.replace(Table.REFRESH_TOKENS, record.with(Table.ROTATED_AT, 1L)));
      assertEquals(Optional.empty(), store.fetch(Table.REFRESH_TOKENS, key));
      assertEquals(
          0,
          store.removeAll(
              Table.REFRESH_TOKENS, Table.FAMILY, record.string(Table.FAMILY).orElseThrow()));
    }
  }

  @Nested
  @DisplayName("expiry (rules 11 to 14): a record past its expires_at does not exist")
  class Expiry {

    private Record expired() {
      return SampleRecords.token(
          SampleRecords.newHash(),
          "alice",
          "client-1",
          SampleRecords.newHash(),
          SampleRecords.now() - 1_000);
    }

    @Test
    @DisplayName("11. fetch never returns a record whose expires_at has passed")
    void expiredIsNotFetched() {
      Record record = expired();
      store.put(Table.TOKENS, record);
      assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key(Table.TOKENS, record)));
      Record client = SampleRecords.expiredApplication();
      store.put(Table.APPLICATIONS, client);
      assertEquals(
          Optional.empty(), store.fetch(Table.APPLICATIONS, key(Table.APPLICATIONS, client)));
    }

    @Test
    @DisplayName("12. a record stops being returned once its expires_at passes")
    void expiresInTime() throws InterruptedException {
      Record record =
          SampleRecords.code(SampleRecords.newHash(), SampleRecords.now() + 300)
              .with(Table.EXPIRES_AT, SampleRecords.now() + 300);
      store.put(Table.NONCE_CODES, record);
      Record client =
          SampleRecords.of(Table.APPLICATIONS).with(Table.EXPIRES_AT, SampleRecords.now() + 300);
      store.put(Table.APPLICATIONS, client);
      assertTrue(store.fetch(Table.NONCE_CODES, key(Table.NONCE_CODES, record)).isPresent());
      assertTrue(store.fetch(Table.APPLICATIONS, key(Table.APPLICATIONS, client)).isPresent());
      Thread.sleep(Duration.ofMillis(600).toMillis());
      assertEquals(
          Optional.empty(), store.fetch(Table.NONCE_CODES, key(Table.NONCE_CODES, record)));
      assertEquals(
          Optional.empty(), store.fetch(Table.APPLICATIONS, key(Table.APPLICATIONS, client)));
    }

    @Test
    @DisplayName("13. put over an expired record returns empty, as if the key were free")
    void putOverExpired() {
      Record old = expired();
      store.put(Table.TOKENS, old);
      Record fresh = SampleRecords.token(key(Table.TOKENS, old), "bob", "client-2", "f");
      assertEquals(Optional.empty(), store.put(Table.TOKENS, fresh));
      assertEquals(Optional.of(fresh), store.fetch(Table.TOKENS, key(Table.TOKENS, old)));
      Record client = SampleRecords.expiredApplication();
      String clientId = key(Table.APPLICATIONS, client);
      store.put(Table.APPLICATIONS, client);
      Record again = SampleRecords.fullApplication(clientId);
      assertEquals(Optional.empty(), store.put(Table.APPLICATIONS, again));
      assertEquals(Optional.of(again), store.fetch(Table.APPLICATIONS, clientId));
    }

    @Test
    @DisplayName("14. remove and removeAll do not count expired records")
    void expiredIsNotCounted() {
      Record record = expired();
      store.put(Table.TOKENS, record);
      assertFalse(store.remove(Table.TOKENS, key(Table.TOKENS, record)));
      Record client = SampleRecords.expiredApplication();
      store.put(Table.APPLICATIONS, client);
      assertFalse(store.remove(Table.APPLICATIONS, key(Table.APPLICATIONS, client)));
      Record other = expired();
      store.put(Table.TOKENS, other);
      String family = other.string(Table.FAMILY).orElseThrow();
      assertEquals(0, store.removeAll(Table.TOKENS, Table.FAMILY, family));
    }
  }

  @Nested
  @DisplayName("removal (rules 15 to 18): remove by key, removeAll by an indexed field")
  class Removal {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Table.class)
    @DisplayName("15. remove deletes the record under a key and says whether a live one was there")
    void removeByKey(Table table) {
      for (Record record : SampleRecords.variants(table)) {
        store.put(table, record);
        assertTrue(store.remove(table, key(table, record)));
        assertEquals(Optional.empty(), store.fetch(table, key(table, record)));
        assertFalse(store.remove(table, key(table, record)));
      }
    }

    @ParameterizedTest(name = "{0} by {1}")
    @DisplayName(
        "16. removeAll deletes every record with the value, counts them, and leaves the rest")
    @org.junit.jupiter.params.provider.CsvSource({
      "TOKENS, user_id",
      "TOKENS, client_id",
      "TOKENS, family",
      "REFRESH_TOKENS, user_id",
      "REFRESH_TOKENS, client_id",
      "REFRESH_TOKENS, family",
      "NONCE_CODES, user_id",
      "NONCE_CODES, client_id"
    })
    void removeAllByIndexedField(Table table, String field) {
      List<Record> matching = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        matching.add(SampleRecords.of(table).with(field, "match"));
      }
      Record other = SampleRecords.of(table).with(field, "other");
      matching.forEach(record -> store.put(table, record));
      store.put(table, other);
      // An optional field (a client's own token has no user_id) may be absent: that record stays.
      boolean optional = !table.field(field).orElseThrow().required();
      Record without = optional ? SampleRecords.without(SampleRecords.of(table), field) : null;
      if (without != null) {
        store.put(table, without);
      }
      assertEquals(3, store.removeAll(table, field, "match"));
      for (Record record : matching) {
        assertEquals(Optional.empty(), store.fetch(table, key(table, record)));
      }
      assertEquals(Optional.of(other), store.fetch(table, key(table, other)));
      if (without != null) {
        assertEquals(Optional.of(without), store.fetch(table, key(table, without)));
      }
      assertEquals(0, store.removeAll(table, field, "match"));
    }

    @Test
    @DisplayName("17. removeAll finds a record by the values of its latest put, not an earlier one")
    void removeAllFollowsReplacement() {
      Record first = SampleRecords.token(SampleRecords.newHash(), "alice", "client-1", "f1");
      Record moved = first.with(Table.USER_ID, "bob");
      store.put(Table.TOKENS, first);
      store.put(Table.TOKENS, moved);
      assertEquals(0, store.removeAll(Table.TOKENS, Table.USER_ID, "alice"));
      assertEquals(Optional.of(moved), store.fetch(Table.TOKENS, key(Table.TOKENS, first)));
      assertEquals(1, store.removeAll(Table.TOKENS, Table.USER_ID, "bob"));
    }

    @Test
    @DisplayName("18. removeAll reaches every one of many records with the value")
    void removeAllMany() {
      int count = 600;
      for (int i = 0; i < count; i++) {
        store.put(Table.TOKENS, SampleRecords.token(SampleRecords.newHash(), "u", "c", "many"));
      }
      assertEquals(count, store.removeAll(Table.TOKENS, Table.FAMILY, "many"));
    }
  }

  @Nested
  @DisplayName("concurrency (rules 19 to 23): every method is atomic")
  class Concurrency {

    @Test
    @DisplayName(
        "19. when 64 threads put one key at once, exactly one gets the record that was there, and"
            + " each of the others gets the record of another")
    void putIsAtomic() throws Exception {
      swapsOneKey((table, record) -> store.put(table, record));
    }

    @Test
    @DisplayName(
        "20. when 64 threads replace one key at once, exactly one gets the record that was there,"
            + " and each of the others gets the record of another")
    void replaceIsAtomic() throws Exception {
      swapsOneKey((table, record) -> store.replace(table, record));
    }

    /**
     * Has 64 threads write one live key at once, round after round, and checks that the records
     * they got back form one chain: the original once, every other record at most once.
     */
    private void swapsOneKey(BiFunction<Table, Record, Optional<Record>> write) throws Exception {
      for (int round = 0; round < RACED_KEYS; round++) {
        Record original = SampleRecords.code(SampleRecords.newHash(), SampleRecords.now() + 60_000);
        store.put(Table.NONCE_CODES, original);
        List<Optional<Record>> replaced =
            race(
                thread ->
                    write.apply(
                        Table.NONCE_CODES, original.with(Table.REDEEMED_AT, (long) thread)));
        Set<Object> seen = new HashSet<>();
        int gotOriginal = 0;
        for (Optional<Record> previous : replaced) {
          assertTrue(
              previous.isPresent(), "a write over a live key found nothing in round " + round);
          if (previous.get().equals(original)) {
            gotOriginal++;
          } else {
            assertTrue(
                seen.add(previous.get().number(Table.REDEEMED_AT).orElseThrow()),
                "one record was replaced twice in round " + round);
          }
        }
        assertEquals(1, gotOriginal, "round " + round);
        assertTrue(store.fetch(Table.NONCE_CODES, key(Table.NONCE_CODES, original)).isPresent());
      }
    }

    @Test
    @DisplayName("21. when 64 threads put one new key at once, exactly one finds it free")
    void putOnFreeKeyIsAtomic() throws Exception {
      for (int round = 0; round < RACED_KEYS; round++) {
        String key = SampleRecords.newHash();
        List<Optional<Record>> replaced =
            race(
                thread ->
                    store.put(Table.TOKENS, SampleRecords.token(key, "u" + thread, "c", "f")));
        assertEquals(1, replaced.stream().filter(Optional::isEmpty).count(), "round " + round);
      }
    }

    @Test
    @DisplayName("22. when 64 threads remove one key at once, exactly one is told it removed it")
    void removeIsAtomic() throws Exception {
      for (int round = 0; round < RACED_KEYS; round++) {
        Record record = SampleRecords.of(Table.TOKENS);
        store.put(Table.TOKENS, record);
        List<Boolean> removed =
            race(thread -> store.remove(Table.TOKENS, key(Table.TOKENS, record)));
        assertEquals(1, removed.stream().filter(b -> b).count(), "round " + round);
      }
    }

    @Test
    @DisplayName("23. 64 threads putting different keys at once lose none of them")
    void parallelPutsAllLand() throws Exception {
      List<Record> records = new ArrayList<>();
      for (int i = 0; i < RACING_THREADS; i++) {
        records.add(SampleRecords.token(SampleRecords.newHash(), "u", "c", "parallel"));
      }
      race(thread -> store.put(Table.TOKENS, records.get(thread)));
      for (Record record : records) {
        assertEquals(Optional.of(record), store.fetch(Table.TOKENS, key(Table.TOKENS, record)));
      }
      assertEquals(RACING_THREADS, store.removeAll(Table.TOKENS, Table.FAMILY, "parallel"));
    }
  }

  /** What one racing thread does, given its number. */
  @FunctionalInterface
  private interface Racer<T> {
    T run(int thread) throws Exception;
  }

  /** Runs {@link #RACING_THREADS} calls that start at the same moment; returns their results. */
  private static <T> List<T> race(Racer<T> racer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RACING_THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < RACING_THREADS; i++) {
        int thread = i;
        Callable<T> call =
            () -> {
              start.await();
              return racer.run(thread);
            };
        futures.add(pool.submit(call));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}

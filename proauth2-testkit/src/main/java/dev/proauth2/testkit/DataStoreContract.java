package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DuplicateKeyException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every {@link DataStore} must keep. To test a store, extend this class and implement
 * {@link #newStore()}:
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
 * <p>Then run it with JUnit 5. Each test gets a fresh store and closes it afterwards.
 */
public abstract class DataStoreContract {

  /** The number of threads that race to take the same keys. */
  protected static final int RACING_THREADS = 64;

  /** The number of keys they race for. */
  protected static final int RACED_KEYS = 200;

  private DataStore store;

  /**
   * Returns a fresh, empty store, or an isolated namespace of a shared backend, on every call.
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

  private static Query byKey(Table table, Record record) {
    return Query.where(table.keyField(), record.fields().get(table.keyField()));
  }

  @Nested
  @DisplayName("storing and fetching")
  class StoringAndFetching {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Table.class)
    @DisplayName("a record stored is fetched back by its key, equal to what was stored")
    void fetchByKey(Table table) {
      Record record = SampleRecords.of(table);
      store.store(table, record);
      assertEquals(Optional.of(record), store.fetch(table, byKey(table, record)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = Table.class,
        names = {"NONCE_CODES", "TOKENS", "REFRESH_TOKENS"})
    @DisplayName("a record is fetched back by each of its indexed fields")
    void fetchByIndexedField(Table table) {
      Record record = SampleRecords.of(table);
      store.store(table, record);
      for (String field : table.indexedFields()) {
        Query query = Query.where(field, record.fields().get(field));
        assertEquals(Optional.of(record), store.fetch(table, query), "by " + field);
      }
    }

    @Test
    @DisplayName(
        "a query on an indexed field and another field returns only the record matching both")
    void fetchByTwoFields() {
      String family = SampleRecords.newHash();
      Record mine = SampleRecords.token(SampleRecords.newHash(), "alice", "client-a", family);
      Record theirs = SampleRecords.token(SampleRecords.newHash(), "alice", "client-b", family);
      store.store(Table.TOKENS, mine);
      store.store(Table.TOKENS, theirs);
      Query query = Query.where(Table.USER_ID, "alice").and(Table.CLIENT_ID, "client-b");
      assertEquals(Optional.of(theirs), store.fetch(Table.TOKENS, query));
    }

    @Test
    @DisplayName("non-ASCII text comes back unchanged")
    void nonAsciiText() {
      String userId = "Zoë Ångström 張偉 🙂 עִבְרִית";
      Record record =
          SampleRecords.token(SampleRecords.newHash(), userId, "client-1", SampleRecords.newHash());
      store.store(Table.TOKENS, record);
      assertEquals(Optional.of(record), store.fetch(Table.TOKENS, byKey(Table.TOKENS, record)));
      assertEquals(
          Optional.of(record), store.fetch(Table.TOKENS, Query.where(Table.USER_ID, userId)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Table.class)
    @DisplayName("every text field at its longest allowed length comes back unchanged")
    void valuesAtTheirBounds(Table table) {
      Record record = SampleRecords.of(table);
      for (Table.Field field : table.fields()) {
        if (field.type() == String.class && !field.name().equals(table.keyField())) {
          record = record.with(field.name(), "x".repeat(field.maxLength() - 1) + "é");
        }
      }
      String longKey = "k".repeat(table.field(table.keyField()).orElseThrow().maxLength());
      record = record.with(table.keyField(), longKey);
      store.store(table, record);
      assertEquals(Optional.of(record), store.fetch(table, byKey(table, record)));
    }

    @Test
    @DisplayName("numbers, including the largest epoch millisecond values, come back as Long")
    void numbersComeBackAsLong() {
      Record record = SampleRecords.of(Table.TOKENS).with(Table.EXPIRES_AT, Long.MAX_VALUE / 2);
      store.store(Table.TOKENS, record);
      Record fetched = store.fetch(Table.TOKENS, byKey(Table.TOKENS, record)).orElseThrow();
      assertEquals(Long.MAX_VALUE / 2, fetched.number(Table.EXPIRES_AT).getAsLong());
      assertEquals(record, fetched);
    }

    @Test
    @DisplayName("fetching a key that was never stored gives nothing")
    void fetchMissing() {
      assertEquals(
          Optional.empty(),
          store.fetch(Table.TOKENS, Query.where(Table.TOKEN_HASH, SampleRecords.newHash())));
    }

    @Test
    @DisplayName("tables are separate: a key stored in one is not found in another")
    void tablesAreSeparate() {
      Record token = SampleRecords.of(Table.TOKENS);
      store.store(Table.TOKENS, token);
      assertEquals(Optional.empty(), store.fetch(Table.REFRESH_TOKENS, byKey(Table.TOKENS, token)));
    }
  }

  @Nested
  @DisplayName("duplicate keys")
  class DuplicateKeys {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Table.class)
    @DisplayName("storing an existing key throws DuplicateKeyException and changes nothing")
    void duplicateKeyChangesNothing(Table table) {
      Record original = SampleRecords.of(table);
      store.store(table, original);
      Record duplicate =
          table.expires()
              ? original.with(Table.EXPIRES_AT, SampleRecords.now() + 2 * SampleRecords.HOUR)
              : original.with(Table.NAME, "intruder");
      assertThrows(DuplicateKeyException.class, () -> store.store(table, duplicate));
      assertEquals(Optional.of(original), store.fetch(table, byKey(table, original)));
    }
  }

  @Nested
  @DisplayName("invalid records")
  class InvalidRecords {

    private void assertRefused(Table table, Record record) {
      Proauth2Exception refused =
          assertThrows(Proauth2Exception.class, () -> store.store(table, record));
      assertEquals(Proauth2Exception.INVALID_REQUEST, refused.error());
      Object key = record.fields().get(table.keyField());
      if (key != null && table.field(table.keyField()).orElseThrow().type().isInstance(key)) {
        assertEquals(Optional.empty(), store.fetch(table, Query.where(table.keyField(), key)));
      }
    }

    @Test
    @DisplayName("a record with an unknown field is refused and nothing is stored")
    void unknownField() {
      assertRefused(Table.TOKENS, SampleRecords.of(Table.TOKENS).with("password", "hunter2"));
    }

    @Test
    @DisplayName("a record without a required field is refused and nothing is stored")
    void missingField() {
      Map<String, Object> fields = new LinkedHashMap<>(SampleRecords.of(Table.TOKENS).fields());
      fields.remove(Table.USER_ID);
      assertRefused(Table.TOKENS, Record.of(fields));
    }

    @Test
    @DisplayName("a record with a value of the wrong type is refused and nothing is stored")
    void wrongType() {
      assertRefused(Table.TOKENS, SampleRecords.of(Table.TOKENS).with(Table.EXPIRES_AT, "soon"));
      assertRefused(Table.TOKENS, SampleRecords.of(Table.TOKENS).with(Table.USER_ID, 42L));
    }

    @Test
    @DisplayName("a record of another table is refused and nothing is stored")
    void wrongTable() {
      assertRefused(Table.APPLICATIONS, SampleRecords.of(Table.TOKENS));
      assertRefused(Table.TOKENS, SampleRecords.of(Table.NONCE_CODES));
    }

    @Test
    @DisplayName("a text value over its length limit is refused and nothing is stored")
    void tooLong() {
      int limit = Table.TOKENS.field(Table.USER_ID).orElseThrow().maxLength();
      assertRefused(
          Table.TOKENS, SampleRecords.of(Table.TOKENS).with(Table.USER_ID, "u".repeat(limit + 1)));
    }

    @Test
    @DisplayName("a value with a control character or an empty value is refused")
    void controlCharactersAndEmpty() {
      assertRefused(Table.TOKENS, SampleRecords.of(Table.TOKENS).with(Table.USER_ID, "a\r\nb"));
      assertRefused(Table.TOKENS, SampleRecords.of(Table.TOKENS).with(Table.USER_ID, "a\u0000"));
      assertRefused(Table.TOKENS, SampleRecords.of(Table.TOKENS).with(Table.USER_ID, ""));
    }

    @Test
    @DisplayName("a query that names no key or indexed field is refused")
    void unindexedQuery() {
      Proauth2Exception refused =
          assertThrows(
              Proauth2Exception.class,
              () -> store.fetch(Table.TOKENS, Query.where(Table.SCOPE, "read")));
      assertEquals(Proauth2Exception.INVALID_REQUEST, refused.error());
      assertThrows(
          Proauth2Exception.class,
          () -> store.remove(Table.APPLICATIONS, Query.where(Table.NAME, "Sample app")));
    }
  }

  @Nested
  @DisplayName("removing")
  class Removing {

    @Test
    @DisplayName("removing by key removes that record and returns 1")
    void removeByKey() {
      Record record = SampleRecords.of(Table.TOKENS);
      store.store(Table.TOKENS, record);
      assertEquals(1, store.remove(Table.TOKENS, byKey(Table.TOKENS, record)));
      assertEquals(Optional.empty(), store.fetch(Table.TOKENS, byKey(Table.TOKENS, record)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = Table.class,
        names = {"TOKENS", "REFRESH_TOKENS"})
    @DisplayName(
        "removing by an indexed field removes every match, returns the count, keeps the rest")
    void removeByIndexedField(Table table) {
      String family = SampleRecords.newHash();
      List<Record> matches = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Record record =
            table == Table.TOKENS
                ? SampleRecords.token(SampleRecords.newHash(), "bob", "client-1", family)
                : SampleRecords.refreshToken(SampleRecords.newHash(), "bob", "client-1", family);
        store.store(table, record);
        matches.add(record);
      }
      Record other = SampleRecords.of(table);
      store.store(table, other);

      assertEquals(5, store.remove(table, Query.where(Table.FAMILY, family)));
      for (Record record : matches) {
        assertEquals(Optional.empty(), store.fetch(table, byKey(table, record)));
      }
      assertEquals(Optional.empty(), store.fetch(table, Query.where(Table.FAMILY, family)));
      assertEquals(Optional.of(other), store.fetch(table, byKey(table, other)));
    }

    @Test
    @DisplayName("removing by user and client removes only that client's tokens of that user")
    void removeByUserAndClient() {
      store.store(Table.TOKENS, SampleRecords.token(SampleRecords.newHash(), "carol", "c1", "f1"));
      store.store(Table.TOKENS, SampleRecords.token(SampleRecords.newHash(), "carol", "c1", "f2"));
      Record kept = SampleRecords.token(SampleRecords.newHash(), "carol", "c2", "f3");
      store.store(Table.TOKENS, kept);
      Query query = Query.where(Table.USER_ID, "carol").and(Table.CLIENT_ID, "c1");
      assertEquals(2, store.remove(Table.TOKENS, query));
      assertEquals(
          Optional.of(kept), store.fetch(Table.TOKENS, Query.where(Table.USER_ID, "carol")));
    }

    @Test
    @DisplayName("removing what is not there returns 0")
    void removeNothing() {
      assertEquals(
          0, store.remove(Table.TOKENS, Query.where(Table.FAMILY, SampleRecords.newHash())));
      assertEquals(
          0, store.remove(Table.APPLICATIONS, Query.where(Table.CLIENT_ID, "no-such-client")));
    }

    @Test
    @DisplayName("a removed key can be stored again")
    void storeAfterRemove() {
      Record record = SampleRecords.of(Table.APPLICATIONS);
      store.store(Table.APPLICATIONS, record);
      store.remove(Table.APPLICATIONS, byKey(Table.APPLICATIONS, record));
      store.store(Table.APPLICATIONS, record);
      assertEquals(
          Optional.of(record), store.fetch(Table.APPLICATIONS, byKey(Table.APPLICATIONS, record)));
    }
  }

  @Nested
  @DisplayName("fetching several records at once")
  class FetchingSeveral {

    @Test
    @DisplayName("fetchAll answers each query as fetch would, in the order asked")
    void answersInOrder() {
      Record first = SampleRecords.of(Table.REVOCATIONS);
      Record second = SampleRecords.of(Table.REVOCATIONS);
      Record expired =
          SampleRecords.of(Table.REVOCATIONS).with(Table.EXPIRES_AT, SampleRecords.now() - 1_000);
      store.store(Table.REVOCATIONS, first);
      store.store(Table.REVOCATIONS, second);
      store.store(Table.REVOCATIONS, expired);
      Query missing = Query.where(Table.SUBJECT, "user:" + SampleRecords.newHash());
      List<Query> queries =
          List.of(
              byKey(Table.REVOCATIONS, second),
              missing,
              byKey(Table.REVOCATIONS, expired),
              byKey(Table.REVOCATIONS, first),
              byKey(Table.REVOCATIONS, second));
      assertEquals(
          List.of(
              Optional.of(second),
              Optional.empty(),
              Optional.empty(),
              Optional.of(first),
              Optional.of(second)),
          store.fetchAll(Table.REVOCATIONS, queries));
    }

    @Test
    @DisplayName("fetchAll takes queries through indexes and of more than one field too")
    void indexedAndCombinedQueries() {
      Record token = SampleRecords.of(Table.TOKENS);
      store.store(Table.TOKENS, token);
      Query byUser = Query.where(Table.USER_ID, token.fields().get(Table.USER_ID));
      Query byKeyAndOtherClient =
          byKey(Table.TOKENS, token)
              .and(Table.CLIENT_ID, "not-" + token.fields().get(Table.CLIENT_ID));
      assertEquals(
          List.of(Optional.of(token), Optional.empty(), Optional.of(token)),
          store.fetchAll(
              Table.TOKENS, List.of(byUser, byKeyAndOtherClient, byKey(Table.TOKENS, token))));
    }

    @Test
    @DisplayName("fetchAll of no queries is an empty list, and a bad query is refused")
    void emptyAndBadQueries() {
      assertEquals(List.of(), store.fetchAll(Table.TOKENS, List.of()));
      Proauth2Exception refused =
          assertThrows(
              Proauth2Exception.class,
              () -> store.fetchAll(Table.TOKENS, List.of(Query.where(Table.SCOPE, "read"))));
      assertEquals(Proauth2Exception.INVALID_REQUEST, refused.error());
    }
  }

  @Nested
  @DisplayName("expiry")
  class Expiry {

    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = Table.class,
        names = {"NONCE_CODES", "TOKENS", "REFRESH_TOKENS", "REVOCATIONS"})
    @DisplayName("a record whose expires_at has passed is never returned, by fetch or take")
    void expiredIsNotReturned(Table table) {
      Record record = SampleRecords.of(table).with(Table.EXPIRES_AT, SampleRecords.now() - 1_000);
      store.store(table, record);
      assertEquals(Optional.empty(), store.fetch(table, byKey(table, record)));
      assertEquals(Optional.empty(), store.take(table, byKey(table, record)));
      for (String field : table.indexedFields()) {
        Query byIndex = Query.where(field, record.fields().get(field));
        assertEquals(Optional.empty(), store.fetch(table, byIndex), "by " + field);
      }
    }

    @Test
    @DisplayName("a record that expires while stored stops being returned")
    void expiresWhileStored() throws InterruptedException {
      Record record =
          SampleRecords.of(Table.TOKENS).with(Table.EXPIRES_AT, SampleRecords.now() + 300);
      store.store(Table.TOKENS, record);
      assertTrue(store.fetch(Table.TOKENS, byKey(Table.TOKENS, record)).isPresent());
      Thread.sleep(1_100);
      assertEquals(Optional.empty(), store.fetch(Table.TOKENS, byKey(Table.TOKENS, record)));
    }

    @Test
    @DisplayName("an expired key does not block storing a new record under it")
    void expiredKeyCanBeReused() {
      Record expired =
          SampleRecords.of(Table.TOKENS).with(Table.EXPIRES_AT, SampleRecords.now() - 1_000);
      store.store(Table.TOKENS, expired);
      Record fresh = expired.with(Table.EXPIRES_AT, SampleRecords.now() + SampleRecords.HOUR);
      store.store(Table.TOKENS, fresh);
      assertEquals(Optional.of(fresh), store.fetch(Table.TOKENS, byKey(Table.TOKENS, fresh)));
    }
  }

  @Nested
  @DisplayName("take")
  class Take {

    @Test
    @DisplayName("take returns the record and removes it; a second take gets nothing")
    void takeOnce() {
      Record code = SampleRecords.of(Table.NONCE_CODES);
      store.store(Table.NONCE_CODES, code);
      assertEquals(
          Optional.of(code), store.take(Table.NONCE_CODES, byKey(Table.NONCE_CODES, code)));
      assertEquals(Optional.empty(), store.take(Table.NONCE_CODES, byKey(Table.NONCE_CODES, code)));
      assertEquals(
          Optional.empty(), store.fetch(Table.NONCE_CODES, byKey(Table.NONCE_CODES, code)));
    }

    @Test
    @DisplayName("take of a key that does not exist gets nothing and changes nothing")
    void takeMissing() {
      Record other = SampleRecords.of(Table.NONCE_CODES);
      store.store(Table.NONCE_CODES, other);
      Query missing = Query.where(Table.CODE_HASH, SampleRecords.newHash());
      assertEquals(Optional.empty(), store.take(Table.NONCE_CODES, missing));
      assertEquals(
          Optional.of(other), store.fetch(Table.NONCE_CODES, byKey(Table.NONCE_CODES, other)));
    }

    @Test
    @DisplayName("take with a condition that does not match leaves the record in place")
    void takeWithMismatch() {
      Record token = SampleRecords.token(SampleRecords.newHash(), "dave", "client-1", "f");
      store.store(Table.TOKENS, token);
      Query wrongClient = byKey(Table.TOKENS, token).and(Table.CLIENT_ID, "client-2");
      assertEquals(Optional.empty(), store.take(Table.TOKENS, wrongClient));
      assertEquals(Optional.of(token), store.fetch(Table.TOKENS, byKey(Table.TOKENS, token)));
    }

    @Test
    @DisplayName("take is exactly-once: 64 threads taking the same 200 keys get each record once")
    void exactlyOnceUnderContention() throws Exception {
      List<Record> codes = new ArrayList<>();
      for (int i = 0; i < RACED_KEYS; i++) {
        Record code = SampleRecords.of(Table.NONCE_CODES);
        store.store(Table.NONCE_CODES, code);
        codes.add(code);
      }
      Map<Object, AtomicInteger> takenCount = new ConcurrentHashMap<>();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService threads = Executors.newFixedThreadPool(RACING_THREADS);
      try {
        List<Future<?>> racers = new ArrayList<>();
        for (int t = 0; t < RACING_THREADS; t++) {
          racers.add(
              threads.submit(
                  () -> {
                    start.await();
                    for (Record code : codes) {
                      store
                          .take(Table.NONCE_CODES, byKey(Table.NONCE_CODES, code))
                          .ifPresent(
                              taken ->
                                  takenCount
                                      .computeIfAbsent(
                                          taken.fields().get(Table.CODE_HASH),
                                          k -> new AtomicInteger())
                                      .incrementAndGet());
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> racer : racers) {
          racer.get(2, TimeUnit.MINUTES);
        }
      } finally {
        threads.shutdownNow();
      }
      assertEquals(RACED_KEYS, takenCount.size(), "every record was taken");
      takenCount.forEach((key, count) -> assertEquals(1, count.get(), "taken once: " + key));
    }
  }

  @Nested
  @DisplayName("closing")
  class Closing {

    @Test
    @DisplayName("after close, every call throws IllegalStateException")
    void callsAfterClose() {
      Record record = SampleRecords.of(Table.TOKENS);
      store.store(Table.TOKENS, record);
      store.close();
      Query query = byKey(Table.TOKENS, record);
      assertThrows(IllegalStateException.class, () -> store.fetch(Table.TOKENS, query));
      assertThrows(IllegalStateException.class, () -> store.take(Table.TOKENS, query));
      assertThrows(IllegalStateException.class, () -> store.remove(Table.TOKENS, query));
      assertThrows(
          IllegalStateException.class,
          () -> store.store(Table.TOKENS, SampleRecords.of(Table.TOKENS)));
    }

    @Test
    @DisplayName("closing twice is harmless")
    void closeTwice() {
      store.close();
      assertDoesNotThrow(store::close);
    }
  }
}

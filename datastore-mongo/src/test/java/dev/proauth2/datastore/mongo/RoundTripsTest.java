package dev.proauth2.datastore.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DuplicateKeyException;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Counts the commands each store operation sends, with the driver's own {@link CommandListener}:
 * one command is one round trip to the server.
 */
@DisplayName("round trips per operation, counted by a driver CommandListener")
class RoundTripsTest {

  private static final System.Logger LOG = System.getLogger(RoundTripsTest.class.getName());
  private static final Map<String, List<String>> FIGURES =
      Collections.synchronizedMap(new TreeMap<>());

  private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
  private final TestMongoDB mongo = TestMongoDB.get();
  private DataStore store;
  private List<String> openCommands;

  @BeforeEach
  void open() {
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            commands.add(event.getCommandName());
          }
        };
    DataStoreConfig config = DataStoreConfig.parse(mongo.uri(mongo.newDatabase()));
    store = MongoDataStoreProvider.open(config, settings -> settings.addCommandListener(listener));
    openCommands = List.copyOf(commands);
    FIGURES.put("open (index creation)", openCommands);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @AfterAll
  static void report() {
    StringBuilder table = new StringBuilder("commands sent per DataStore operation:");
    FIGURES.forEach(
        (operation, sent) ->
            table.append(String.format("%n  %-45s %d %s", operation, sent.size(), sent)));
    LOG.log(Level.INFO, table.toString());
  }

  /** The commands that one operation sent, recorded under its name for the summary. */
  private List<String> count(String operation, Runnable call) {
    commands.clear();
    call.run();
    List<String> sent = List.copyOf(commands);
    FIGURES.put(operation, sent);
    return sent;
  }

  private static Query byKey(Table table, Record record) {
    return Query.where(table.keyField(), record.fields().get(table.keyField()));
  }

  private Record storedToken() {
    Record token = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
    store.store(Table.TOKENS, token);
    return token;
  }

  @Test
  @DisplayName("fetch by key is one command")
  void fetchByKey() {
    Record token = storedToken();
    assertEquals(
        List.of("find"),
        count("fetch by key", () -> store.fetch(Table.TOKENS, byKey(Table.TOKENS, token))));
    assertEquals(
        List.of("find"),
        count(
            "fetch by key, not found",
            () -> store.fetch(Table.TOKENS, Query.where(Table.TOKEN_HASH, "missing"))));
  }

  @Test
  @DisplayName("fetch by an indexed field is one command")
  void fetchByIndexedField() {
    storedToken();
    assertEquals(
        List.of("find"),
        count(
            "fetch by indexed field (family)",
            () -> store.fetch(Table.TOKENS, Query.where(Table.FAMILY, "family"))));
  }

  @Test
  @DisplayName("store is one command, for an expiring record and for an application")
  void store() {
    Record token = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
    assertEquals(
        List.of("update"), count("store (expiring table)", () -> store.store(Table.TOKENS, token)));
    Record application = Samples.application("client-rt", Samples.newSecret());
    assertEquals(
        List.of("insert"),
        count("store (applications)", () -> store.store(Table.APPLICATIONS, application)));
  }

  @Test
  @DisplayName("a store over a live key is one command that ends in DuplicateKeyException")
  void storeDuplicate() {
    Record token = storedToken();
    assertEquals(
        List.of("update"),
        count(
            "store, duplicate key",
            () ->
                assertThrows(DuplicateKeyException.class, () -> store.store(Table.TOKENS, token))));
  }

  @Test
  @DisplayName("a store over an expired key is one command")
  void storeOverExpired() {
    Record expired =
        Samples.token(Table.TOKENS, Samples.newSecret(), "family")
            .with(Table.EXPIRES_AT, System.currentTimeMillis() - 1_000);
    store.store(Table.TOKENS, expired);
    Record fresh = expired.with(Table.EXPIRES_AT, System.currentTimeMillis() + Samples.HOUR);
    assertEquals(
        List.of("update"),
        count("store over an expired key", () -> store.store(Table.TOKENS, fresh)));
  }

  @Test
  @DisplayName("take is one command")
  void take() {
    Record code = Samples.code(Samples.newSecret());
    store.store(Table.NONCE_CODES, code);
    assertEquals(
        List.of("findAndModify"),
        count("take by key", () -> store.take(Table.NONCE_CODES, byKey(Table.NONCE_CODES, code))));
    assertEquals(
        List.of("findAndModify"),
        count(
            "take by key, not found",
            () -> store.take(Table.NONCE_CODES, byKey(Table.NONCE_CODES, code))));
  }

  @Test
  @DisplayName("remove is one command, by key or by indexed field")
  void remove() {
    Record token = storedToken();
    storedToken();
    assertEquals(
        List.of("delete"),
        count("remove by key", () -> store.remove(Table.TOKENS, byKey(Table.TOKENS, token))));
    assertEquals(
        List.of("delete"),
        count(
            "remove by indexed field (family)",
            () -> store.remove(Table.TOKENS, Query.where(Table.FAMILY, "family"))));
  }

  @Test
  @DisplayName("opening a store creates the indexes with one command per collection that has any")
  void openingCreatesIndexes() {
    long collectionsWithIndexes =
        java.util.Arrays.stream(dev.proauth2.spi.Table.values())
            .filter(table -> table.expires() || !table.indexedFields().isEmpty())
            .count();
    assertEquals(collectionsWithIndexes, openCommands.size());
    assertTrue(openCommands.stream().allMatch("createIndexes"::equals), openCommands.toString());
  }
}

package dev.proauth2.datastore.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Counts the commands each store method sends, with the driver's own {@link CommandListener}: one
 * command is one round trip to the server. Each test also checks what the call returned, so a count
 * is of a call that did its work.
 */
@DisplayName("round trips per store method, counted by a driver CommandListener")
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
    StringBuilder table = new StringBuilder("commands sent per DataStore method:");
    FIGURES.forEach(
        (operation, sent) ->
            table.append(String.format("%n  %-32s %d %s", operation, sent.size(), sent)));
    LOG.log(Level.INFO, table.toString());
  }

  /** Runs one call and records, under its name, the commands it sent. */
  private <T> T count(String operation, List<String> expected, Supplier<T> call) {
    commands.clear();
    T result = call.get();
    List<String> sent = List.copyOf(commands);
    FIGURES.put(operation, sent);
    assertEquals(expected, sent, operation);
    return result;
  }

  private static String key(Record token) {
    return token.string(Table.TOKEN_HASH).orElseThrow();
  }

  private Record putToken(String family) {
    Record token = Samples.token(Table.TOKENS, Samples.newSecret(), family);
    store.put(Table.TOKENS, token);
    return token;
  }

  @Test
  @DisplayName("fetch is one find, whether the key is there or not")
  void fetch() {
    Record token = putToken("family");
    assertEquals(
        Optional.of(token),
        count("fetch", List.of("find"), () -> store.fetch(Table.TOKENS, key(token))));
    assertEquals(
        Optional.empty(),
        count("fetch, not found", List.of("find"), () -> store.fetch(Table.TOKENS, "missing")));
  }

  @Test
  @DisplayName("put is one findAndModify: new key, replacement, over an expired record")
  void put() {
    Record token = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
    assertEquals(
        Optional.empty(),
        count("put, new key", List.of("findAndModify"), () -> store.put(Table.TOKENS, token)));
    Record replacement = token.with(Table.SCOPE, "read");
    assertEquals(
        Optional.of(token),
        count(
            "put, replacing",
            List.of("findAndModify"),
            () -> store.put(Table.TOKENS, replacement)));
    Record expired = Samples.expired(Samples.token(Table.TOKENS, Samples.newSecret(), "family"));
    store.put(Table.TOKENS, expired);
    assertEquals(
        Optional.empty(),
        count(
            "put, over an expired record",
            List.of("findAndModify"),
            () -> store.put(Table.TOKENS, expired.with(Table.EXPIRES_AT, Samples.inAnHour()))));
    Record application = Samples.application("client-rt", Samples.newSecret());
    assertEquals(
        Optional.empty(),
        count(
            "put, application",
            List.of("findAndModify"),
            () -> store.put(Table.APPLICATIONS, application)));
  }

  @Test
  @DisplayName(
      "replace is one findAndModify: replacing, key absent, over an expired record, an"
          + " application")
  void replace() {
    Record token = putToken("family");
    Record tombstone = token.with(Table.SCOPE, "read");
    assertEquals(
        Optional.of(token),
        count(
            "replace, replacing",
            List.of("findAndModify"),
            () -> store.replace(Table.TOKENS, tombstone)));
    Record absent = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
    assertEquals(
        Optional.empty(),
        count(
            "replace, key absent",
            List.of("findAndModify"),
            () -> store.replace(Table.TOKENS, absent)));
    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key(absent)));
    Record expired = Samples.expired(Samples.token(Table.TOKENS, Samples.newSecret(), "family"));
    store.put(Table.TOKENS, expired);
    assertEquals(
        Optional.empty(),
        count(
            "replace, over an expired record",
            List.of("findAndModify"),
            () -> store.replace(Table.TOKENS, expired.with(Table.EXPIRES_AT, Samples.inAnHour()))));
    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key(expired)));
    Record application = Samples.application("client-rt", Samples.newSecret());
    store.put(Table.APPLICATIONS, application);
    Record renamed = application.with(Table.NAME, "renamed");
    assertEquals(
        Optional.of(application),
        count(
            "replace, application",
            List.of("findAndModify"),
            () -> store.replace(Table.APPLICATIONS, renamed)));
  }

  @Test
  @DisplayName("remove is one findAndModify, whether the key is there or not")
  void remove() {
    Record token = putToken("family");
    assertTrue(
        count("remove", List.of("findAndModify"), () -> store.remove(Table.TOKENS, key(token))));
    assertFalse(
        count(
            "remove, not found",
            List.of("findAndModify"),
            () -> store.remove(Table.TOKENS, key(token))));
  }

  @Test
  @DisplayName("removeAll is one delete, however many records match")
  void removeAll() {
    for (int i = 0; i < 5; i++) {
      putToken("family");
    }
    assertEquals(
        5L,
        count(
            "removeAll (5 records)",
            List.of("delete"),
            () -> store.removeAll(Table.TOKENS, Table.FAMILY, "family")));
  }

  @Test
  @DisplayName("opening a store creates the indexes with one command per collection that has any")
  void openingCreatesIndexes() {
    long collectionsWithIndexes =
        Arrays.stream(Table.values())
            .filter(table -> table.expires() || !table.indexedFields().isEmpty())
            .count();
    assertEquals(collectionsWithIndexes, openCommands.size());
    assertTrue(openCommands.stream().allMatch("createIndexes"::equals), openCommands.toString());
  }
}

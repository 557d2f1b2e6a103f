package dev.proauth2.datastore.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.MongoCommandException;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import de.bwaldvogel.mongo.exception.MongoServerError;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How {@code put} ends when another upsert of the same absent key wins: MongoDB runs both upserts'
 * searches, finds nothing for either, and the second insert fails with duplicate key error 11000.
 * The emulator serialises commands and cannot race, so an emulator of this test's own answers
 * {@code findAndModify} with the errors a racing server would send.
 */
@DisplayName("put after losing an upsert race")
class MongoPutRaceTest {

  private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
  private FailingBackend backend;
  private InProcessMongo server;
  private DataStore store;

  @BeforeEach
  void open() {
    backend = new FailingBackend("findAndModify");
    server = InProcessMongo.start(backend);
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            commands.add(event.getCommandName());
          }
        };
    DataStoreConfig config = DataStoreConfig.parse(server.uri() + "/race");
    store = MongoDataStoreProvider.open(config, settings -> settings.addCommandListener(listener));
  }

  @AfterEach
  void close() {
    store.close();
    server.close();
  }

  private static DuplicateKeyError duplicateKey() {
    return new DuplicateKeyError("race.tokens", "E11000 duplicate key error index: _id_");
  }

  @Test
  @DisplayName(
      "a duplicate key error is retried once, and the put returns the record the winner inserted")
  void retriedOnce() {
    Record winner = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
    Record loser = winner.with(Table.SCOPE, "read");
    assertEquals(Optional.empty(), store.put(Table.TOKENS, winner));
    backend.failNext(duplicateKey());
    commands.clear();

    assertEquals(Optional.of(winner), store.put(Table.TOKENS, loser));
    assertEquals(List.of("findAndModify", "findAndModify"), commands);
    assertEquals(
        Optional.of(loser), store.fetch(Table.TOKENS, loser.string(Table.TOKEN_HASH).get()));
  }

  @Test
  @DisplayName("a second duplicate key error is not retried: the put fails as unavailable")
  void notRetriedTwice() {
    Record record = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
    backend.failNext(duplicateKey());
    backend.failNext(duplicateKey());
    commands.clear();

    DataStoreUnavailableException failed =
        assertThrows(DataStoreUnavailableException.class, () -> store.put(Table.TOKENS, record));
    assertEquals(List.of("findAndModify", "findAndModify"), commands);
    assertEquals(11000, assertInstanceOf(MongoCommandException.class, failed.getCause()).getCode());
  }

  @Test
  @DisplayName("any other error is not retried")
  void otherErrorsNotRetried() {
    Record record = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
    backend.failNext(new MongoServerError(2, "BadValue", "refused by the test"));
    commands.clear();

    assertThrows(DataStoreUnavailableException.class, () -> store.put(Table.TOKENS, record));
    assertEquals(List.of("findAndModify"), commands);
    assertEquals(
        Optional.empty(), store.fetch(Table.TOKENS, record.string(Table.TOKEN_HASH).get()));
  }
}

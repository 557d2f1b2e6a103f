package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Races {@code removeAll} deterministically: a command listener runs a put through a second store
 * on the same prefix just before removeAll sends its first compare-and-delete, that is, after it
 * has scanned the index and read the records.
 */
@DisplayName("removeAll racing a put")
class RedisRemoveAllRaceTest {

  private final String prefix = TestRedis.newPrefix();
  private final AtomicReference<Runnable> beforeFirstDelete = new AtomicReference<>();
  private DataStore store;
  private DataStore other;

  @BeforeEach
  void open() {
    String config = TestRedis.standalone().configString(prefix, "timeout=10s");
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            if (event.getCommand().getType().toString().equals("EVAL")) {
              Runnable put = beforeFirstDelete.getAndSet(null);
              if (put != null) {
                put.run();
              }
            }
          }
        };
    store = RedisSettings.builder(DataStoreConfig.parse(config)).listener(listener).build();
    other = TestRedis.open(config);
  }

  @AfterEach
  void close() {
    store.close();
    other.close();
  }

  @Test
  @DisplayName("a record put again between removeAll's read and its delete is still removed")
  void recordChangedMeanwhile() {
    Record token = RedisSampleRecords.token("rupert", "family-1");
    store.put(Table.TOKENS, token);
    beforeFirstDelete.set(() -> other.put(Table.TOKENS, token.with(Table.SCOPE, "write")));

    assertEquals(1, store.removeAll(Table.TOKENS, Table.FAMILY, "family-1"));
    assertNull(beforeFirstDelete.get(), "the put ran between the read and the delete");
    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key(token)));
  }

  @Test
  @DisplayName("a record put under the value before removeAll deleted anything is removed too")
  void recordAddedMeanwhile() {
    Record first = RedisSampleRecords.token("rupert", "family-2");
    Record second = RedisSampleRecords.token("rupert", "family-2");
    store.put(Table.TOKENS, first);
    beforeFirstDelete.set(() -> other.put(Table.TOKENS, second));

    assertEquals(2, store.removeAll(Table.TOKENS, Table.FAMILY, "family-2"));
    assertNull(beforeFirstDelete.get(), "the put ran after the index was scanned");
    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key(first)));
    assertEquals(Optional.empty(), store.fetch(Table.TOKENS, key(second)));
  }

  private static String key(Record token) {
    return token.string(Table.TOKEN_HASH).orElseThrow();
  }
}

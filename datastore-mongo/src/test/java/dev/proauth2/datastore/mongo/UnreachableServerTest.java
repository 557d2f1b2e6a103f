package dev.proauth2.datastore.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoException;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A server that goes away, and comes back. These tests always use an in-process emulator of their
 * own, whatever {@link TestMongoDB} found, because they stop and restart it.
 */
@DisplayName("a server that cannot be reached")
class UnreachableServerTest {

  /** Far above the 2 s server selection timeout: this bounds the wait, it does not time it. */
  private static final Duration GENEROUS = Duration.ofSeconds(20);

  private static final System.Logger LOG = System.getLogger(UnreachableServerTest.class.getName());

  private static String key(Record token) {
    return token.string(Table.TOKEN_HASH).orElseThrow();
  }

  private static DataStoreUnavailableException assertUnavailable(Executable call) {
    long start = System.nanoTime();
    DataStoreUnavailableException unavailable =
        assertThrows(DataStoreUnavailableException.class, call);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(waited.compareTo(GENEROUS) < 0, "waited " + waited);
    LOG.log(
        Level.INFO,
        "DataStoreUnavailableException after {0} ms: {1}",
        waited.toMillis(),
        unavailable.description());
    assertEquals(Proauth2Exception.TEMPORARILY_UNAVAILABLE, unavailable.error());
    assertInstanceOf(MongoException.class, unavailable.getCause());
    return unavailable;
  }

  @Test
  @DisplayName(
      "every call fails with DataStoreUnavailableException while it is down, and the same store"
          + " works again once it is back")
  void failsThenRecovers() throws InterruptedException {
    InProcessMongo server = InProcessMongo.start();
    int port = server.port();
    try (DataStore store =
        new MongoDataStoreProvider().open(DataStoreConfig.parse(server.uri() + "/recovery"))) {
      Record before = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
      store.put(Table.TOKENS, before);
      assertEquals(Optional.of(before), store.fetch(Table.TOKENS, key(before)));

      server.close();
      Record during = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
      assertUnavailable(() -> store.fetch(Table.TOKENS, key(before)));
      assertUnavailable(() -> store.put(Table.TOKENS, during));
      assertUnavailable(() -> store.remove(Table.TOKENS, key(before)));
      assertUnavailable(() -> store.removeAll(Table.TOKENS, Table.FAMILY, "family"));

      InProcessMongo restarted = InProcessMongo.startOn(port);
      try {
        Record after = Samples.token(Table.TOKENS, Samples.newSecret(), "family");
        assertEquals(Optional.empty(), store.put(Table.TOKENS, after));
        assertEquals(Optional.of(after), store.fetch(Table.TOKENS, key(after)));
        assertTrue(store.remove(Table.TOKENS, key(after)));
      } finally {
        restarted.close();
      }
    } finally {
      server.close();
    }
  }

  @Test
  @DisplayName(
      "opening a store with nothing listening fails with DataStoreUnavailableException that shows"
          + " no password")
  void openFailsWithoutCredentialsInMessage() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String password = "pr0auth2-Sup3r-s3cret";
    String uri =
        "mongodb://proauth2:"
            + password
            + "@127.0.0.1:"
            + port
            + "/proauth2?serverSelectionTimeoutMS=300";

    DataStoreUnavailableException unavailable =
        assertUnavailable(() -> new MongoDataStoreProvider().open(DataStoreConfig.parse(uri)));
    for (Throwable cause = unavailable; cause != null; cause = cause.getCause()) {
      assertFalse(String.valueOf(cause.getMessage()).contains(password), cause.toString());
      assertFalse(cause.toString().contains(password), cause.toString());
    }
  }
}

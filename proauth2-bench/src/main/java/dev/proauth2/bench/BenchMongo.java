package dev.proauth2.bench;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.proauth2.DataStores;
import dev.proauth2.spi.DataStore;
import java.lang.reflect.Field;
import java.util.UUID;

/**
 * The MongoDB the benchmarks run on: the one named by the system property {@value #PROPERTY} (which
 * {@link Main} sets for its forks), else the in-process wire-protocol emulator {@code
 * mongo-java-server} with its memory backend. The emulator is not MongoDB: it serialises every
 * command and keeps no secondary indexes, so its figures say what the driver and the store cost,
 * not what a MongoDB server would.
 */
final class BenchMongo {

  /** The system property that names a running MongoDB, as {@code mongodb://127.0.0.1:27017}. */
  static final String PROPERTY = "proauth2.bench.mongodb";

  private static String uri;

  private BenchMongo() {}

  /** The connection string of the server to use, starting an emulator on first use if none. */
  static synchronized String uri() {
    if (uri == null) {
      String named = System.getProperty(PROPERTY);
      uri = named != null && !named.isBlank() ? named : startEmulator();
    }
    return uri;
  }

  /** Starts the emulator on a free loopback port, in this JVM, and answers its URI. */
  static String startEmulator() {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "bench-mongo-stop"));
    return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
  }

  /** A new database name. */
  static String newDatabase() {
    return "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** A store on a database of its own. */
  static DataStore openStore(String database) {
    return DataStores.open(uri() + "/" + database);
  }

  /**
   * The store's own {@code MongoClient}, reached by reflection because the store does not expose
   * it: a floor measured on it shares the store's connection pool.
   */
  static MongoClient clientOf(DataStore store) {
    try {
      Field field = store.getClass().getDeclaredField("client");
      field.setAccessible(true);
      return (MongoClient) field.get(store);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "the MongoDB store no longer keeps its client in a field 'client'; update BenchMongo", e);
    }
  }
}

package dev.proauth2.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.proauth2.datastore.mongo.MongoDataStores;
import dev.proauth2.spi.DataStore;
import java.util.UUID;

/**
 * The MongoDB the benchmarks run on: the one named by the system property {@value #PROPERTY} (which
 * {@link Main} sets for its forks), else the in-process wire-protocol emulator {@code
 * mongo-java-server} with its memory backend. The emulator is not MongoDB: it serialises every
 * command and keeps no secondary indexes, so its figures say what the driver and the store cost,
 * not what a MongoDB server would.
 *
 * <p>Every store of a JVM is opened on one {@code MongoClient} of the benchmark's own, through the
 * store's public {@link MongoDataStores#builder}, and the floors use that client: a floor measured
 * on it shares the stores' connection pool.
 */
final class BenchMongo {

  /** The system property that names a running MongoDB, as {@code mongodb://127.0.0.1:27017}. */
  static final String PROPERTY = "proauth2.bench.mongodb";

  private static String uri;
  private static MongoClient client;

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

  /** A store on a database of its own, on this JVM's client; closing it leaves the client open. */
  static DataStore openStore(String database) {
    return MongoDataStores.builder(client(), database).build();
  }

  /**
   * This JVM's client of the server, which every store and floor uses, created on first use and
   * closed when the JVM exits.
   */
  static synchronized MongoClient client() {
    if (client == null) {
      MongoClient created = MongoClients.create(uri());
      Runtime.getRuntime().addShutdownHook(new Thread(created::close, "bench-mongo-client-close"));
      client = created;
    }
    return client;
  }
}

package dev.proauth2.datastore.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The wire-protocol emulator {@code mongo-java-server} with its memory backend, listening on
 * loopback. It is not a MongoDB: it answers the commands this store sends, but has no TTL monitor
 * and keeps no secondary indexes (see the module README).
 */
final class InProcessMongo implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final long REBIND_PATIENCE_MILLIS = 10_000;

  private final MongoServer server;
  private final int port;

  private InProcessMongo(MongoServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts an emulator on a free port. */
  static InProcessMongo start() {
    return start(new MemoryBackend());
  }

  /** Starts an emulator with a backend of the test's own, such as one that injects errors. */
  static InProcessMongo start(MemoryBackend backend) {
    MongoServer server = new MongoServer(backend);
    server.bind(HOST, 0);
    return new InProcessMongo(server, server.getLocalAddress().getPort());
  }

  /**
   * Starts an emulator on a given port, as a restarted server would be; retries for a while when
   * the port is still held by the previous one's closing connections.
   */
  static InProcessMongo startOn(int port) throws InterruptedException {
    long deadline = System.currentTimeMillis() + REBIND_PATIENCE_MILLIS;
    while (true) {
      MongoServer server = new MongoServer(new MemoryBackend());
      try {
        server.bind(HOST, port);
        return new InProcessMongo(server, port);
      } catch (RuntimeException e) {
        server.shutdownNow();
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** What to call this backend in a test log. */
  static String describe() {
    String version = MongoServer.class.getPackage().getImplementationVersion();
    return "mongo-java-server"
        + (version == null ? "" : " " + version)
        + " with its memory backend, in process: an EMULATOR of the MongoDB wire protocol, not a"
        + " real MongoDB";
  }

  int port() {
    return port;
  }

  /** The connection string of this server, without a database. */
  String uri() {
    return "mongodb://" + HOST + ":" + port;
  }

  /** Stops listening and drops every connection, as a crashed server would. */
  @Override
  public void close() {
    server.shutdownNow();
  }
}

package dev.proauth2.datastore.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The MongoDB that this module's tests run against, found once per test JVM in this order:
 *
 * <ol>
 *   <li>the connection string in the environment variable {@value #URI_VARIABLE};
 *   <li>else, when a Docker engine answers, a Testcontainers {@value #IMAGE} container (a
 *       single-node replica set);
 *   <li>else the in-process emulator {@code mongo-java-server} on a free port.
 * </ol>
 *
 * <p>The log says which one ran. Every {@link #newStore()} gets a database of its own, so tests
 * never see each other's records; the databases made on a server outside this JVM are dropped when
 * the JVM exits. Any contract test of this module extends a testkit contract and returns {@code
 * TestMongoDB.get().newStore()} from its hook.
 */
final class TestMongoDB {

  /** The environment variable that names a MongoDB to test against. */
  static final String URI_VARIABLE = "PROAUTH2_TEST_MONGODB_URI";

  /** The image the Testcontainers branch runs. */
  static final String IMAGE = "mongo:7";

  private static final System.Logger LOG = System.getLogger(TestMongoDB.class.getName());
  private static TestMongoDB instance;

  /** Where the server came from. */
  enum Backend {
    ENVIRONMENT,
    CONTAINER,
    EMULATOR
  }

  private final Backend backend;
  private final String baseUri;
  private final String description;
  private final MongoClient rawClient;
  private final List<String> databases = new CopyOnWriteArrayList<>();

  private TestMongoDB(Backend backend, String baseUri, String description) {
    this.backend = backend;
    this.baseUri = baseUri;
    this.description = description;
    this.rawClient = MongoClients.create(baseUri);
  }

  /** The server for this JVM, found and started on first use. */
  static synchronized TestMongoDB get() {
    if (instance == null) {
      instance = find();
      LOG.log(Level.INFO, "MongoDB for the datastore-mongo tests: {0}", instance.description);
      Runtime.getRuntime().addShutdownHook(new Thread(instance::cleanUp, "proauth2-test-mongodb"));
    }
    return instance;
  }

  private static TestMongoDB find() {
    String fromEnvironment = System.getenv(URI_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return new TestMongoDB(
          Backend.ENVIRONMENT,
          fromEnvironment,
          "the server named by "
              + URI_VARIABLE
              + " ("
              + DataStoreConfig.parse(fromEnvironment).redactedUri()
              + ")");
    }
    if (dockerAnswers()) {
      MongoDBContainer container = new MongoDBContainer(IMAGE).withReplicaSet();
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "proauth2-test-mongo-7"));
      return new TestMongoDB(
          Backend.CONTAINER,
          container.getConnectionString(),
          "a Testcontainers "
              + IMAGE
              + " container, single-node replica set, at "
              + container.getConnectionString());
    }
    InProcessMongo emulator = InProcessMongo.start();
    return new TestMongoDB(
        Backend.EMULATOR,
        emulator.uri(),
        InProcessMongo.describe()
            + ", at "
            + emulator.uri()
            + " (set "
            + URI_VARIABLE
            + " or start Docker to test against MongoDB itself)");
  }

  private static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Where the server came from. */
  Backend backend() {
    return backend;
  }

  /** Whether the server is the emulator, which cannot check everything a MongoDB does. */
  boolean isEmulator() {
    return backend == Backend.EMULATOR;
  }

  /** Opens a store on a new, empty database of this server. */
  DataStore newStore() {
    return new MongoDataStoreProvider().open(DataStoreConfig.parse(uri(newDatabase())));
  }

  /** A database name no test has used, remembered so it is dropped at exit. */
  String newDatabase() {
    String database = "proauth2_test_" + UUID.randomUUID().toString().replace("-", "");
    databases.add(database);
    return database;
  }

  /** The server's connection string with the given database as its path. */
  String uri(String database) {
    return withDatabase(baseUri, database);
  }

  /**
   * A client of its own, independent of every store, for reading what the stores wrote. The fixture
   * closes it at exit.
   */
  MongoClient rawClient() {
    return rawClient;
  }

  /**
   * Puts a database into a connection string as its path, keeping its options. Credentials
   * authenticate against the path's database unless {@code authSource} says otherwise, so that
   * source is kept when the path changes.
   */
  static String withDatabase(String uri, String database) {
    int authorityStart = uri.indexOf("://") + 3;
    int questionMark = uri.indexOf('?', authorityStart);
    String beforeOptions = questionMark < 0 ? uri : uri.substring(0, questionMark);
    String options = questionMark < 0 ? "" : uri.substring(questionMark);
    int slash = beforeOptions.indexOf('/', authorityStart);
    String authority = slash < 0 ? beforeOptions : beforeOptions.substring(0, slash);
    String originalDatabase = slash < 0 ? "" : beforeOptions.substring(slash + 1);
    boolean hasCredentials = authority.indexOf('@', authorityStart) >= 0;
    if (hasCredentials && !options.contains("authSource=")) {
      String source = originalDatabase.isEmpty() ? "admin" : originalDatabase;
      String separator = options.isEmpty() ? "?" : options.equals("?") ? "" : "&";
      options += separator + "authSource=" + source;
    }
    return authority + "/" + database + options;
  }

  private void cleanUp() {
    try {
      if (backend == Backend.ENVIRONMENT) {
        for (String database : databases) {
          rawClient.getDatabase(database).drop();
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not drop the test databases", e);
    } finally {
      rawClient.close();
    }
  }
}

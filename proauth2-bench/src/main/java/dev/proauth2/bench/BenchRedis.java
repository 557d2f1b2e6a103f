package dev.proauth2.bench;

import dev.proauth2.DataStores;
import dev.proauth2.spi.DataStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * The Redis the benchmarks run on: the one named by the system property {@value #PROPERTY} (which
 * {@link Main} sets for its forks), else a {@code redis-server} started here from the binary the
 * {@code embedded-redis} jar carries (Redis 6.2), on a free loopback port, without persistence.
 */
final class BenchRedis {

  /** The system property that names a running Redis, as {@code redis://127.0.0.1:6379/0}. */
  static final String PROPERTY = "proauth2.bench.redis";

  private static String uri;

  private BenchRedis() {}

  /** The config string of the Redis to use, starting one on first use if none is named. */
  static synchronized String uri() {
    if (uri == null) {
      String named = System.getProperty(PROPERTY);
      uri = named != null && !named.isBlank() ? named : start().uri();
    }
    return uri;
  }

  /** A store of the engine's own on this Redis, in a key prefix of its own. */
  static DataStore openStore(String prefix) {
    return DataStores.open(uri() + "?prefix=" + prefix + "&timeout=10s");
  }

  /** A plain Lettuce connection to the same Redis, for setup and measurements. */
  static StatefulRedisConnection<String, String> rawConnection(RedisClient client) {
    return client.connect();
  }

  /** A Lettuce client for the same Redis; the caller shuts it down. */
  static RedisClient rawClient() {
    return RedisClient.create(uri());
  }

  /**
   * The command interface of the store's own Lettuce connection, reached by reflection because the
   * store does not expose it: a floor measured on it pays exactly the store's connection costs.
   */
  @SuppressWarnings("unchecked")
  static RedisClusterAsyncCommands<String, String> commandsOf(DataStore store) {
    try {
      Field field = store.getClass().getDeclaredField("redis");
      field.setAccessible(true);
      return (RedisClusterAsyncCommands<String, String>) field.get(store);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "the Redis store no longer keeps its commands in a field 'redis'; update BenchRedis", e);
    }
  }

  /** Waits for one reply, as the store does, with a generous timeout. */
  static <T> T await(CompletionStage<T> reply) {
    try {
      return reply.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Redis did not answer", e);
    }
  }

  /** Starts a {@code redis-server} process; it is stopped when this JVM exits. */
  static Server start() {
    Server server = new Server(freePort());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "bench-redis-stop"));
    return server;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code redis-server} process of the benchmark's own. */
  static final class Server {

    private final int port;
    private final Process process;
    private final String version;

    Server(int port) {
      this.port = port;
      try {
        File binary = ExecutableProvider.newJarResourceProvider().get();
        Path directory = Files.createTempDirectory("proauth2-bench-redis-");
        List<String> command = new ArrayList<>();
        command.add(binary.getAbsolutePath());
        command.addAll(
            List.of(
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", directory.toString()));
        process =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis.log").toFile())
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start redis-server", e);
      }
      this.version = waitUntilAnswering();
    }

    String uri() {
      return "redis://127.0.0.1:" + port + "/0";
    }

    /** The server's {@code redis_version}. */
    String version() {
      return version;
    }

    long pid() {
      return process.pid();
    }

    void stop() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private String waitUntilAnswering() {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (true) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
          socket.setSoTimeout(1000);
          OutputStream out = socket.getOutputStream();
          out.write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          InputStream in = socket.getInputStream();
          byte[] buffer = new byte[8192];
          int read = in.read(buffer);
          String reply = new String(buffer, 0, Math.max(0, read), StandardCharsets.US_ASCII);
          int at = reply.indexOf("redis_version:");
          if (at >= 0) {
            return reply.substring(at + 14, reply.indexOf('\r', at));
          }
        } catch (IOException e) {
          // not up yet
        }
        if (!process.isAlive() || System.nanoTime() > end) {
          throw new IllegalStateException("redis-server on port " + port + " did not start");
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }
}

package dev.proauth2.datastore.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} process, run from the binary that the {@code embedded-redis} jar
 * carries, on a port of its own in a directory of its own. The tests start, stop, pause and restart
 * it on the same port, which no other way of finding a Redis allows.
 */
final class RedisServerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static File binary;

  private final int port;
  private final List<String> arguments;
  private final Path directory;
  private Path configFile;
  private Process process;

  private RedisServerProcess(int port, List<String> arguments) {
    this.port = port;
    this.arguments = List.copyOf(arguments);
    try {
      this.directory = Files.createTempDirectory("proauth2-redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a server on a free port.
   *
   * @param arguments extra {@code redis-server} arguments, such as {@code --cluster-enabled yes}
   */
  static RedisServerProcess launch(String... arguments) {
    return launch(new RedisServerProcess(freePort(), List.of(arguments)));
  }

  /** Starts a Redis Sentinel on a free port that watches the master on {@code masterPort}. */
  static RedisServerProcess launchSentinel(String masterName, int masterPort) {
    RedisServerProcess sentinel = new RedisServerProcess(freePort(), List.of("--sentinel"));
    sentinel.configFile = sentinel.directory.resolve("sentinel.conf");
    try {
      Files.writeString(
          sentinel.configFile,
          "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return launch(sentinel);
  }

  private static RedisServerProcess launch(RedisServerProcess server) {
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-server-" + server.port));
    return server;
  }

  /** Starts the server again, on the same port; answers once it accepts commands. */
  synchronized void start() {
    List<String> command = new ArrayList<>();
    command.add(binary().getAbsolutePath());
    if (configFile != null) {
      command.add(configFile.toString());
    }
    command.addAll(
        List.of(
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", directory.toString()));
    command.addAll(arguments);
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command.get(0), e);
    }
    long end = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try (Jedis jedis = new Jedis("127.0.0.1", port, 1_000)) {
        jedis.ping();
        return;
      } catch (RuntimeException e) {
        if (!process.isAlive() || System.nanoTime() > end) {
          throw new IllegalStateException(
              "redis-server on port " + port + " did not start; see " + directory, e);
        }
        sleep(20);
      }
    }
  }

  /** Stops the server the way a crash or a kill would, and waits until it is gone. */
  synchronized void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Freezes the server (SIGSTOP): connections stay open, but nothing is answered. */
  void pause() {
    signal("-STOP");
  }

  /** Lets a paused server run again (SIGCONT). */
  void resume() {
    signal("-CONT");
  }

  int port() {
    return port;
  }

  /** The config string of this server, without options. */
  String uri() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** A new Jedis client on this server, for the tests' own view of the keys. */
  Jedis jedis() {
    return new Jedis("127.0.0.1", port, 5_000);
  }

  @Override
  public synchronized void close() {
    stop();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private void signal(String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill " + signal + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static synchronized File binary() {
    if (binary == null) {
      try {
        binary = ExecutableProvider.newJarResourceProvider().get();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded-redis carries no redis-server for this OS", e);
      }
    }
    return binary;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.proauth2.datastore.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP relay on loopback that delivers every chunk a fixed delay after it arrived, in each
 * direction, as a network would: chunks sent together arrive together. On it, each round trip a
 * caller waits for costs twice the delay, so counting round trips is reading a stopwatch.
 */
final class LatencyProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final long delayNanos;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  LatencyProxy(int targetPort, long delayMillis) {
    this.targetPort = targetPort;
    this.delayNanos = delayMillis * 1_000_000L;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    daemon(this::accept, "latency-proxy-accept");
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        relay(client, server);
        relay(server, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  /** One direction: a reader that stamps chunks, a writer that sends each when it is due. */
  private void relay(Socket from, Socket to) {
    BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
    daemon(
        () -> {
          byte[] buffer = new byte[64 * 1024];
          try (InputStream in = from.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
              line.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, read)));
            }
          } catch (IOException e) {
            // the other side closed
          } finally {
            line.add(new Chunk(0, null));
          }
        },
        "latency-proxy-read");
    daemon(
        () -> {
          try (OutputStream out = to.getOutputStream()) {
            while (true) {
              Chunk chunk = line.take();
              if (chunk.bytes() == null) {
                return;
              }
              long wait = chunk.due() - System.nanoTime();
              if (wait > 0) {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
              }
              out.write(chunk.bytes());
              out.flush();
            }
          } catch (IOException | InterruptedException e) {
            // the other side closed
          } finally {
            closeQuietly(from);
            closeQuietly(to);
          }
        },
        "latency-proxy-write");
  }

  @Override
  public void close() {
    closeQuietly(listener);
    sockets.forEach(LatencyProxy::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing anyway
    }
  }

  private static void daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private record Chunk(long due, byte[] bytes) {}
}

package dev.proauth2.authmethod.jwt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's key set server on 127.0.0.1, on the JDK's HTTP server, with the misbehaviours a
 * hostile or broken client could arrange: slow, huge, redirecting, wrong. It counts requests per
 * path, so a test can tell whether a URL was fetched.
 */
final class JwksServer implements AutoCloseable {

  /** What a path answers. */
  interface Answer {
    void answer(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "jwks-server");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  JwksServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of a path on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Makes the path answer so. */
  JwksServer on(String path, Answer answer) {
    answers.put(path, answer);
    return this;
  }

  /** Makes the path serve this JSON with 200. */
  JwksServer serve(String path, String json) {
    return on(path, exchange -> send(exchange, 200, json));
  }

  /** How many requests reached the path. */
  int hits(String path) {
    return hits.computeIfAbsent(path, p -> new AtomicInteger()).get();
  }

  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void handle(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    try {
      Answer answer = answers.get(path);
      if (answer == null) {
        send(exchange, 404, "");
      } else {
        answer.answer(exchange);
      }
    } catch (IOException e) {
      // the client went away, as it should from a server that misbehaves
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}

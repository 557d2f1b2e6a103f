package dev.proauth2.example;

import dev.proauth2.testkit.Browser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A demo server started in the test on a free port of 127.0.0.1, its log, and the testkit's {@link
 * Browser} sending to it.
 */
final class RawHttp implements AutoCloseable {

  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  final DemoServer server;
  final String base;

  /** The browser that sends to the server, with its own cookies. */
  final Browser browser;

  RawHttp(boolean autoApprove) {
    this(new ServeOptions(0, "memory:", null, autoApprove));
  }

  RawHttp(ServeOptions options) {
    try {
      server = DemoServer.start(options, new PrintStream(log, true, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    base = "http://127.0.0.1:" + server.port();
    browser = new Browser(base);
  }

  @Override
  public void close() {
    server.close();
  }

  String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  HttpResponse<String> get(String path, String... headers) {
    return browser.get(path, headers);
  }

  HttpResponse<String> post(String path, String contentType, String body, String... headers) {
    return browser.post(path, contentType, body, headers);
  }

  HttpResponse<String> form(String path, String body, String... headers) {
    return browser.form(path, body, headers);
  }

  HttpResponse<String> method(String method, String path) {
    return browser.method(method, path);
  }

  Map<String, Object> register(String json) {
    return browser.register(json);
  }
}

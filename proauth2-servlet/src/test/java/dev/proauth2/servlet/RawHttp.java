package dev.proauth2.servlet;

import dev.proauth2.testkit.Browser;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The servlet on Jetty, started in the test on a free port of 127.0.0.1, and the testkit's {@link
 * Browser} sending to it.
 */
final class RawHttp implements AutoCloseable {

  final JettyServer server;
  final String base;

  /** The browser that sends to the server, with its own cookies. */
  final Browser browser;

  /** Starts a server; a browser that signs in first is the demo server's always-signed-in user. */
  RawHttp(boolean signIn) {
    this(new JettyServer());
    if (signIn) {
      if (get("/login").statusCode() != 204) {
        throw new AssertionError("the test login failed");
      }
    }
  }

  /** Sends requests to a server started by the test; it is closed with this client. */
  RawHttp(JettyServer server) {
    this.server = server;
    base = server.base();
    browser = new Browser(base);
  }

  @Override
  public void close() {
    server.close();
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

  Map<String, Object> register(String json) {
    return browser.register(json);
  }
}

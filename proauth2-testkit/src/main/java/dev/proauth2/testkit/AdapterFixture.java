package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.Proauth2;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One concern of {@link AdapterContract}: a server the adapter started for it, its engine, and a
 * signed-in browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdapterFixture {

  private final AdapterContract contract;
  private AdapterServer server;
  private Proauth2 engine;

  /** The engine the adapter serves, for what only the Java API can set up. */
  Proauth2 engine() {
    return engine;
  }

  /** The engine's issuer, {@code http://localhost:PORT}. */
  String issuer;

  /** The port the server listens on. */
  int port;

  /** A browser signed in as {@link AdapterContract#USER}. */
  Browser http;

  AdapterFixture(AdapterContract contract) {
    this.contract = contract;
  }

  @BeforeAll
  final void startServer() throws Exception {
    server =
        contract.start(
            port -> {
              if (engine != null) {
                throw new IllegalStateException("the engine is built once per server");
              }
              engine = AdapterContract.engine(port);
              return engine;
            });
    assertNotNull(server, "start returns the running server");
    assertNotNull(engine, "start serves the engine it is given, built for the bound port");
    issuer = engine.issuer().orElseThrow();
    port = server.baseUrl().getPort();
    assertTrue(issuer.endsWith(":" + port), "the engine was built for the port " + port);
    http = browser();
  }

  @AfterAll
  final void stopServer() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (engine != null) {
        engine.close();
      }
    }
  }

  /** Whether the server in front of the adapter may refuse a malformed request itself. */
  final boolean containerMayRefuse() {
    return contract.containerMayRefuse();
  }

  /** A new browser with cookies of its own, signed in as {@link AdapterContract#USER}. */
  final Browser browser() {
    Browser browser = signedOutBrowser();
    server
        .loginPath()
        .ifPresent(
            path -> {
              HttpResponse<String> login = browser.get(path);
              assertTrue(
                  login.statusCode() / 100 == 2,
                  "GET " + path + " signs the browser in: " + login.statusCode());
            });
    return browser;
  }

  /** A new browser with cookies of its own that has not signed in. */
  final Browser signedOutBrowser() {
    String base = server.baseUrl().toString();
    return new Browser(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
  }
}

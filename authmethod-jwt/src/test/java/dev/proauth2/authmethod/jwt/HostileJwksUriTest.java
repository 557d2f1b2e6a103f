package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.spi.Table;
import java.io.OutputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A client whose {@code jwks_uri} misbehaves, through a real engine whose {@code private_key_jwt}
 * was found on the class path and configured by system properties: each request is refused with
 * {@code invalid_client} in bounded time, never a 500, and leaves no token and no one-time id.
 */
class HostileJwksUriTest {

  private static final String TIMEOUT = PrivateKeyJwtSettings.PROPERTY_PREFIX + "fetchTimeout";
  private static final String SIZE = PrivateKeyJwtSettings.PROPERTY_PREFIX + "maxJwksBytes";

  private final JwksServer server = new JwksServer();
  private JwtEngine engine;

  @BeforeEach
  void start() {
    System.setProperty(TIMEOUT, "PT1S");
    System.setProperty(SIZE, "4096");
    try {
      engine = new JwtEngine("http://localhost:9999");
    } finally {
      System.clearProperty(TIMEOUT);
      System.clearProperty(SIZE);
    }
  }

  @AfterEach
  void stop() {
    engine.close();
    server.close();
  }

  private void refused(String path) {
    String clientId = engine.registerUri(server.url(path)).clientId();
    long started = System.nanoTime();
    EndpointResponse response =
        engine.clientCredentials(engine.assertion(clientId).signedWith(TestKeys.EC));
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertEquals(401, response.status(), response.body());
    assertTrue(response.body().contains("\"error\":\"invalid_client\""), response.body());
    assertTrue(response.body().contains("jwks_uri"), response.body());
    assertTrue(millis < 3_000, "took " + millis + " ms");
    assertEquals(0, engine.store.writes(Table.TOKENS));
    assertEquals(0, engine.store.writes(Table.ONE_TIME_IDS));
  }

  @Test
  @DisplayName("a sound jwks_uri on loopback works (the control case)")
  void sound() {
    server.serve("/jwks", TestKeys.jwks(TestKeys.EC));
    String clientId = engine.registerUri(server.url("/jwks")).clientId();
    assertEquals(
        200, engine.clientCredentials(engine.assertion(clientId).signedWith(TestKeys.EC)).status());
  }

  @Test
  @DisplayName("slow: no answer within the time limit")
  void slow() {
    server.on(
        "/slow",
        exchange -> {
          Thread.sleep(5_000);
          JwksServer.send(exchange, 200, TestKeys.jwks(TestKeys.EC));
        });
    refused("/slow");
  }

  @Test
  @DisplayName("huge: a body past the size limit")
  void huge() {
    server.on(
        "/huge",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(new byte[200_000]);
          }
        });
    refused("/huge");
  }

  @Test
  @DisplayName("redirect: to the real key set elsewhere, not followed")
  void redirect() {
    try (JwksServer elsewhere = new JwksServer()) {
      elsewhere.serve("/jwks", TestKeys.jwks(TestKeys.EC));
      server.on(
          "/moved",
          exchange -> {
            exchange.getResponseHeaders().set("Location", elsewhere.url("/jwks"));
            exchange.sendResponseHeaders(307, -1);
          });
      refused("/moved");
      assertEquals(0, elsewhere.hits("/jwks"));
    }
  }
}

package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.spi.Table;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A client whose {@code jwks_uri} misbehaves, through a real engine whose {@code private_key_jwt}
 * was found on the class path and configured by system properties: each request is refused with
 * {@code invalid_client} in bounded time, never a 500, leaves no token and no one-time id, and
 * tells the client the same words whatever the URL did, so the answer is no oracle on it.
 */
class HostileJwksUriTest {

  private static final String SIZE = PrivateKeyJwtSettings.PROPERTY_PREFIX + "maxJwksBytes";
  private static final Pattern DESCRIPTION = Pattern.compile("\"error_description\":\"([^\"]*)\"");

  private final JwksServer server = new JwksServer();
  private JwtEngine engine;

  @BeforeEach
  void start() {
    System.setProperty(SIZE, "65536");
    try {
      engine = new JwtEngine("http://localhost:9999", Duration.ofSeconds(1));
    } finally {
      System.clearProperty(SIZE);
    }
  }

  @AfterEach
  void stop() {
    engine.close();
    server.close();
  }

  /** Registers a client at the URL, sends a sound assertion, and returns what it was told. */
  private String refused(String url) {
    String clientId = engine.registerUri(url).clientId();
    long started = System.nanoTime();
    EndpointResponse response =
        engine.clientCredentials(engine.assertion(clientId).signedWith(TestKeys.EC));
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertEquals(401, response.status(), response.body());
    assertTrue(response.body().contains("\"error\":\"invalid_client\""), response.body());
    assertTrue(millis < 3_000, "took " + millis + " ms");
    assertEquals(0, engine.store.writes(Table.TOKENS));
    assertEquals(0, engine.store.writes(Table.ONE_TIME_IDS));
    Matcher description = DESCRIPTION.matcher(response.body());
    assertTrue(description.find(), response.body());
    return description.group(1);
  }

  private String refusedAt(String path) {
    return refused(server.url(path));
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
  @DisplayName("slow: no answer within the engine's fetch deadline")
  void slow() {
    server.on(
        "/slow",
        exchange -> {
          Thread.sleep(5_000);
          JwksServer.send(exchange, 200, TestKeys.jwks(TestKeys.EC));
        });
    assertEquals(ClientKeys.JWKS_URI_UNUSABLE, refusedAt("/slow"));
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
    assertEquals(ClientKeys.JWKS_URI_UNUSABLE, refusedAt("/huge"));
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
      assertEquals(ClientKeys.JWKS_URI_UNUSABLE, refusedAt("/moved"));
      assertEquals(0, elsewhere.hits("/jwks"));
    }
  }

  @Test
  @DisplayName(
      "no oracle: a 404, a 200 with garbage, a 200 with a private key, a redirect, a refused"
          + " connection, an oversize body, too many keys, a repeated kid and weak RSA keys all"
          + " read the same")
  void sameWords() throws Exception {
    server.on("/garbage", exchange -> JwksServer.send(exchange, 200, "<html>admin console</html>"));
    server.serve("/private", new JWKSet(TestKeys.EC).toString(false));
    server.on(
        "/redirect",
        exchange -> {
          exchange.getResponseHeaders().set("Location", "http://169.254.169.254/");
          exchange.sendResponseHeaders(302, -1);
        });
    server.on(
        "/oversize",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(new byte[70_000]);
          }
        });
    List<JWK> many = new ArrayList<>();
    for (int i = 0; i < 61; i++) {
      many.add(TestKeys.ec("k" + i));
    }
    server.serve("/many", TestKeys.jwks(many.toArray(new JWK[0])));
    server.serve("/twice", TestKeys.jwks(TestKeys.EC, TestKeys.ec(TestKeys.EC.getKeyID())));
    server.serve("/rsa8192", TestKeys.jwks(TestKeys.rsaPublic("big", 8192, 65537)));
    server.serve("/rsa-e3", TestKeys.jwks(TestKeys.rsaPublic("e3", 2048, 3)));
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    Map<String, String> told = new LinkedHashMap<>();
    told.put("404", refusedAt("/missing"));
    for (String path :
        List.of("/garbage", "/private", "/redirect", "/oversize", "/many", "/twice", "/rsa8192")) {
      told.put(path, refusedAt(path));
    }
    told.put("/rsa-e3", refusedAt("/rsa-e3"));
    told.put("refused connection", refused("http://127.0.0.1:" + closed + "/jwks"));
    told.forEach(
        (what, description) ->
            assertEquals(ClientKeys.JWKS_URI_UNUSABLE, description, what + " told otherwise"));
  }

  @Test
  @DisplayName(
      "a name that resolves to loopback is registered (a name is no address) but never fetched"
          + " while the issuer is not on loopback")
  void loopbackByName() {
    try (JwtEngine https = new JwtEngine("https://issuer.example", Duration.ofSeconds(1))) {
      server.serve("/jwks", TestKeys.jwks(TestKeys.EC));
      String url = "https://localhost:" + server.url("/jwks").split(":")[2];
      String clientId = https.registerUri(url).clientId();
      EndpointResponse response =
          https.clientCredentials(https.assertion(clientId).signedWith(TestKeys.EC));
      assertEquals(401, response.status(), response.body());
      assertTrue(response.body().contains(ClientKeys.JWKS_URI_UNUSABLE), response.body());
      assertEquals(0, server.hits("/jwks"), "the loopback server was reached");
    }
  }
}

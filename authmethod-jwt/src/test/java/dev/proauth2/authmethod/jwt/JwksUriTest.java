package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.OutputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Keys from a client's {@code jwks_uri}, fetched over real HTTP from a server the test runs on
 * loopback: cached, fetched again for an unknown kid at most once per interval, and every fetch
 * bounded in time, size and place.
 */
class JwksUriTest {

  /**
   * A short time limit, so a slow server costs the test a second, yet long enough for the first
   * fetch of a cold JVM on a busy machine.
   */
  static final PrivateKeyJwtSettings SETTINGS =
      new PrivateKeyJwtSettings(
          Duration.ofMinutes(5),
          Duration.ofSeconds(60),
          Duration.ofSeconds(1),
          4096,
          Duration.ofMinutes(5),
          Duration.ofSeconds(30));

  private final JwksServer server = new JwksServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private Verifying client(String path) {
    return new Verifying(SETTINGS, server.url(path));
  }

  @Nested
  @DisplayName("fetching and caching")
  class Caching {

    @Test
    @DisplayName("an assertion signed by a key the jwks_uri serves is accepted")
    void accepted() {
      server.serve("/jwks", TestKeys.jwks(TestKeys.EC, TestKeys.ED25519));
      Verifying client = client("/jwks");
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.EC)));
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.ED25519)));
      assertEquals(1, server.hits("/jwks"), "the second assertion used the cached set");
    }

    @Test
    @DisplayName("after the cache TTL the set is fetched again")
    void ttl() {
      server.serve("/jwks", TestKeys.jwks(TestKeys.EC));
      Verifying client = client("/jwks");
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.EC)));
      client.clock.advance(Duration.ofMinutes(5));
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.EC)));
      assertEquals(2, server.hits("/jwks"));
    }

    @Test
    @DisplayName("a new kid makes it fetch again, once per refetch interval; then the key works")
    void rotationByUnknownKid() {
      server.serve("/jwks", TestKeys.jwks(TestKeys.EC));
      Verifying client = client("/jwks");
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.EC)));

      server.serve("/jwks", TestKeys.jwks(TestKeys.RSA));
      String newKey = client.assertion().signedWith(TestKeys.RSA);
      String description = client.refused(newKey); // fetched 0 s ago: too soon
      assertTrue(description.contains("kid"), description);
      assertEquals(1, server.hits("/jwks"));

      client.clock.advance(Duration.ofSeconds(30));
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.RSA)));
      assertEquals(2, server.hits("/jwks"));
      // The old key is gone from the set: refused, and no fetch before the interval passes.
      client.refused(client.assertion().signedWith(TestKeys.EC));
      assertEquals(2, server.hits("/jwks"));
    }

    @Test
    @DisplayName("a flood of unknown kids makes no fetch within the interval, then one")
    void unknownKidFlood() {
      server.serve("/jwks", TestKeys.jwks(TestKeys.EC));
      Verifying client = client("/jwks");
      for (int i = 0; i < 20; i++) {
        client.refused(client.assertion().signedWith(TestKeys.ATTACKER_EC));
      }
      assertEquals(1, server.hits("/jwks"), "only the first fetch");
      client.clock.advance(Duration.ofSeconds(30));
      for (int i = 0; i < 20; i++) {
        client.refused(client.assertion().signedWith(TestKeys.ATTACKER_EC));
      }
      assertEquals(2, server.hits("/jwks"), "one refetch after the interval");
    }
  }

  @Nested
  @DisplayName("hostile or broken jwks_uri: invalid_client naming the problem, never a 500")
  class Hostile {

    @Test
    @DisplayName("slow to answer: refused within the time limit")
    void slowHeaders() {
      server.on(
          "/slow",
          exchange -> {
            Thread.sleep(5_000);
            JwksServer.send(exchange, 200, TestKeys.jwks(TestKeys.EC));
          });
      Verifying client = client("/slow");
      long started = System.nanoTime();
      String description = client.refused(client.assertion().signedWith(TestKeys.EC));
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      assertTrue(description.contains("did not answer within 1000 ms"), description);
      assertTrue(millis < 3_000, "took " + millis + " ms");
    }

    @Test
    @DisplayName("slow body, a byte at a time: refused within the time limit")
    void slowBody() {
      server.on(
          "/drip",
          exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 100; i++) {
              out.write('{');
              out.flush();
              Thread.sleep(100);
            }
          });
      Verifying client = client("/drip");
      long started = System.nanoTime();
      String description = client.refused(client.assertion().signedWith(TestKeys.EC));
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      assertTrue(description.contains("jwks_uri"), description);
      assertTrue(millis < 3_000, "took " + millis + " ms");
    }

    @Test
    @DisplayName("huge with a Content-Length: refused at the size limit")
    void hugeDeclared() {
      server.on(
          "/huge",
          exchange -> {
            exchange.sendResponseHeaders(200, 1_000_000);
            OutputStream out = exchange.getResponseBody();
            out.write(new byte[1_000_000]);
            out.close();
          });
      Verifying client = client("/huge");
      String description = client.refused(client.assertion().signedWith(TestKeys.EC));
      assertTrue(description.contains("more than the limit"), description);
    }

    @Test
    @DisplayName("huge and chunked, no length given: reading stops at the size limit")
    void hugeChunked() {
      server.on(
          "/chunked",
          exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            String padded = "{\"keys\":[],\"pad\":\"" + "x".repeat(100_000) + "\"}";
            out.write(padded.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.close();
          });
      Verifying client = client("/chunked");
      String description = client.refused(client.assertion().signedWith(TestKeys.EC));
      assertTrue(description.contains("more than the limit"), description);
    }

    @Test
    @DisplayName("a redirect to another host is not followed")
    void redirect() {
      try (JwksServer elsewhere = new JwksServer()) {
        elsewhere.serve("/jwks", TestKeys.jwks(TestKeys.EC));
        server.on(
            "/moved",
            exchange -> {
              exchange.getResponseHeaders().set("Location", elsewhere.url("/jwks"));
              exchange.sendResponseHeaders(302, -1);
            });
        Verifying client = client("/moved");
        String description = client.refused(client.assertion().signedWith(TestKeys.EC));
        assertTrue(description.contains("redirect"), description);
        assertEquals(0, elsewhere.hits("/jwks"), "the redirect was followed");
      }
    }

    @Test
    @DisplayName("a redirect on the same host is not followed either")
    void redirectSameHost() {
      server.serve("/jwks", TestKeys.jwks(TestKeys.EC));
      server.on(
          "/moved",
          exchange -> {
            exchange.getResponseHeaders().set("Location", server.url("/jwks"));
            exchange.sendResponseHeaders(301, -1);
          });
      Verifying client = client("/moved");
      client.refused(client.assertion().signedWith(TestKeys.EC));
      assertEquals(0, server.hits("/jwks"));
    }

    @Test
    @DisplayName("404, and a body that is not a key set, are refused")
    void notFoundOrNotJson() {
      Verifying missing = client("/missing");
      assertTrue(missing.refused(missing.assertion().signedWith(TestKeys.EC)).contains("404"));
      server.serve("/html", "<html>hello</html>");
      Verifying html = client("/html");
      assertTrue(
          html.refused(html.assertion().signedWith(TestKeys.EC)).contains("JSON Web Key Set"));
    }

    @Test
    @DisplayName("a set that publishes a private key is refused whole")
    void publishesPrivateKey() {
      server.serve("/leaky", new JWKSet(TestKeys.EC).toString(false));
      Verifying client = client("/leaky");
      String description = client.refused(client.assertion().signedWith(TestKeys.EC));
      assertTrue(description.contains("private"), description);
    }

    @Test
    @DisplayName("nothing listening: refused, naming the jwks_uri")
    void connectionRefused() throws Exception {
      int port;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Verifying client = new Verifying(SETTINGS, "http://127.0.0.1:" + port + "/jwks");
      String description = client.refused(client.assertion().signedWith(TestKeys.EC));
      assertTrue(description.contains("jwks_uri"), description);
    }

    @Test
    @DisplayName("a failed fetch is not retried before the refetch interval")
    void failureRemembered() {
      Verifying client = client("/missing");
      client.refused(client.assertion().signedWith(TestKeys.EC));
      client.refused(client.assertion().signedWith(TestKeys.EC));
      assertEquals(1, server.hits("/missing"));
      server.serve("/missing", TestKeys.jwks(TestKeys.EC));
      client.clock.advance(Duration.ofSeconds(30));
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.EC)));
    }
  }
}

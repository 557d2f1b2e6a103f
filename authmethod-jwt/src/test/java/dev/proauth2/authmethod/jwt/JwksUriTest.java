package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.proauth2.OutboundFetchers;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Record;
import dev.proauth2.testkit.TestAuthContext;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Keys from a client's {@code jwks_uri}, fetched over real HTTP from a server the test runs on
 * loopback through the engine's outbound policy: cached, fetched again for an unknown kid at most
 * twice per refetch interval, every fetch bounded in time, size and place, every fetched set held
 * to the key limits, and every failure told to the client in the same words.
 */
class JwksUriTest {

  /** The defaults, with a body limit small enough to test cheaply. */
  static final PrivateKeyJwtSettings SETTINGS =
      new PrivateKeyJwtSettings(
          Duration.ofMinutes(5),
          Duration.ofSeconds(60),
          4096,
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          false);

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
    @DisplayName(
        "a new kid makes it fetch again at once; a second new kid within the refetch interval"
            + " waits for the interval")
    void rotationByUnknownKid() {
      server.serve("/jwks", TestKeys.jwks(TestKeys.EC));
      Verifying client = client("/jwks");
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.EC)));

      server.serve("/jwks", TestKeys.jwks(TestKeys.RSA));
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.RSA)));
      assertEquals(2, server.hits("/jwks"), "one refetch for the new kid");

      server.serve("/jwks", TestKeys.jwks(TestKeys.ED25519));
      String description = client.refused(client.assertion().signedWith(TestKeys.ED25519));
      assertTrue(description.contains("kid names no key"), description);
      assertEquals(2, server.hits("/jwks"), "no third fetch within the interval");

      client.clock.advance(Duration.ofSeconds(30));
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.ED25519)));
      assertEquals(3, server.hits("/jwks"));
    }

    @Test
    @DisplayName("a flood of unknown kids makes at most two fetches per refetch interval")
    void unknownKidFlood() {
      server.serve("/jwks", TestKeys.jwks(TestKeys.EC));
      Verifying client = client("/jwks");
      for (int i = 0; i < 20; i++) {
        client.refused(client.assertion().signedWith(TestKeys.ATTACKER_EC));
      }
      assertEquals(2, server.hits("/jwks"), "the first fetch and one refetch");
      client.clock.advance(Duration.ofSeconds(30));
      for (int i = 0; i < 20; i++) {
        client.refused(client.assertion().signedWith(TestKeys.ATTACKER_EC));
      }
      assertEquals(4, server.hits("/jwks"), "two more once the interval passed");
    }

    @Test
    @DisplayName("a failure is not cached: fetched at most twice per interval, and again after it")
    void failureNotCached() {
      Verifying client = client("/missing");
      for (int i = 0; i < 5; i++) {
        client.refused(client.assertion().signedWith(TestKeys.EC));
      }
      assertEquals(2, server.hits("/missing"));
      server.serve("/missing", TestKeys.jwks(TestKeys.EC));
      client.clock.advance(Duration.ofSeconds(30));
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.EC)));
      assertEquals(3, server.hits("/missing"));
    }

    @Test
    @DisplayName("with a refetch interval of 0, every unknown kid fetches the set again")
    void noRateLimit() {
      server.serve("/jwks", TestKeys.jwks(TestKeys.EC));
      Verifying client =
          new Verifying(
              new PrivateKeyJwtSettings(
                  SETTINGS.maxLifetime(),
                  SETTINGS.clockSkew(),
                  SETTINGS.maxJwksBytes(),
                  SETTINGS.jwksCacheTtl(),
                  Duration.ZERO,
                  false),
              server.url("/jwks"));
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.EC)));
      for (int i = 0; i < 3; i++) {
        client.refused(client.assertion().signedWith(TestKeys.ATTACKER_EC));
      }
      assertEquals(4, server.hits("/jwks"));
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.EC)), "the set still works");
    }

    @Test
    @DisplayName("keys the server does not verify with (encryption, other curves) are left out")
    void otherKeysIgnored() throws Exception {
      ECKey encryption =
          new ECKey.Builder(TestKeys.ec("enc-1").toPublicJWK()).keyUse(KeyUse.ENCRYPTION).build();
      ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
      server.serve("/jwks", TestKeys.jwks(encryption, p384, TestKeys.EC));
      Verifying client = client("/jwks");
      assertTrue(client.verify(client.assertion().withoutKid().signedWith(TestKeys.EC)));
    }
  }

  @Nested
  @DisplayName("the URLs kept")
  class Bound {

    private final PrivateKeyJwt method = new PrivateKeyJwt(SETTINGS, 2);
    private final TestAuthContext context =
        new TestAuthContext(
            new MutableClock(Instant.parse("2026-11-30T04:00:00Z")),
            Verifying.LOOPBACK_ISSUER,
            OutboundFetchers.standard(Verifying.LOOPBACK_ISSUER, Verifying.FETCH_TIMEOUT));

    private void use(String path) {
      String clientId = "client" + path.replace('/', '-');
      Record application =
          method.checkRegistration(Verifying.withJwksUri(clientId, server.url(path)), context);
      String assertion =
          Assertion.forClient(clientId, context.now())
              .claim("aud", Verifying.LOOPBACK_ISSUER)
              .signedWith(TestKeys.EC);
      assertTrue(
          method.verify(
              new ClientCredentials(PrivateKeyJwt.NAME, clientId, assertion),
              application,
              context));
    }

    @Test
    @DisplayName(
        "past the bound the least recently used URL is dropped, one at a time; the others stay"
            + " cached")
    void leastRecentlyUsedDropped() {
      for (String path : List.of("/a", "/b", "/c")) {
        server.serve(path, TestKeys.jwks(TestKeys.EC));
      }
      use("/a");
      use("/b");
      use("/c"); // drops /a, the least recently used
      use("/c");
      use("/b");
      assertEquals(1, server.hits("/b"), "/b stayed cached");
      assertEquals(1, server.hits("/c"), "/c stayed cached");
      use("/a"); // fetched again; drops /c, now the least recently used
      assertEquals(2, server.hits("/a"), "/a had been dropped");
      use("/b");
      assertEquals(1, server.hits("/b"), "/b still cached");
      use("/c");
      assertEquals(2, server.hits("/c"), "/c had been dropped");
    }
  }

  @Nested
  @DisplayName("hostile or broken jwks_uri: invalid_client with the one generic description")
  class Hostile {

    private void refusedGenerically(Verifying client) {
      String description = client.refused(client.assertion().signedWith(TestKeys.EC));
      assertEquals(ClientKeys.JWKS_URI_UNUSABLE, description);
    }

    @Test
    @DisplayName("slow to answer: refused within the engine's fetch deadline")
    void slowHeaders() {
      server.on(
          "/slow",
          exchange -> {
            Thread.sleep(5_000);
            JwksServer.send(exchange, 200, TestKeys.jwks(TestKeys.EC));
          });
      Verifying client = client("/slow");
      long started = System.nanoTime();
      refusedGenerically(client);
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      assertTrue(millis < 3_000, "took " + millis + " ms");
    }

    @Test
    @DisplayName("slow body, a byte at a time: refused within the engine's fetch deadline")
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
      refusedGenerically(client);
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
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
      refusedGenerically(client("/huge"));
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
            out.write(padded.getBytes(StandardCharsets.UTF_8));
            out.close();
          });
      refusedGenerically(client("/chunked"));
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
        refusedGenerically(client("/moved"));
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
      refusedGenerically(client("/moved"));
      assertEquals(0, server.hits("/jwks"));
    }

    @Test
    @DisplayName("404, and a body that is not a key set, are refused")
    void notFoundOrNotJson() {
      refusedGenerically(client("/missing"));
      server.serve("/html", "<html>hello</html>");
      refusedGenerically(client("/html"));
      server.serve("/object", "{\"hello\":\"world\"}");
      refusedGenerically(client("/object"));
    }

    @Test
    @DisplayName("a set that publishes a private key, or a symmetric one, is refused whole")
    void publishesPrivateKey() {
      server.serve("/leaky", new JWKSet(List.of(TestKeys.EC, TestKeys.ED25519)).toString(false));
      refusedGenerically(client("/leaky"));
      server.serve(
          "/oct",
          "{\"keys\":["
              + TestKeys.EC.toPublicJWK().toJSONString()
              + ",{\"kty\":\"oct\","
              + "\"kid\":\"s\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\"}]}");
      refusedGenerically(client("/oct"));
    }

    @Test
    @DisplayName("nothing listening: refused")
    void connectionRefused() throws Exception {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      refusedGenerically(new Verifying(SETTINGS, "http://127.0.0.1:" + port + "/jwks"));
    }
  }

  @Nested
  @DisplayName(
      "key limits on a fetched set: refused whole, the client told the generic words, the log the"
          + " rule")
  class KeyLimits {

    private List<JWK> ecKeys(int count) {
      List<JWK> keys = new ArrayList<>();
      keys.add(TestKeys.EC);
      for (int i = 1; i < count; i++) {
        keys.add(TestKeys.ec("k" + i));
      }
      return keys;
    }

    /** The defaults' body limit (64 KiB), so only the key rules can refuse these sets. */
    private final PrivateKeyJwtSettings roomy =
        new PrivateKeyJwtSettings(
            SETTINGS.maxLifetime(),
            SETTINGS.clockSkew(),
            PrivateKeyJwtSettings.DEFAULTS.maxJwksBytes(),
            SETTINGS.jwksCacheTtl(),
            SETTINGS.refetchInterval(),
            false);

    /**
     * Serves the set, asserts the client is told the generic words, and that the server's log says
     * which rule the set broke.
     */
    private void refusedFor(String json, String logged) {
      server.serve("/jwks", json);
      List<String> log = new ArrayList<>();
      Handler handler =
          new Handler() {
            @Override
            public void publish(LogRecord record) {
              log.add(new SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
          };
      Logger logger = Logger.getLogger(CheckedKeySet.class.getName());
      logger.addHandler(handler);
      try {
        Verifying client = new Verifying(roomy, server.url("/jwks"));
        assertEquals(
            ClientKeys.JWKS_URI_UNUSABLE,
            client.refused(client.assertion().signedWith(TestKeys.EC)));
      } finally {
        logger.removeHandler(handler);
      }
      assertTrue(log.stream().anyMatch(line -> line.contains(logged)), log.toString());
    }

    @Test
    @DisplayName("61 keys (the audit's measured set) are refused")
    void sixtyOneKeys() {
      refusedFor(TestKeys.jwks(ecKeys(61).toArray(new JWK[0])), "holds 61 keys; at most 10");
    }

    @Test
    @DisplayName("11 keys are refused; 10 are accepted")
    void elevenKeys() {
      refusedFor(TestKeys.jwks(ecKeys(11).toArray(new JWK[0])), "holds 11 keys; at most 10");
      server.serve("/ten", TestKeys.jwks(ecKeys(10).toArray(new JWK[0])));
      Verifying ten = new Verifying(roomy, server.url("/ten"));
      assertTrue(ten.verify(ten.assertion().signedWith(TestKeys.EC)));
    }

    @Test
    @DisplayName("two keys with one kid are refused")
    void duplicateKid() {
      refusedFor(
          TestKeys.jwks(TestKeys.EC, TestKeys.ec(TestKeys.EC.getKeyID())), "repeats the kid");
    }

    @Test
    @DisplayName("an RSA key of 8192 bits is refused")
    void hugeRsa() {
      refusedFor(
          TestKeys.jwks(TestKeys.EC, TestKeys.rsaPublic("big", 8192, 65537)),
          "key 2 of the key set is RSA of 8192 bits");
    }

    @Test
    @DisplayName("an RSA key with public exponent 3 is refused")
    void smallExponent() {
      refusedFor(
          TestKeys.jwks(TestKeys.EC, TestKeys.rsaPublic("e3", 2048, 3)),
          "public exponent other than 65537");
    }

    @Test
    @DisplayName("an empty set is refused")
    void empty() {
      refusedFor("{\"keys\":[]}", "holds no keys");
    }
  }
}

package dev.proauth2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.FetchedResource;
import dev.proauth2.spi.OutboundFetchException;
import dev.proauth2.spi.OutboundFetcher;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one outbound fetch policy as a hostile URL or server tries it: special-use addresses in every
 * spelling, names that resolve to them, redirects, huge, slow and malformed answers, and TLS.
 */
@DisplayName("the outbound fetch policy")
class OutboundFetchTest {

  private static final String PUBLIC_ISSUER = "https://auth.example";
  private static final String LOOPBACK_ISSUER = "http://localhost:8080";
  private static final Duration SHORT = Duration.ofMillis(700);

  private static TestCertificates certificates;
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private LocalServer server;

  @BeforeAll
  static void certificates(@TempDir Path dir) throws Exception {
    certificates = TestCertificates.localhost(dir);
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private OutboundFetcher fetcher(String issuer) {
    return new PolicyFetcher(
        issuer,
        SHORT,
        certificates.client,
        (url, failure) -> failures.add(url + " " + failure.reason()));
  }

  private static String reason(Runnable call) {
    return assertThrows(OutboundFetchException.class, call::run).reason();
  }

  private FetchedResource get(String issuer, String url) {
    OutboundFetcher fetcher = fetcher(issuer);
    return fetcher.get(fetcher.check(url), "application/json", 1024);
  }

  @Nested
  @DisplayName("URLs refused before any connection")
  class Refused {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "https://169.254.169.254/latest/meta-data/",
          "https://10.0.0.1:8443/",
          "https://2130706433/",
          "https://0x7f000001/",
          "https://0x7f.0.0.1/",
          "https://0177.0.0.1/",
          "https://127.1/",
          "https://127.0.0.1./",
          "https://167772161/",
          "https://012.0.0.1/",
          "https://0xa.0.0.1/",
          "https://0.0.0.0/",
          "https://0/",
          "https://100.64.0.1/",
          "https://172.16.0.1/",
          "https://172.31.255.255/",
          "https://192.168.1.1/",
          "https://192.0.0.8/",
          "https://198.18.0.1/",
          "https://224.0.0.1/",
          "https://255.255.255.255/",
          "https://[::1]/",
          "https://[::]/",
          "https://[0:0:0:0:0:0:0:1]/",
          "https://[::ffff:127.0.0.1]/",
          "https://[::ffff:7f00:1]/",
          "https://[::ffff:8.8.8.8]/",
          "https://[::127.0.0.1]/",
          "https://[64:ff9b::a00:1]/",
          "https://[2002:a00:1::]/",
          "https://[2001::1]/",
          "https://[fe80::1]/",
          "https://[fe80::1%25eth0]/",
          "https://[fc00::1]/",
          "https://[fd12:3456::1]/",
          "https://[ff02::1]/",
          "https://[2001:db8::1]/",
        })
    @DisplayName("a special-use address literal in any spelling")
    void specialUseLiterals(String url) {
      assertEquals(
          OutboundFetchException.REFUSED_ADDRESS, reason(() -> fetcher(PUBLIC_ISSUER).check(url)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "http://keys.example/jwks",
          "ftp://keys.example/jwks",
          "https://user:pw@keys.example/jwks",
          "https://keys.example/jwks#frag",
          "/jwks",
          "https:///jwks",
          "https://1.2.3.4.5/",
          "https://256.0.0.1/",
          "https://exa mple.example/",
          "not a url",
        })
    @DisplayName("a URL of the wrong form or scheme")
    void wrongForm(String url) {
      assertEquals(
          OutboundFetchException.REFUSED_URL, reason(() -> fetcher(PUBLIC_ISSUER).check(url)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "https://keys.example/jwks",
          "https://93.184.215.14/jwks",
          "https://[2606:4700::1111]/jwks",
          "https://keys.example:8443/jwks?v=1"
        })
    @DisplayName("a public name or address passes the check")
    void publicPasses(String url) {
      assertEquals(URI.create(url), fetcher(PUBLIC_ISSUER).check(url));
    }

    @Test
    @DisplayName("a name that resolves to loopback is refused by its address, with no connection")
    void nameResolvingToLoopback() throws IOException {
      server =
          new LocalServer((head, out) -> LocalServer.respond(out, 200, "application/json", "{}"));
      OutboundFetcher fetcher = fetcher(PUBLIC_ISSUER);
      URI url = fetcher.check("https://localhost:" + server.port() + "/jwks");
      assertEquals(
          OutboundFetchException.REFUSED_ADDRESS,
          reason(() -> fetcher.get(url, "application/json", 1024)));
      assertEquals(0, server.connections());
    }

    @Test
    @DisplayName("a loopback issuer lets loopback through, but never a private address")
    void loopbackExceptionIsNarrow() {
      OutboundFetcher fetcher = fetcher(LOOPBACK_ISSUER);
      assertEquals(URI.create("http://127.0.0.1:9/x"), fetcher.check("http://127.0.0.1:9/x"));
      assertEquals(URI.create("http://localhost:9/x"), fetcher.check("http://localhost:9/x"));
      assertEquals(
          OutboundFetchException.REFUSED_ADDRESS, reason(() -> fetcher.check("https://10.0.0.1/")));
      assertEquals(
          OutboundFetchException.REFUSED_ADDRESS,
          reason(() -> fetcher.check("https://169.254.169.254/")));
      assertEquals(
          OutboundFetchException.REFUSED_URL, reason(() -> fetcher.check("http://keys.example/")));
    }
  }

  @Nested
  @DisplayName("answers")
  class Answers {

    private String url(String path) {
      return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    @DisplayName("a 200 with a length comes back with its headers and body")
    void okWithLength() throws IOException {
      server =
          new LocalServer(
              (head, out) ->
                  LocalServer.respond(
                      out, 200, "application/json; charset=utf-8", "{\"keys\":[]}"));
      FetchedResource fetched = get(LOOPBACK_ISSUER, url("/jwks?x=1"));
      assertEquals("{\"keys\":[]}", new String(fetched.body(), StandardCharsets.UTF_8));
      assertEquals("application/json", fetched.mediaType().orElseThrow());
    }

    @Test
    @DisplayName("the request names the host, asks for identity encoding and closes")
    void requestHead() throws IOException {
      List<String> heads = new CopyOnWriteArrayList<>();
      server =
          new LocalServer(
              (head, out) -> {
                heads.add(head);
                LocalServer.respond(out, 200, "application/json", "{}");
              });
      get(LOOPBACK_ISSUER, url("/a/b?c=d"));
      String head = heads.get(0);
      assertTrue(head.startsWith("GET /a/b?c=d HTTP/1.1\r\n"), head);
      assertTrue(head.contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n"), head);
      assertTrue(head.contains("\r\nConnection: close\r\n"), head);
      assertTrue(head.contains("\r\nAccept: application/json\r\n"), head);
    }

    @Test
    @DisplayName("a chunked body is put together")
    void chunked() throws IOException {
      server =
          new LocalServer(
              (head, out) ->
                  out.write(
                      ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                              + "4\r\n{\"ke\r\n7;ext=1\r\nys\":[]}\r\n0\r\n\r\n")
                          .getBytes(StandardCharsets.ISO_8859_1)));
      assertArrayEquals(
          "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8), get(LOOPBACK_ISSUER, url("/")).body());
    }

    @Test
    @DisplayName("a body without length ends when the server closes")
    void closeDelimited() throws IOException {
      server =
          new LocalServer(
              (head, out) ->
                  out.write("HTTP/1.0 200 OK\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1)));
      assertArrayEquals(
          "{}".getBytes(StandardCharsets.UTF_8), get(LOOPBACK_ISSUER, url("/")).body());
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    @DisplayName("a redirect is never followed, even to the same host")
    void redirects(int status) throws IOException {
      server =
          new LocalServer(
              (head, out) ->
                  out.write(
                      ("HTTP/1.1 "
                              + status
                              + " Moved\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n")
                          .getBytes(StandardCharsets.ISO_8859_1)));
      assertEquals(OutboundFetchException.REDIRECT, reason(() -> get(LOOPBACK_ISSUER, url("/"))));
      assertEquals(1, server.connections());
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {201, 204, 400, 404, 500, 503})
    @DisplayName("any status but 200 is a failure")
    void otherStatus(int status) throws IOException {
      server =
          new LocalServer(
              (head, out) -> LocalServer.respond(out, status, "application/json", "{}"));
      assertEquals(OutboundFetchException.STATUS, reason(() -> get(LOOPBACK_ISSUER, url("/"))));
    }

    @Test
    @DisplayName("a declared length over the cap is refused")
    void oversizeDeclared() throws IOException {
      server =
          new LocalServer(
              (head, out) -> LocalServer.respond(out, 200, "application/json", "x".repeat(1025)));
      assertEquals(OutboundFetchException.TOO_LARGE, reason(() -> get(LOOPBACK_ISSUER, url("/"))));
    }

    @Test
    @DisplayName("an endless body without length stops at the cap")
    void oversizeUndeclared() throws IOException {
      server =
          new LocalServer(
              (head, out) -> {
                out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                byte[] block = new byte[4096];
                for (int i = 0; i < 10_000; i++) {
                  out.write(block);
                }
              });
      assertEquals(OutboundFetchException.TOO_LARGE, reason(() -> get(LOOPBACK_ISSUER, url("/"))));
    }

    @Test
    @DisplayName("chunks that add up past the cap are refused")
    void oversizeChunked() throws IOException {
      server =
          new LocalServer(
              (head, out) -> {
                out.write(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 100; i++) {
                  out.write(
                      ("100\r\n" + "x".repeat(256) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
              });
      assertEquals(OutboundFetchException.TOO_LARGE, reason(() -> get(LOOPBACK_ISSUER, url("/"))));
    }

    @Test
    @DisplayName("endless headers are refused")
    void endlessHeaders() throws IOException {
      server =
          new LocalServer(
              (head, out) -> {
                out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 10_000; i++) {
                  out.write(("X-" + i + ": y\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
              });
      assertEquals(OutboundFetchException.STATUS, reason(() -> get(LOOPBACK_ISSUER, url("/"))));
    }

    @Test
    @DisplayName("a server that never answers runs into the deadline")
    void silent() throws IOException {
      server = new LocalServer((head, out) -> Thread.sleep(60_000));
      assertEquals(OutboundFetchException.TIMEOUT, reason(() -> get(LOOPBACK_ISSUER, url("/"))));
    }

    @Test
    @DisplayName("a body dripped a byte at a time cannot outlast the one deadline")
    void drip() throws IOException {
      server =
          new LocalServer(
              (head, out) -> {
                out.write(
                    "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 1000; i++) {
                  out.write('x');
                  out.flush();
                  Thread.sleep(100);
                }
              });
      assertEquals(OutboundFetchException.TIMEOUT, reason(() -> get(LOOPBACK_ISSUER, url("/"))));
    }

    @Test
    @DisplayName("an answer that is not HTTP is a failure")
    void notHttp() throws IOException {
      server =
          new LocalServer(
              (head, out) ->
                  out.write("SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
      assertEquals(OutboundFetchException.STATUS, reason(() -> get(LOOPBACK_ISSUER, url("/"))));
    }

    @Test
    @DisplayName("a closed port is a connection failure")
    void closedPort() throws IOException {
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      String url = "http://127.0.0.1:" + port + "/";
      assertEquals(OutboundFetchException.CONNECTION, reason(() -> get(LOOPBACK_ISSUER, url)));
    }

    @Test
    @DisplayName("each failure is told once, with the URL but not its query")
    void failuresTold() throws IOException {
      server = new LocalServer((head, out) -> LocalServer.respond(out, 404, "text/plain", "no"));
      reason(() -> get(LOOPBACK_ISSUER, url("/jwks?secret=1")));
      assertEquals(List.of(url("/jwks") + " status"), failures);
    }
  }

  @Nested
  @DisplayName("TLS")
  class Tls {

    private void serveTls() throws IOException {
      server =
          new LocalServer(
              certificates.server,
              (head, out) -> LocalServer.respond(out, 200, "application/json", "{\"ok\":true}"));
    }

    @Test
    @DisplayName("a trusted certificate for the host is fetched over https")
    void trusted() throws IOException {
      serveTls();
      FetchedResource fetched = get(LOOPBACK_ISSUER, "https://localhost:" + server.port() + "/");
      assertEquals("{\"ok\":true}", new String(fetched.body(), StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a certificate for another name is refused")
    void otherName() throws IOException {
      serveTls();
      String url = "https://127.0.0.1:" + server.port() + "/";
      assertEquals(OutboundFetchException.TLS, reason(() -> get(LOOPBACK_ISSUER, url)));
    }

    @Test
    @DisplayName("an untrusted certificate is refused with the JVM's default trust store")
    void untrusted() throws IOException {
      serveTls();
      OutboundFetcher fetcher = OutboundFetchers.standard(LOOPBACK_ISSUER, SHORT);
      URI url = fetcher.check("https://localhost:" + server.port() + "/");
      assertEquals(
          OutboundFetchException.TLS, reason(() -> fetcher.get(url, "application/json", 1024)));
      assertFalse(server.connections() == 0);
    }
  }
}

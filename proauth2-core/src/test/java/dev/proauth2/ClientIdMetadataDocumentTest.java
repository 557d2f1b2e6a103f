package dev.proauth2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.thirdparty.TinyDataStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients identified by the https URL of their Client ID Metadata Document: the whole flow, the
 * document's rules, the cache, and every failure answered alike. Documents are served over TLS by a
 * local server whose certificate the engine's fetches trust.
 */
@DisplayName("Client ID Metadata Documents")
class ClientIdMetadataDocumentTest {

  private static final String ISSUER = "http://localhost:8080";
  private static final String CALLBACK = "http://localhost:6274/oauth/callback";
  private static final String VERIFIER = "v".repeat(43);

  private static TestCertificates certificates;

  private final MovingClock clock = new MovingClock();
  private final Map<String, String> documents = new ConcurrentHashMap<>();
  private final Map<String, String> headers = new ConcurrentHashMap<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final List<Proauth2Event> events = new CopyOnWriteArrayList<>();
  private volatile long answerDelayMillis;
  private LocalServer server;
  private Proauth2 oauth;

  @BeforeAll
  static void certificates(@TempDir Path dir) throws Exception {
    certificates = TestCertificates.localhost(dir);
  }

  @BeforeEach
  void start() throws IOException {
    server =
        new LocalServer(
            certificates.server,
            (head, out) -> {
              fetches.incrementAndGet();
              if (answerDelayMillis > 0) {
                Thread.sleep(answerDelayMillis);
              }
              String path = head.substring(4, head.indexOf(' ', 4));
              String body = documents.get(path);
              if (body == null) {
                LocalServer.respond(out, 404, "text/plain", "not here");
                return;
              }
              String extra = headers.getOrDefault(path, "");
              byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
              out.write(
                  ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          + extra
                          + "Content-Length: "
                          + bytes.length
                          + "\r\n\r\n")
                      .getBytes(StandardCharsets.ISO_8859_1));
              out.write(bytes);
            });
    oauth = engine(settings -> settings);
  }

  @AfterEach
  void stop() throws IOException {
    oauth.close();
    server.close();
  }

  private Proauth2 engine(UnaryOperator<ClientIdMetadataDocuments.Builder> settings) {
    Proauth2.Builder builder =
        Proauth2.builder()
            .dataStore(new TinyDataStore(clock))
            .clock(clock)
            .issuer(ISSUER)
            .listener(events::add)
            .discoverListeners(false)
            .clientIdMetadataDocuments(
                settings.apply(ClientIdMetadataDocuments.builder().scopes("read write")).build());
    builder.fetchTls = certificates.client;
    return builder.build();
  }

  private String url(String path) {
    return "https://localhost:" + server.port() + path;
  }

  /** Publishes a sound document at the path and returns its URL, the client's id. */
  private String publish(String path) {
    String id = url(path);
    documents.put(
        path,
        "{\"client_id\":\""
            + id
            + "\",\"client_name\":\"Inspector\",\"redirect_uris\":[\""
            + CALLBACK
            + "\"],\"scope\":\"read admin\",\"logo_uri\":\"https://x.example/l.png\","
            + "\"software_statement_ignored\":{\"a\":1}}");
    return id;
  }

  private void publishRaw(String path, String json) {
    documents.put(path, json);
  }

  private AuthorizationRequest.Builder authorizing(String clientId) {
    return AuthorizationRequest.builder()
        .clientId(clientId)
        .userId("alice")
        .redirectUri(CALLBACK)
        .state("s")
        .codeChallenge(SecretHashes.sha256(VERIFIER))
        .codeChallengeMethod(CodeChallengeMethod.S256);
  }

  private AuthorizationCode authorize(String clientId) {
    return oauth.requestAuthorization(authorizing(clientId).build());
  }

  private Proauth2Exception refused(String clientId) {
    return assertThrows(Proauth2Exception.class, () -> authorize(clientId));
  }

  @Nested
  @DisplayName("a client with a sound document")
  class Flow {

    @Test
    @DisplayName("runs the whole flow as a public client: code with PKCE, refresh, revoke")
    void wholeFlow() {
      String id = publish("/inspector/client.json");
      AuthorizationCode code = authorize(id);
      assertTrue(code.redirectUri().startsWith(CALLBACK + "?code="));
      TokenResponse tokens =
          oauth.requestAccessToken(
              TokenRequest.authorizationCode(id, null, code.code(), CALLBACK, VERIFIER));
      TokenSubject subject = oauth.authenticateToken(tokens.accessToken());
      assertEquals(id, subject.clientId());
      assertEquals("read", tokens.scope(), "the document's scope within the host's");
      TokenResponse refreshed =
          oauth.requestAccessToken(
              TokenRequest.refreshToken(id, null, tokens.refreshToken(), null));
      assertNotNull(refreshed.accessToken());
      oauth.revokeToken(refreshed.accessToken());
      assertThrows(Proauth2Exception.class, () -> oauth.authenticateToken(refreshed.accessToken()));
    }

    @Test
    @DisplayName("the consent step sees the name, the document's origin and the loopback warning")
    void consentSeesWhoIsAsking() {
      String id = publish("/c.json");
      ValidatedAuthorization checked = oauth.checkAuthorization(authorizing(id).build());
      assertEquals("Inspector", checked.client().name());
      assertEquals("localhost:" + server.port(), checked.metadataDocumentOrigin().orElseThrow());
      assertTrue(checked.redirectsOnlyToLoopback());
    }

    @Test
    @DisplayName("a redirect URI the document does not list is refused without a redirect")
    void unlistedRedirect() {
      String id = publish("/c.json");
      Proauth2Exception e =
          assertThrows(
              Proauth2Exception.class,
              () ->
                  oauth.requestAuthorization(
                      authorizing(id).redirectUri("https://evil.example/cb").build()));
      assertFalse(e instanceof AuthorizationError, "never redirected");
    }

    @Test
    @DisplayName("the client cannot use client_credentials")
    void noClientCredentials() {
      String id = publish("/c.json");
      Proauth2Exception e =
          assertThrows(
              Proauth2Exception.class,
              () -> oauth.requestAccessToken(TokenRequest.clientCredentials(id, null, null)));
      assertTrue(
          List.of(Proauth2Exception.UNAUTHORIZED_CLIENT, Proauth2Exception.INVALID_CLIENT)
              .contains(e.error()),
          e.error());
    }
  }

  @Nested
  @DisplayName("a document that cannot be used")
  class Refusals {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "client_id not its URL",
          "a client_secret",
          "client_secret_expires_at",
          "client_secret_basic",
          "no client_name",
          "no redirect_uris",
          "an http redirect URI elsewhere",
          "a redirect URI with a fragment",
          "inline jwks",
          "private_key_jwt without jwks_uri",
          "grant_types with client_credentials",
          "not an object",
          "redirect_uris not an array"
        })
    @DisplayName("is invalid_client with one description, and an event with the detail")
    void refusedDocuments(String what) {
      String id = url("/bad.json");
      String base = "\"client_name\":\"x\",\"redirect_uris\":[\"" + CALLBACK + "\"]";
      String json =
          switch (what) {
            case "client_id not its URL" -> "{\"client_id\":\"" + id + "x\"," + base + "}";
            case "a client_secret" -> doc(id, base + ",\"client_secret\":\"s\"");
            case "client_secret_expires_at" -> doc(id, base + ",\"client_secret_expires_at\":0");
            case "client_secret_basic" ->
                doc(id, base + ",\"token_endpoint_auth_method\":\"client_secret_basic\"");
            case "no client_name" -> doc(id, "\"redirect_uris\":[\"" + CALLBACK + "\"]");
            case "no redirect_uris" -> doc(id, "\"client_name\":\"x\"");
            case "an http redirect URI elsewhere" ->
                doc(id, "\"client_name\":\"x\",\"redirect_uris\":[\"http://evil.example/cb\"]");
            case "a redirect URI with a fragment" ->
                doc(id, "\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb#f\"]");
            case "inline jwks" -> doc(id, base + ",\"jwks\":{\"keys\":[]}");
            case "private_key_jwt without jwks_uri" ->
                doc(id, base + ",\"token_endpoint_auth_method\":\"private_key_jwt\"");
            case "grant_types with client_credentials" ->
                doc(id, base + ",\"grant_types\":[\"client_credentials\"]");
            case "not an object" -> "[1,2]";
            case "redirect_uris not an array" ->
                doc(id, "\"client_name\":\"x\",\"redirect_uris\":\"" + CALLBACK + "\"");
            default -> throw new IllegalArgumentException(what);
          };
      publishRaw("/bad.json", json);
      Proauth2Exception e = refused(id);
      assertEquals(Proauth2Exception.INVALID_CLIENT, e.error());
      assertEquals(ClientDocuments.UNUSABLE, e.description());
      assertFalse(e instanceof AuthorizationError, "never redirected to an unverified URI");
      assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
      assertTrue(
          events.stream()
              .anyMatch(
                  event ->
                      event instanceof Proauth2Event.ClientMetadataDocumentRefused refused
                          && refused.clientId().equals(id)),
          events.toString());
    }

    private String doc(String id, String rest) {
      return "{\"client_id\":\"" + id + "\"," + rest + "}";
    }

    @Test
    @DisplayName("a 404, a redirect, HTML and an oversize body all read the same to the client")
    void noOracle() {
      String missing = url("/missing.json");
      publishRaw("/html.json", "<html></html>");
      headers.put("/html.json", "");
      String big = url("/big.json");
      publish("/big.json");
      documents.put(
          "/big.json",
          documents.get("/big.json").replace("}", ",\"pad\":\"" + "x".repeat(6000) + "\"}"));
      List<String> descriptions = new ArrayList<>();
      for (String id : List.of(missing, url("/html.json"), big)) {
        descriptions.add(refused(id).description());
      }
      assertEquals(
          List.of(ClientDocuments.UNUSABLE, ClientDocuments.UNUSABLE, ClientDocuments.UNUSABLE),
          descriptions);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "https://localhost/",
          "https://10.0.0.1/client.json",
          "https://169.254.169.254/latest/meta-data/",
          "https://[::ffff:7f00:1]/c.json",
          "https://2130706433/c.json",
          "https://app.example/a/../c.json",
          "https://user@app.example/c.json"
        })
    @DisplayName("a document URL the policy refuses is never fetched")
    void refusedUrls(String id) {
      Proauth2Exception e = refused(id);
      assertEquals(Proauth2Exception.INVALID_CLIENT, e.error());
      assertEquals(0, fetches.get());
    }

    @Test
    @DisplayName("the host's URL predicate runs before any fetch")
    void urlPredicate() {
      oauth.close();
      oauth = engine(settings -> settings.allowUrl(url -> url.getPath().startsWith("/trusted/")));
      String id = publish("/other/c.json");
      assertEquals(Proauth2Exception.INVALID_CLIENT, refused(id).error());
      assertEquals(0, fetches.get());
      assertNotNull(authorize(publish("/trusted/c.json")));
    }

    @Test
    @DisplayName("the host's document predicate sees the checked document")
    void documentPredicate() {
      oauth.close();
      oauth =
          engine(settings -> settings.allowDocument(doc -> !doc.clientName().equals("Inspector")));
      assertEquals(Proauth2Exception.INVALID_CLIENT, refused(publish("/c.json")).error());
    }

    @Test
    @DisplayName("an engine that does not accept documents knows no such client")
    void offByDefault() {
      String id = publish("/c.json");
      try (Proauth2 plain =
          Proauth2.builder()
              .dataStore(new TinyDataStore(clock))
              .issuer(ISSUER)
              .discoverListeners(false)
              .build()) {
        Proauth2Exception e =
            assertThrows(
                Proauth2Exception.class, () -> plain.requestAuthorization(authorizing(id).build()));
        assertEquals(Proauth2Exception.INVALID_REQUEST, e.error());
        assertFalse(plain.capabilities().clientIdMetadataDocuments());
      }
      assertEquals(0, fetches.get());
      assertTrue(oauth.capabilities().clientIdMetadataDocuments());
    }
  }

  @Nested
  @DisplayName("the cache")
  class Cache {

    @Test
    @DisplayName("a document is fetched once while fresh, at least the host's minimum")
    void keptWhileFresh() {
      String id = publish("/c.json");
      headers.put("/c.json", "Cache-Control: no-cache\r\n");
      authorize(id);
      authorize(id);
      clock.advance(Duration.ofMinutes(4));
      authorize(id);
      assertEquals(1, fetches.get());
      clock.advance(Duration.ofMinutes(2));
      authorize(id);
      assertEquals(2, fetches.get());
    }

    @Test
    @DisplayName("max-age is followed within the bounds, and capped at the maximum")
    void maxAge() {
      String id = publish("/c.json");
      headers.put("/c.json", "Cache-Control: public, max-age=3600\r\n");
      authorize(id);
      clock.advance(Duration.ofMinutes(59));
      authorize(id);
      assertEquals(1, fetches.get());
      clock.advance(Duration.ofMinutes(2));
      authorize(id);
      assertEquals(2, fetches.get());

      String capped = publish("/capped.json");
      headers.put("/capped.json", "Cache-Control: max-age=31536000\r\n");
      authorize(capped);
      clock.advance(Duration.ofHours(24).plusSeconds(1));
      authorize(capped);
      assertEquals(4, fetches.get());
    }

    @Test
    @DisplayName("a failure is never kept: the next request fetches again")
    void failuresNotKept() {
      String id = url("/later.json");
      assertEquals(Proauth2Exception.INVALID_CLIENT, refused(id).error());
      publish("/later.json");
      assertNotNull(authorize(id));
      assertEquals(2, fetches.get());
    }

    @Test
    @DisplayName("a refused document is never kept either")
    void refusedNotKept() {
      String id = url("/fixed.json");
      publishRaw("/fixed.json", "{\"client_id\":\"" + id + "\"}");
      assertEquals(Proauth2Exception.INVALID_CLIENT, refused(id).error());
      publish("/fixed.json");
      assertNotNull(authorize(id));
    }

    @Test
    @DisplayName("16 requests at once for one document share one fetch")
    void concurrentFetchesMerged() throws Exception {
      String id = publish("/c.json");
      answerDelayMillis = 300;
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AuthorizationCode>> codes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          codes.add(
              pool.submit(
                  () -> {
                    start.await();
                    return authorize(id);
                  }));
        }
        start.countDown();
        for (Future<AuthorizationCode> code : codes) {
          assertNotNull(code.get());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(1, fetches.get());
    }

    @Test
    @DisplayName("past its bound the least recently used document goes first")
    void bounded() {
      oauth.close();
      oauth = engine(settings -> settings.maxCached(2));
      String a = publish("/a.json");
      String b = publish("/b.json");
      String c = publish("/c.json");
      authorize(a);
      authorize(b);
      authorize(a); // a is now the most recently used
      authorize(c); // evicts b
      assertEquals(3, fetches.get());
      authorize(a);
      assertEquals(3, fetches.get());
      authorize(b);
      assertEquals(4, fetches.get());
    }
  }
}

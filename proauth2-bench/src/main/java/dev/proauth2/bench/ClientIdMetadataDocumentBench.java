package dev.proauth2.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientIdMetadataDocuments;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.spi.DataStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a client identified by the URL of its Client ID Metadata Document costs an authorization
 * once its document is cached (issue 22): {@code requestAuthorization} (a code with PKCE S256) by a
 * registered public client, beside the same request by a document client on the same engine and
 * memory store. The document is served once, at set-up, by a local https server whose self-signed
 * certificate the fork's default trust store holds; every measured call finds it in the engine's
 * cache, which tear-down checks by counting the server's fetches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ClientIdMetadataDocumentBench {

  private static final String PASSWORD = "changeit";
  private static final String DOCUMENT_PATH = "/bench/client.json";

  private final AtomicInteger fetches = new AtomicInteger();
  private Path dir;
  private HttpsServer server;
  private DataStore store;
  private Proauth2 oauth;
  private String registered;
  private String document;

  @Setup(Level.Trial)
  public void start() throws Exception {
    dir = Files.createTempDirectory("proauth2-cimd-bench");
    Path keyStore = selfSignedLocalhost(dir);
    // Before the engine's first fetch makes SSLContext.getDefault(), which reads these once.
    System.setProperty("javax.net.ssl.trustStore", keyStore.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls(keyStore)));
    int port = server.getAddress().getPort();
    document = "https://localhost:" + port + DOCUMENT_PATH;
    byte[] body = documentJson(document).getBytes(StandardCharsets.UTF_8);
    server.createContext(DOCUMENT_PATH, exchange -> serve(exchange, body));
    server.start();

    // Codes live a second and are swept every second, so the heap holds a few seconds' codes
    // rather than the whole run's: young collections stay short and the same all through.
    store = DataStores.open("memory:?sweepSeconds=1");
    oauth =
        Proauth2.builder()
            .dataStore(store)
            .discoverListeners(false)
            .codeTtl(Duration.ofSeconds(1))
            .issuer("http://localhost:" + port)
            .clientIdMetadataDocuments(ClientIdMetadataDocuments.builder().scopes("read").build())
            .build();
    ClientRegistration client =
        oauth.registerApp(
            RegistrationRequest.builder("benchmark public client")
                .redirectUri(Flows.REDIRECT_URI)
                .scope("read")
                .authMethod("none")
                .build());
    registered = client.clientId();

    // Warms the cache, and fails the trial at once when either client cannot authorize.
    for (String clientId : new String[] {registered, document, document}) {
      AuthorizationCode code = authorize(clientId, "setup@example.com");
      if (!code.redirectUri().startsWith(Flows.REDIRECT_URI + "?code=")) {
        throw new IllegalStateException(
            "client " + clientId + " was not redirected with a code: " + code.redirectUri());
      }
    }
    if (fetches.get() != 1) {
      throw new IllegalStateException(
          "the document was fetched " + fetches.get() + " times at set-up, not once");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    oauth.close();
    store.close();
    server.stop(0);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
    int fetched = fetches.get();
    System.out.println();
    System.out.println("document server fetched " + fetched + " time(s) in this trial");
    if (fetched != 1) {
      throw new IllegalStateException(
          "the document was fetched " + fetched + " times, not once: calls were not cached");
    }
  }

  /** An authorization by the registered public client. */
  @Benchmark
  public AuthorizationCode registeredClient(FlowBench.Users users) {
    return authorize(registered, users.next());
  }

  /** The same authorization by the client whose id is its (cached) document's URL. */
  @Benchmark
  public AuthorizationCode documentClient(FlowBench.Users users) {
    return authorize(document, users.next());
  }

  private AuthorizationCode authorize(String clientId, String userId) {
    return oauth.requestAuthorization(
        AuthorizationRequest.builder()
            .clientId(clientId)
            .userId(userId)
            .responseType("code")
            .redirectUri(Flows.REDIRECT_URI)
            .state("xyz")
            .codeChallenge(Flows.CHALLENGE)
            .codeChallengeMethod(CodeChallengeMethod.S256)
            .build());
  }

  private void serve(HttpExchange exchange, byte[] body) throws IOException {
    try (exchange) {
      fetches.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Cache-Control", "max-age=86400");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String documentJson(String url) {
    return "{\"client_id\":\""
        + url
        + "\",\"client_name\":\"benchmark document client\",\"redirect_uris\":[\""
        + Flows.REDIRECT_URI
        + "\"],\"token_endpoint_auth_method\":\"none\","
        + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"scope\":\"read\"}";
  }

  /** A key pair and self-signed certificate for {@code localhost}, by the JDK's keytool. */
  private static Path selfSignedLocalhost(Path dir) throws IOException, InterruptedException {
    Path keyStore = dir.resolve("localhost.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "localhost",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (keytool.waitFor() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    return keyStore;
  }

  private static SSLContext serverTls(Path keyStore) throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(factory.getKeyManagers(), null, null);
    return tls;
  }
}

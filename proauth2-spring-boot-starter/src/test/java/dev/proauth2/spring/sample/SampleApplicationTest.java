package dev.proauth2.spring.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Event;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application on a real PostgreSQL (embedded), configured only as the README says: the
 * clients come from {@code sample.yml}, the user signs in with Spring Security's login page and
 * consents, and the API answers by the token's scopes.
 */
@SpringBootTest(
    classes = SampleApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = "spring.config.name=sample")
class SampleApplicationTest {

  private static final String REDIRECT = "http://127.0.0.1:9876/callback";
  private static final String WEB_SECRET = "orders-web-secret-for-tests-only-0001";
  private static final String API_SECRET = "orders-api-secret-for-tests-only-0001";
  private static final Pattern HIDDEN =
      Pattern.compile("<input[^>]*name=\"([^\"]*)\"[^>]*value=\"([^\"]*)\"");
  private static final EmbeddedPostgres POSTGRES = start();
  private static final int PORT = freePort();
  private static final String BASE = "http://localhost:" + PORT;

  @Autowired private Proauth2 oauth;
  @Autowired private MeterRegistry meters;
  @Autowired private DataSource dataSource;
  @Autowired private DataStore store;

  private final HttpClient browser =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
    registry.add("server.port", () -> PORT);
    registry.add("proauth2.issuer", () -> BASE);
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    POSTGRES.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : BASE + path)));
  }

  private HttpResponse<String> post(String path, Map<String, String> form, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(BASE + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form)));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            field ->
                URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> hiddenFields(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher matcher = HIDDEN.matcher(html);
    while (matcher.find()) {
      fields.put(matcher.group(1), matcher.group(2).replace("&amp;", "&"));
    }
    return fields;
  }

  private static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static String json(String body, String member) {
    Matcher matcher = Pattern.compile("\"" + member + "\":\"([^\"]*)\"").matcher(body);
    return matcher.find() ? matcher.group(1) : null;
  }

  /**
   * Opens a page that needs a signed-in user, as a browser asks for it, and signs alice in through
   * Spring Security's login page; returns where Spring Security sends the browser back.
   */
  private String signInFrom(String url) throws Exception {
    // As a browser asks: Spring Security sends only a page request (text/html) to the login page.
    HttpResponse<String> toLogin =
        send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html"));
    assertEquals(302, toLogin.statusCode(), toLogin.body());
    assertTrue(
        toLogin.headers().firstValue("Location").orElseThrow().endsWith("/login"),
        "Spring Security sends the browser to its login page");
    HttpResponse<String> loginPage = get("/login");
    Map<String, String> login = hiddenFields(loginPage.body());
    login.put("username", "alice");
    login.put("password", "alice-password");
    HttpResponse<String> signedIn = post("/login", login);
    assertEquals(302, signedIn.statusCode(), signedIn.body());
    return signedIn.headers().firstValue("Location").orElseThrow();
  }

  /** Signs alice in through Spring Security's login page, consents, and redeems the code. */
  private String userToken(String scope) throws Exception {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String authorize =
        "/authorize?response_type=code&client_id=orders-web&state=xyz&code_challenge_method=S256"
            + "&code_challenge="
            + challenge
            + "&scope="
            + URLEncoder.encode(scope, StandardCharsets.UTF_8)
            + "&redirect_uri="
            + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);

    String back = signInFrom(BASE + authorize);
    assertTrue(back.contains("/authorize?"), "back to the saved request: " + back);

    HttpResponse<String> consent =
        send(HttpRequest.newBuilder(URI.create(back)).header("Accept", "text/html"));
    assertEquals(200, consent.statusCode(), consent.body());
    assertTrue(consent.body().contains("Orders web asks for " + scope), consent.body());
    Map<String, String> answer = hiddenFields(consent.body());
    answer.put("consent", "approve");
    HttpResponse<String> redirect = post("/authorize", answer, "Origin", BASE);
    assertEquals(302, redirect.statusCode(), redirect.body());
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(REDIRECT), location);
    Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
    assertTrue(code.find(), location);

    HttpResponse<String> tokens =
        post(
            "/token",
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
                "redirect_uri",
                REDIRECT,
                "code_verifier",
                verifier),
            "Authorization",
            basic("orders-web", WEB_SECRET));
    assertEquals(200, tokens.statusCode(), tokens.body());
    return json(tokens.body(), "access_token");
  }

  private HttpResponse<String> api(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  @Test
  @DisplayName(
      "the clients of sample.yml are registered under their ids; the resource server's hashed"
          + " secret works at /introspect")
  void clientsFromYaml() throws Exception {
    assertEquals("Orders web", oauth.findApp("orders-web").orElseThrow().name());
    assertTrue(oauth.findApp("orders-api").orElseThrow().resourceServer());
    HttpResponse<String> introspection =
        post(
            "/introspect",
            Map.of("token", "no-such-token"),
            "Authorization",
            basic("orders-api", API_SECRET));
    assertEquals(200, introspection.statusCode(), introspection.body());
    assertTrue(introspection.body().contains("\"active\":false"), introspection.body());
  }

  @Test
  @DisplayName(
      "the metadata and the token endpoint are open to clients, not sent to the login page")
  void endpointsOpen() throws Exception {
    HttpResponse<String> metadata = get(AuthorizationServerMetadata.WELL_KNOWN);
    assertEquals(200, metadata.statusCode(), metadata.body());
    HttpResponse<String> token =
        post(
            "/token",
            Map.of("grant_type", "client_credentials"),
            "Authorization",
            basic("orders-api", API_SECRET));
    assertEquals(200, token.statusCode(), token.body());
  }

  @Test
  @DisplayName(
      "sign-in and consent give a token; @PreAuthorize on SCOPE_orders.read lets it in as alice"
          + " and SCOPE_orders.export keeps it out")
  void consentAndPreAuthorize() throws Exception {
    String token = userToken("orders.read");
    HttpResponse<String> orders = api("/api/orders", token);
    assertEquals(200, orders.statusCode(), orders.body());
    assertTrue(orders.body().contains("\"user\":\"alice\""), orders.body());
    assertEquals(403, api("/api/orders/export", token).statusCode());
  }

  @Test
  @DisplayName(
      "/api/** (Spring's pattern) is guarded: no token and a wrong token are 401, never the"
          + " controller or the login page")
  void apiGuarded() throws Exception {
    HttpResponse<String> none = api("/api/orders", null);
    assertEquals(401, none.statusCode(), none.body());
    assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertEquals(401, api("/api/orders", "x".repeat(43)).statusCode());
    assertEquals(401, api("/api/orders/export", "x".repeat(43)).statusCode());
  }

  @Test
  @DisplayName(
      "a device's user signs in through Spring Security's login page, comes back to the device"
          + " page with the code, and the approval gives the device a token for alice")
  void deviceGrant() throws Exception {
    ClientRegistration tv =
        oauth.registerApp(
            RegistrationRequest.builder("Orders TV")
                .authMethod("none")
                .grantType(GrantType.DEVICE_CODE)
                .scope("orders.read")
                .build());
    HttpResponse<String> started =
        post("/device_authorization", Map.of("client_id", tv.clientId(), "scope", "orders.read"));
    assertEquals(200, started.statusCode(), started.body());
    String userCode = json(started.body(), "user_code");

    String back = signInFrom(json(started.body(), "verification_uri_complete"));
    assertTrue(back.contains("/device?user_code="), "back to the device page: " + back);
    HttpResponse<String> page =
        send(HttpRequest.newBuilder(URI.create(back)).header("Accept", "text/html"));
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("Orders TV"), page.body());
    assertTrue(page.body().contains(userCode), page.body());
    Map<String, String> answer = hiddenFields(page.body());
    answer.put("consent", "approve");
    HttpResponse<String> done = post("/device", answer, "Origin", BASE);
    assertEquals(200, done.statusCode(), done.body());

    HttpResponse<String> tokens =
        post(
            "/token",
            Map.of(
                "grant_type",
                GrantType.DEVICE_CODE.value(),
                "client_id",
                tv.clientId(),
                "device_code",
                json(started.body(), "device_code")));
    assertEquals(200, tokens.statusCode(), tokens.body());
    HttpResponse<String> orders = api("/api/orders", json(tokens.body(), "access_token"));
    assertEquals(200, orders.statusCode(), orders.body());
    assertTrue(orders.body().contains("\"user\":\"alice\""), orders.body());
  }

  @Test
  @DisplayName("the application's Proauth2Listener bean hears the engine's events")
  void listenerBean() throws Exception {
    userToken("orders.read");
    assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
    assertTrue(
        SampleApplication.EVENTS.stream().anyMatch(Proauth2Event.TokensIssued.class::isInstance),
        SampleApplication.EVENTS.toString());
  }

  @Test
  @DisplayName(
      "proauth2 keeps its tables through the application's DataSource: its pool is the one in the"
          + " hikaricp metrics, with proauth2's meters beside it, and no pool of proauth2's own")
  void applicationDataSource() {
    oauth.requestAccessToken(TokenRequest.clientCredentials("orders-api", API_SECRET, null));
    assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
    String pool = ((HikariDataSource) dataSource).getPoolName();
    Set<String> pools =
        meters.getMeters().stream()
            .filter(meter -> meter.getId().getName().startsWith("hikaricp."))
            .map(meter -> meter.getId().getTag("pool"))
            .collect(Collectors.toSet());
    assertEquals(Set.of(pool), pools);
    assertFalse(pool.startsWith("proauth2-jdbc"), pool);
    assertTrue(store.getClass().getName().contains("jdbc"), store.getClass().getName());
    assertTrue(
        meters.getMeters().stream()
            .map(Meter::getId)
            .anyMatch(id -> id.getName().startsWith("proauth2.")),
        "proauth2's meters are in the application's registry");
  }
}

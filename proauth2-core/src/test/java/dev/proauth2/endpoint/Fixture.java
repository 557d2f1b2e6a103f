package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proauth2.ClientRegistration;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.internal.JsonReader;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import dev.proauth2.thirdparty.TinyDataStore;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An engine on the test store {@code TinyDataStore} with one public client, and the small helpers
 * every endpoint test shares. Core's tests have only the built-in {@code none} method; the secret
 * methods are tested over HTTP in {@code proauth2-example}.
 */
final class Fixture implements AutoCloseable {

  static final String ISSUER = "https://auth.example";
  static final String REDIRECT = "https://app.example/cb";
  static final String LOOPBACK = "http://127.0.0.1:8000/native";

  private static final SecureRandom RANDOM = new SecureRandom();

  final FlakyStore store;
  final Proauth2 oauth;
  final ClientRegistration publicClient;

  /** The engine on the wall clock. */
  Fixture() {
    this(Clock.systemUTC());
  }

  /** The engine and its store on a clock a test moves. */
  Fixture(Clock clock) {
    store = new FlakyStore(new TinyDataStore(clock));
    oauth =
        Proauth2.builder()
            .dataStore(store)
            .clock(clock)
            .issuer(ISSUER)
            .registrationEndpoint("/register")
            .build();
    publicClient =
        oauth.registerApp(
            RegistrationRequest.builder("Public <app>")
                .redirectUri(REDIRECT)
                .redirectUri(LOOPBACK)
                .scope("read write")
                .authMethod("none")
                .build());
  }

  @Override
  public void close() {
    oauth.close();
    store.close();
  }

  /** A POST with a form body. */
  static EndpointRequest form(String body) {
    return EndpointRequest.builder("POST")
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .body(body)
        .build();
  }

  /** A GET with a raw query. */
  static EndpointRequest get(String query) {
    return EndpointRequest.builder("GET").query(query).build();
  }

  /** The JSON object of a response. */
  static Map<String, Object> json(EndpointResponse response) {
    assertEquals(
        Optional.of(EndpointResponse.JSON), response.header("Content-Type"), response.body());
    return JsonReader.readObject(response.body());
  }

  /** Asserts an RFC 6749 section 5.2 error: status, code, JSON, and never cached. */
  static Map<String, Object> assertError(EndpointResponse response, int status, String error) {
    Map<String, Object> body = json(response);
    assertEquals(error, body.get("error"), response.body());
    assertEquals(status, response.status(), response.body());
    assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
    assertEquals(Optional.of("no-cache"), response.header("Pragma"));
    return body;
  }

  /** The query parameters of a redirect's Location, decoded. */
  static Map<String, String> redirectParameters(EndpointResponse response) {
    assertEquals(302, response.status(), response.body());
    URI location = URI.create(response.header("Location").orElseThrow());
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : location.getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      parameters.put(
          URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }
    return parameters;
  }

  static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String newVerifier() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String challenge(String verifier) {
    return SecretHashes.sha256(verifier);
  }

  /** The query of a valid authorization request of the public client, with PKCE. */
  String authorizationQuery(String verifier) {
    return "response_type=code&client_id="
        + encode(publicClient.clientId())
        + "&redirect_uri="
        + encode(REDIRECT)
        + "&scope=read&state=xyz&code_challenge="
        + challenge(verifier)
        + "&code_challenge_method=S256";
  }

  /** Runs the authorization step and returns a code for the public client. */
  String code(String verifier) {
    EndpointResponse response =
        new AuthorizationEndpoint(oauth).approve(get(authorizationQuery(verifier)), "alice");
    return redirectParameters(response).get("code");
  }

  /** Redeems a code at the token endpoint and returns the token response's JSON. */
  Map<String, Object> tokens(String verifier) {
    EndpointResponse response =
        new TokenEndpoint(oauth)
            .handle(
                form(
                    "grant_type=authorization_code&client_id="
                        + encode(publicClient.clientId())
                        + "&code="
                        + code(verifier)
                        + "&redirect_uri="
                        + encode(REDIRECT)
                        + "&code_verifier="
                        + verifier));
    assertEquals(200, response.status(), response.body());
    return json(response);
  }

  /**
   * A store that works until told to fail, as a backend that goes down does: every call then throws
   * the failure given.
   */
  static final class FlakyStore implements DataStore {
    private final DataStore delegate;
    private final AtomicLong clientsPut = new AtomicLong();
    private volatile RuntimeException failure;

    FlakyStore(DataStore delegate) {
      this.delegate = delegate;
    }

    void goDown() {
      failure = new DataStoreUnavailableException("the test store is down", null);
    }

    void breakWith(RuntimeException e) {
      failure = e;
    }

    @Override
    public Optional<Record> fetch(Table table, String key) {
      check();
      return delegate.fetch(table, key);
    }

    /** How many client records were put: one per registration. */
    long clientsPut() {
      return clientsPut.get();
    }

    @Override
    public Optional<Record> put(Table table, Record record) {
      check();
      if (table == Table.APPLICATIONS) {
        clientsPut.incrementAndGet();
      }
      return delegate.put(table, record);
    }

    @Override
    public Optional<Record> replace(Table table, Record record) {
      check();
      return delegate.replace(table, record);
    }

    @Override
    public boolean remove(Table table, String key) {
      check();
      return delegate.remove(table, key);
    }

    @Override
    public long removeAll(Table table, String field, String value) {
      check();
      return delegate.removeAll(table, field, value);
    }

    @Override
    public void close() {
      delegate.close();
    }

    private void check() {
      if (failure != null) {
        throw failure;
      }
    }
  }
}

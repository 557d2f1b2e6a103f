package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.endpoint.BearerToken;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.IntrospectionEndpoint;
import dev.proauth2.endpoint.RevocationEndpoint;
import dev.proauth2.endpoint.TokenEndpoint;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Runs whole flows, failures included, while capturing every {@code System.Logger} and {@code
 * java.util.logging} record (the JDK routes {@code System.Logger} to the root JUL logger when no
 * other backend is installed), every exception with its causes and suppressed exceptions, and the
 * {@code toString} of every value returned; then looks for every token, code, verifier and client
 * secret handed out.
 */
@DisplayName("secrets never leak into logs, messages or toString")
class SecretLeakTest {

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private final Logger root = Logger.getLogger("");
  private Level rootLevel;
  private Handler capture;
  private Harness h;

  @BeforeEach
  void captureLogs() {
    rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
    h = Harness.observed();
  }

  @AfterEach
  void restore() {
    h.close();
    root.removeHandler(capture);
    root.setLevel(rootLevel);
  }

  /** Runs a call that must fail and keeps the whole failure as text. */
  private void failing(ThrowingSupplier<?> call) {
    try {
      Object result = call.get();
      fail("expected a failure, got " + result);
    } catch (Throwable thrown) {
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      texts.add(trace.toString());
      texts.add(String.valueOf(thrown.getLocalizedMessage()));
    }
  }

  /** Keeps a returned value's {@code toString}. */
  private <T> T shown(T value) {
    texts.add(String.valueOf(value));
    return value;
  }

  private void assertNoSecretShown(int atLeastTexts, int atLeastSecrets) {
    SimpleFormatter formatter = new SimpleFormatter();
    for (LogRecord record : records) {
      texts.add(formatter.format(record));
      if (record.getParameters() != null) {
        for (Object parameter : record.getParameters()) {
          texts.add(String.valueOf(parameter));
        }
      }
    }
    assertTrue(texts.size() >= atLeastTexts, "only " + texts.size() + " texts were captured");
    assertTrue(
        h.secrets().size() >= atLeastSecrets, "only " + h.secrets().size() + " secrets handed out");
    for (String text : texts) {
      for (String secret : h.secrets()) {
        if (text.contains(secret)) {
          fail("a secret appears in: " + text.replace(secret, "<SECRET>"));
        }
      }
    }
  }

  @Test
  @DisplayName(
      "the engine's flows, successes and refusals, show no secret in any exception or returned"
          + " value")
  void engineFlows() {
    ClientRegistration service =
        shown(
            h.remember(
                h.oauth.registerApp(
                    RegistrationRequest.builder("service")
                        .redirectUri(Harness.REDIRECT)
                        .grantType(GrantType.CLIENT_CREDENTIALS)
                        .build())));
    shown(h.app);
    shown(h.spa);
    shown(h.oauth.findApp(h.app.clientId()));
    ClientRegistration rotated = shown(h.remember(h.oauth.rotateSecret(service.clientId())));

    String verifier = h.newVerifier();
    AuthorizationRequest request = shown(h.request(h.app, verifier).build());
    AuthorizationCode code = shown(h.authorize(request));
    TokenRequest exchange =
        shown(
            TokenRequest.authorizationCode(
                h.app.clientId(), h.app.clientSecret(), code.code(), Harness.REDIRECT, verifier));
    TokenResponse tokens = shown(h.remember(h.oauth.requestAccessToken(exchange)));
    shown(h.oauth.authenticateToken(tokens.accessToken()));
    shown(h.oauth.introspect(tokens.accessToken()));
    shown(h.oauth.introspect(tokens.refreshToken()));
    TokenResponse refreshed = shown(h.refresh(h.app, tokens.refreshToken(), "read"));
    shown(
        h.remember(
            h.oauth.requestAccessToken(
                shown(
                    TokenRequest.clientCredentials(
                        service.clientId(), rotated.clientSecret(), null)))));
    ClientCredentials credentials =
        shown(new ClientCredentials("client_secret_basic", h.app.clientId(), h.app.clientSecret()));

    failing(() -> h.oauth.requestAccessToken(exchange));
    failing(() -> h.exchange(h.app, "not-the-secret", code.code(), Harness.REDIRECT, verifier));
    failing(() -> h.exchange(h.app, code, h.newVerifier()));
    failing(() -> h.exchange(h.app, code, verifier + "!"));
    failing(() -> h.exchange(h.app, code, "x".repeat(200)));
    failing(() -> h.refresh(h.app, tokens.refreshToken(), null));
    failing(() -> h.refresh(h.other, refreshed.refreshToken(), null));
    failing(() -> h.refresh(h.app, refreshed.refreshToken(), "read admin"));
    failing(() -> h.oauth.authenticateToken(tokens.accessToken()));
    failing(() -> h.oauth.authenticateToken(code.code()));
    failing(() -> h.oauth.authenticateToken(h.app.clientSecret()));
    failing(
        () ->
            h.oauth.requestAccessToken(
                TokenRequest.clientCredentials(service.clientId(), service.clientSecret(), null)));
    failing(
        () ->
            h.oauth.introspect(
                new ClientCredentials(
                    "client_secret_basic", h.app.clientId(), h.other.clientSecret()),
                refreshed.accessToken()));
    failing(
        () -> {
          h.oauth.revokeToken(
              new ClientCredentials(
                  "client_secret_basic", h.other.clientId(), h.other.clientSecret()),
              refreshed.accessToken(),
              null);
          return null;
        });
    failing(
        () -> new ClientCredentials("client_secret_basic", h.app.clientId(), verifier + "\r\n"));
    String expiring = h.newVerifier();
    AuthorizationCode late = h.authorize(h.app, expiring);
    h.advance(Duration.ofMinutes(2));
    failing(() -> h.exchange(h.app, late, expiring));
    h.oauth.revokeToken(credentials, refreshed.refreshToken(), "refresh_token");
    failing(() -> h.oauth.authenticateToken(refreshed.accessToken()));

    assertNoSecretShown(30, 14);
  }

  @Test
  @DisplayName(
      "a store failing midway shows no secret in the exception, its causes or what it suppressed")
  void storeOutages() {
    for (Table table : List.of(Table.REFRESH_TOKENS, Table.TOKENS, Table.NONCE_CODES)) {
      String verifier = h.newVerifier();
      AuthorizationCode code = h.authorize(h.app, verifier);
      h.store.failOnce(
          table == Table.NONCE_CODES
              ? ObservedStore.Operation.REPLACE
              : ObservedStore.Operation.PUT,
          table,
          () ->
              new DataStoreUnavailableException(
                  "write to " + table.tableName() + " timed out",
                  new java.net.SocketTimeoutException("Read timed out")));
      failing(() -> h.exchange(h.app, code, verifier));
    }
    TokenResponse tokens = h.tokens();
    h.store.failOnce(
        ObservedStore.Operation.REMOVE_ALL,
        Table.TOKENS,
        () -> new DataStoreUnavailableException("remove timed out", new RuntimeException("io")));
    failing(
        () -> {
          h.oauth.revokeToken(tokens.refreshToken());
          return null;
        });
    h.store.failOnce(
        ObservedStore.Operation.PUT,
        Table.REFRESH_TOKENS,
        () -> new IllegalStateException("connection pool shut down"));
    failing(() -> h.refresh(h.app, tokens.refreshToken(), null));

    assertNoSecretShown(10, 10);
  }

  @Test
  @DisplayName(
      "toString redacts every secret yet still names what the value is, so logs stay useful")
  void toStringShapes() {
    TokenResponse tokens = h.tokens();
    assertTrue(tokens.optionalRefreshToken().isPresent());
    assertTrue(h.app.optionalSecret().isPresent());
    String verifier = h.newVerifier();
    AuthorizationCode code = h.authorize(h.app, verifier);
    TokenRequest request =
        TokenRequest.authorizationCode(
            h.app.clientId(), h.app.clientSecret(), code.code(), Harness.REDIRECT, verifier);
    assertEquals(
        "TokenResponse[accessToken=REDACTED, tokenType=Bearer, expiresIn=3600,"
            + " refreshToken=REDACTED, scope=read]",
        shown(tokens).toString());
    assertEquals(
        "AuthorizationCode[code=REDACTED, state=xyz, redirectUri=REDACTED]",
        shown(code).toString());
    assertEquals(
        "TokenRequest.AuthorizationCode[clientId="
            + h.app.clientId()
            + ", clientSecret=REDACTED, code=REDACTED, redirectUri="
            + Harness.REDIRECT
            + ", codeVerifier=REDACTED, resources=[]]",
        shown(request).toString());
    assertEquals(
        "TokenRequest.RefreshToken[clientId="
            + h.spa.clientId()
            + ", clientSecret=none, refreshToken=REDACTED, scope=read, resources=[]]",
        shown(TokenRequest.refreshToken(h.spa.clientId(), null, tokens.refreshToken(), "read"))
            .toString());
    assertEquals(
        "TokenRequest.ClientCredentials[clientId="
            + h.app.clientId()
            + ", clientSecret=REDACTED, scope=null, resources=[]]",
        shown(TokenRequest.clientCredentials(h.app.clientId(), h.app.clientSecret(), null))
            .toString());
    assertTrue(
        shown(h.app)
            .toString()
            .startsWith(
                "ClientRegistration[clientId=" + h.app.clientId() + ", clientSecret=REDACTED,"),
        h.app.toString());
    assertTrue(shown(h.spa).toString().contains("clientSecret=none"), h.spa.toString());
    assertTrue(
        shown(new TokenResponse("a", "Bearer", 1, null, null))
            .toString()
            .contains("refreshToken=none"));
    assertNoSecretShown(8, 8);
  }

  private static String basic(ClientRegistration client, String secret) {
    String pair = client.clientId() + ":" + secret;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private EndpointResponse post(Object endpoint, String authorization, String form) {
    EndpointRequest request =
        shown(
            EndpointRequest.builder("POST")
                .header("Content-Type", EndpointRequest.FORM)
                .header("Authorization", authorization)
                .body(form)
                .build());
    EndpointResponse response;
    if (endpoint instanceof TokenEndpoint) {
      response = ((TokenEndpoint) endpoint).handle(request);
    } else if (endpoint instanceof RevocationEndpoint) {
      response = ((RevocationEndpoint) endpoint).handle(request);
    } else {
      response = ((IntrospectionEndpoint) endpoint).handle(request);
    }
    shown(response);
    if (response.status() >= 400) {
      texts.add(response.body());
      texts.add(String.valueOf(response.headers()));
    }
    return response;
  }

  private EndpointResponse postWithoutHeader(TokenEndpoint endpoint, String form) {
    EndpointRequest request =
        shown(
            EndpointRequest.builder("POST")
                .header("Content-Type", EndpointRequest.FORM)
                .body(form)
                .build());
    EndpointResponse response = shown(endpoint.handle(request));
    if (response.status() >= 400) {
      texts.add(response.body());
      texts.add(String.valueOf(response.headers()));
    }
    return response;
  }

  private static String field(String json, String name) {
    String marker = "\"" + name + "\":\"";
    int start = json.indexOf(marker) + marker.length();
    return json.substring(start, json.indexOf('"', start));
  }

  @Test
  @DisplayName(
      "the endpoints show no secret in a log record, an error body or a toString, even when the"
          + " store fails unexpectedly")
  void endpoints() {
    TokenEndpoint token = new TokenEndpoint(h.oauth);
    RevocationEndpoint revocation = new RevocationEndpoint(h.oauth);
    IntrospectionEndpoint introspection = new IntrospectionEndpoint(h.oauth);
    String appAuth = basic(h.app, h.app.clientSecret());

    String verifier = h.newVerifier();
    AuthorizationCode code = h.authorize(h.app, verifier);
    String redeem =
        "grant_type=authorization_code&code="
            + code.code()
            + "&redirect_uri="
            + Harness.REDIRECT
            + "&code_verifier="
            + verifier;
    EndpointResponse issued = post(token, appAuth, redeem);
    assertEquals(200, issued.status(), issued.body());
    String accessToken = h.remember(field(issued.body(), "access_token"));
    String refreshToken = h.remember(field(issued.body(), "refresh_token"));

    assertEquals(401, post(token, basic(h.app, "wrong"), redeem).status());
    assertEquals(
        401, post(token, basic(h.app, refreshToken), "grant_type=client_credentials").status());
    assertEquals(
        400,
        post(token, appAuth, "grant_type=refresh_token&refresh_token=" + accessToken).status());
    assertEquals(
        400,
        post(token, appAuth, "grant_type=authorization_code&code=" + code.code() + "&code=x")
            .status());
    assertEquals(200, post(introspection, appAuth, "token=" + refreshToken).status());
    assertEquals(
        401, post(introspection, basic(h.app, accessToken), "token=" + refreshToken).status());
    shown(BearerToken.fromAuthorizationHeader("Bearer " + accessToken));
    assertNotNull(BearerToken.fromAuthorizationHeader("Bearer " + accessToken).orElseThrow());

    h.store.failOnce(
        ObservedStore.Operation.FETCH,
        Table.APPLICATIONS,
        () -> new IllegalStateException("connection pool shut down"));
    EndpointResponse broken =
        post(token, appAuth, "grant_type=refresh_token&refresh_token=" + refreshToken);
    assertEquals(500, broken.status(), broken.body());
    h.store.failOnce(
        ObservedStore.Operation.REMOVE_ALL,
        Table.TOKENS,
        () -> new DataStoreUnavailableException("remove timed out", new RuntimeException("io")));
    assertEquals(503, post(revocation, appAuth, "token=" + refreshToken).status());
    assertEquals(200, post(revocation, appAuth, "token=" + refreshToken).status());
    assertFalse(h.alive(accessToken));
    assertEquals(400, post(token, appAuth, redeem).status());

    String spaVerifier = h.newVerifier();
    AuthorizationCode spaCode = h.authorize(h.spa, spaVerifier);
    String spaRedeem =
        "grant_type=authorization_code&client_id="
            + h.spa.clientId()
            + "&code="
            + spaCode.code()
            + "&redirect_uri="
            + Harness.REDIRECT
            + "&code_verifier=";
    assertEquals(
        401,
        postWithoutHeader(
                token, spaRedeem + spaVerifier + "&client_secret=" + h.other.clientSecret())
            .status());
    EndpointResponse spaIssued = postWithoutHeader(token, spaRedeem + spaVerifier);
    assertEquals(200, spaIssued.status(), spaIssued.body());
    h.remember(field(spaIssued.body(), "access_token"));
    h.remember(field(spaIssued.body(), "refresh_token"));
    assertEquals(400, postWithoutHeader(token, spaRedeem + h.newVerifier()).status());

    assertFalse(records.isEmpty(), "the unexpected failure was not logged, so nothing was checked");
    assertTrue(
        records.stream().anyMatch(r -> r.getLoggerName().startsWith("dev.proauth2")),
        "no record came from proauth2");
    assertNoSecretShown(20, 6);
  }
}

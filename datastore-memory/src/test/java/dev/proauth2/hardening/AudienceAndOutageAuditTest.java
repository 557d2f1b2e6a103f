package dev.proauth2.hardening;

import static dev.proauth2.hardening.Refusals.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.endpoint.BearerToken;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.TokenEndpoint;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Proauth2Listener;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The engine's findings 1, 4 and 6 of the wave-2 security audit (issue 29), each as the audit
 * reproduced it: every test here failed on the engine the audit read.
 */
@DisplayName("wave-2 audit: audience and store outages")
class AudienceAndOutageAuditTest {

  private static final String MCP = "https://auth.example/mcp";
  private static final String REDIRECT = "https://app.example/cb";
  private static final String VERIFIER = "v".repeat(43);

  @Nested
  @DisplayName("finding 1: an audience-bound token works only where its audience is checked")
  class BoundTokens {

    private Proauth2 oauth;
    private ClientRegistration app;

    @BeforeEach
    void open() {
      oauth =
          Proauth2.builder()
              .dataStore("memory:")
              .issuer("https://auth.example")
              .resource(MCP)
              .discoverListeners(false)
              .build();
      app = oauth.registerApp(RegistrationRequest.builder("app").redirectUri(REDIRECT).build());
    }

    @AfterEach
    void close() {
      oauth.close();
    }

    @Test
    @DisplayName("a token issued for the MCP server is refused by the unbound check, as at /me")
    void boundTokenRefusedByUnboundCheck() {
      TokenResponse tokens = redeem(oauth, app, authorize(oauth, app, MCP));
      assertEquals("alice", oauth.authenticateToken(tokens.accessToken(), MCP).userId());
      assertError(
          Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(tokens.accessToken()));
    }

    @Test
    @DisplayName("the bearer-token answer for such a token is 401 invalid_token")
    void boundTokenRefusedAtTheDoor() {
      TokenResponse tokens = redeem(oauth, app, authorize(oauth, app, MCP));
      Proauth2Exception refused =
          assertError(
              Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(tokens.accessToken()));
      EndpointResponse response = BearerToken.refused("api", refused);
      assertEquals(401, response.status());
      assertTrue(response.headers().get("WWW-Authenticate").contains("invalid_token"));
    }

    @Test
    @DisplayName("an unbound token still passes the unbound check")
    void unboundTokenPassesUnboundCheck() {
      TokenResponse tokens = redeem(oauth, app, authorize(oauth, app));
      assertEquals("alice", oauth.authenticateToken(tokens.accessToken()).userId());
    }
  }

  @Nested
  @DisplayName("finding 4: a grant consented without a resource never gains one")
  class NoAudienceGained {

    private Proauth2 oauth;
    private ClientRegistration app;

    @BeforeEach
    void open() {
      oauth =
          Proauth2.builder()
              .dataStore("memory:")
              .issuer("https://auth.example")
              .resource(MCP)
              .discoverListeners(false)
              .build();
      app = oauth.registerApp(RegistrationRequest.builder("app").redirectUri(REDIRECT).build());
    }

    @AfterEach
    void close() {
      oauth.close();
    }

    @Test
    @DisplayName("naming a resource at the token endpoint is invalid_target, and nothing is issued")
    void notAtTheTokenEndpoint() {
      AuthorizationCode code = authorize(oauth, app);
      assertError(Proauth2Exception.INVALID_TARGET, () -> redeem(oauth, app, code, MCP));
      // The failed redemption used the code up, as a widening redemption of a bound grant does.
      assertError(Proauth2Exception.INVALID_GRANT, () -> redeem(oauth, app, code));
    }

    @Test
    @DisplayName("naming a resource on refresh is invalid_target, and the grant stays unbound")
    void notOnRefresh() {
      TokenResponse tokens = redeem(oauth, app, authorize(oauth, app));
      assertError(Proauth2Exception.INVALID_TARGET, () -> refresh(tokens.refreshToken(), MCP));
      TokenResponse refreshed = refresh(tokens.refreshToken());
      assertError(
          Proauth2Exception.INVALID_TOKEN,
          () -> oauth.authenticateToken(refreshed.accessToken(), MCP));
      assertEquals(List.of(), oauth.authenticateToken(refreshed.accessToken()).audience());
    }

    private TokenResponse refresh(String refreshToken, String... resources) {
      return oauth.requestAccessToken(
          new TokenRequest.RefreshToken(
              app.clientId(), app.clientSecret(), refreshToken, null, List.of(resources)));
    }
  }

  @Nested
  @DisplayName("finding 6: a store outage tells clients nothing about the store")
  class Outage {

    private static final String STORE_TEXT =
        "Redis at redis://127.0.0.1:16332 failed (io.lettuce: Connection refused)";

    private final List<Proauth2Event> events = new CopyOnWriteArrayList<>();
    private final FailingStore store = new FailingStore();
    private Proauth2 oauth;
    private ClientRegistration app;

    @BeforeEach
    void open() {
      Proauth2Listener listener = events::add;
      oauth =
          Proauth2.builder()
              .dataStore(store)
              .issuer("https://auth.example")
              .listener(listener)
              .discoverListeners(false)
              .build();
      app = oauth.registerApp(RegistrationRequest.builder("app").redirectUri(REDIRECT).build());
    }

    @AfterEach
    void close() {
      oauth.close();
    }

    @Test
    @DisplayName("the token endpoint answers 503 temporarily_unavailable without the store's text")
    void tokenEndpoint() {
      store.down = true;
      EndpointResponse response =
          new TokenEndpoint(oauth)
              .handle(
                  EndpointRequest.builder("POST")
                      .header("Content-Type", EndpointRequest.FORM)
                      .body(
                          "grant_type=client_credentials&client_id="
                              + encode(app.clientId())
                              + "&client_secret="
                              + encode(app.clientSecret()))
                      .build());
      assertEquals(503, response.status());
      assertTrue(response.body().contains("\"temporarily_unavailable\""), response.body());
      assertFalse(response.body().contains("redis://"), response.body());
      assertFalse(response.body().contains("lettuce"), response.body());
    }

    @Test
    @DisplayName("a bearer-token refusal names neither the store's URL nor its driver")
    void bearerRefusal() {
      store.down = true;
      Proauth2Exception refused =
          assertError(
              Proauth2Exception.TEMPORARILY_UNAVAILABLE, () -> oauth.authenticateToken("x" + 42));
      EndpointResponse response = BearerToken.refused("api", refused);
      assertFalse(response.body().contains("redis://"), response.body());
      String challenge = response.headers().getOrDefault("WWW-Authenticate", "");
      assertFalse(challenge.contains("redis://"), challenge);
    }

    @Test
    @DisplayName("the detail goes to the StoreUnavailable event for operators")
    void detailInTheEvent() {
      store.down = true;
      assertError(
          Proauth2Exception.TEMPORARILY_UNAVAILABLE, () -> oauth.authenticateToken("x" + 42));
      assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
      Proauth2Event.StoreUnavailable event =
          events.stream()
              .filter(Proauth2Event.StoreUnavailable.class::isInstance)
              .map(Proauth2Event.StoreUnavailable.class::cast)
              .findFirst()
              .orElseThrow();
      assertTrue(event.detail().contains("redis://127.0.0.1:16332"), event.detail());
    }

    /** The memory store, failing every call as a store whose server went away does. */
    private final class FailingStore implements DataStore {
      private final DataStore memory = dev.proauth2.DataStores.open("memory:");
      volatile boolean down;

      private void check() {
        if (down) {
          throw new DataStoreUnavailableException(STORE_TEXT, new RuntimeException("refused"));
        }
      }

      @Override
      public Optional<Record> fetch(Table table, String key) {
        check();
        return memory.fetch(table, key);
      }

      @Override
      public Optional<Record> put(Table table, Record record) {
        check();
        return memory.put(table, record);
      }

      @Override
      public Optional<Record> replace(Table table, Record record) {
        check();
        return memory.replace(table, record);
      }

      @Override
      public boolean remove(Table table, String key) {
        check();
        return memory.remove(table, key);
      }

      @Override
      public long removeAll(Table table, String field, String value) {
        check();
        return memory.removeAll(table, field, value);
      }

      @Override
      public void close() {
        memory.close();
      }
    }
  }

  private static AuthorizationCode authorize(
      Proauth2 oauth, ClientRegistration client, String... resources) {
    AuthorizationRequest.Builder request =
        AuthorizationRequest.builder()
            .clientId(client.clientId())
            .userId("alice")
            .redirectUri(REDIRECT)
            .state("s")
            .codeChallenge(SecretHashes.sha256(VERIFIER))
            .codeChallengeMethod(CodeChallengeMethod.S256);
    for (String resource : resources) {
      request.resource(resource);
    }
    return oauth.requestAuthorization(request.build());
  }

  private static TokenResponse redeem(
      Proauth2 oauth, ClientRegistration client, AuthorizationCode code, String... resources) {
    return oauth.requestAccessToken(
        new TokenRequest.AuthorizationCode(
            client.clientId(),
            client.clientSecret(),
            code.code(),
            REDIRECT,
            VERIFIER,
            List.of(resources)));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.assertError;
import static dev.proauth2.endpoint.Fixture.encode;
import static dev.proauth2.endpoint.Fixture.form;
import static dev.proauth2.endpoint.Fixture.get;
import static dev.proauth2.endpoint.Fixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.MovingClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How many clients may register themselves, and for how long (audit finding 1): open registration
 * must not let anyone fill the store, and a registration nobody uses must not stay forever. The
 * engine and the endpoint share a clock the tests move, so no test waits.
 */
@DisplayName("the limits of open registration")
class RegistrationLimitsTest {

  private static final String ADDRESS = "203.0.113.7";
  private static final String OTHER_ADDRESS = "198.51.100.9";
  private static final String PUBLIC_CLIENT =
      "{\"redirect_uris\":[\"" + Fixture.REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}";

  private final MovingClock clock = new MovingClock();
  private final Fixture fixture = new Fixture(clock);

  @AfterEach
  void close() {
    fixture.close();
  }

  private static EndpointResponse register(
      RegistrationEndpoint endpoint, String address, String json) {
    EndpointRequest.Builder request =
        EndpointRequest.builder("POST").header("Content-Type", "application/json").body(json);
    if (address != null) {
      request.remoteAddress(address);
    }
    return endpoint.handle(request.build());
  }

  private static EndpointResponse register(RegistrationEndpoint endpoint, String address) {
    return register(endpoint, address, PUBLIC_CLIENT);
  }

  private RegistrationEndpoint endpoint(RegistrationPolicy policy) {
    return new RegistrationEndpoint(fixture.oauth, policy, clock);
  }

  /** Registers a public client and returns its id. */
  private static String registered(RegistrationEndpoint endpoint, String address) {
    EndpointResponse response = register(endpoint, address);
    assertEquals(201, response.status(), response.body());
    return (String) json(response).get("client_id");
  }

  @Nested
  @DisplayName("the rate limit")
  class RateLimit {

    private final RegistrationEndpoint endpoint = endpoint(RegistrationPolicy.strict());

    @Test
    @DisplayName(
        "the 21st registration from one address within the hour is 429 with Retry-After, and"
            + " stores nothing")
    void perSource() {
      for (int i = 0; i < 20; i++) {
        registered(endpoint, ADDRESS);
      }
      long stored = fixture.store.clientsPut();
      clock.advance(Duration.ofMinutes(10));
      EndpointResponse refused = register(endpoint, ADDRESS);
      Map<String, Object> body = assertError(refused, 429, "temporarily_unavailable");
      assertEquals(Optional.of("3000"), refused.header("Retry-After"));
      assertTrue(
          body.get("error_description").toString().contains("from this address"), refused.body());
      assertFalse(body.containsKey("client_id"));
      assertEquals(stored, fixture.store.clientsPut(), "a refused registration stored a client");
    }

    @Test
    @DisplayName("another address still registers while one is limited")
    void otherSource() {
      for (int i = 0; i < 20; i++) {
        registered(endpoint, ADDRESS);
      }
      assertEquals(429, register(endpoint, ADDRESS).status());
      registered(endpoint, OTHER_ADDRESS);
    }

    @Test
    @DisplayName("an address registers again once its window has passed, and not a second sooner")
    void windowPasses() {
      for (int i = 0; i < 20; i++) {
        registered(endpoint, ADDRESS);
      }
      clock.advance(Duration.ofHours(1).minusSeconds(1));
      EndpointResponse refused = register(endpoint, ADDRESS);
      assertEquals(429, refused.status());
      assertEquals(Optional.of("1"), refused.header("Retry-After"));
      clock.advance(Duration.ofSeconds(1));
      registered(endpoint, ADDRESS);
    }

    @Test
    @DisplayName("past the total limit every address is refused, naming the server's limit")
    void total() {
      RegistrationEndpoint limited =
          endpoint(RegistrationPolicy.builder().rateLimit(2, 3, Duration.ofMinutes(5)).build());
      registered(limited, ADDRESS);
      registered(limited, ADDRESS);
      registered(limited, OTHER_ADDRESS);
      clock.advance(Duration.ofMinutes(1));
      EndpointResponse refused = register(limited, "192.0.2.1");
      Map<String, Object> body = assertError(refused, 429, "temporarily_unavailable");
      assertEquals(Optional.of("240"), refused.header("Retry-After"));
      assertTrue(
          body.get("error_description").toString().contains("registered here"), refused.body());
      clock.advance(Duration.ofMinutes(4));
      registered(limited, "192.0.2.1");
    }

    @Test
    @DisplayName("a registration that fails does not count")
    void failuresDoNotCount() {
      for (int i = 0; i < 25; i++) {
        assertError(
            register(endpoint, ADDRESS, "{\"redirect_uris\":[\"http://app.example/cb\"]}"),
            400,
            "invalid_redirect_uri");
      }
      for (int i = 0; i < 20; i++) {
        registered(endpoint, ADDRESS);
      }
      assertEquals(429, register(endpoint, ADDRESS).status());
    }

    @Test
    @DisplayName("requests without an address share one count")
    void noAddress() {
      for (int i = 0; i < 20; i++) {
        registered(endpoint, null);
      }
      assertEquals(429, register(endpoint, null).status());
      registered(endpoint, ADDRESS);
    }

    @Test
    @DisplayName("the limiter tracks no more sources than its capacity")
    void boundedTable() {
      RegistrationLimiter limiter =
          new RegistrationLimiter(1, 1_000, Duration.ofHours(1), clock, 3);
      for (int i = 0; i < 10; i++) {
        assertTrue(limiter.take("192.0.2." + i).taken().isPresent());
        assertTrue(limiter.tracked() <= 3, "tracked " + limiter.tracked());
      }
      assertEquals(3, limiter.tracked());
      assertTrue(limiter.take("192.0.2.9").taken().isEmpty(), "a tracked source is still limited");
    }

    @Test
    @DisplayName("the limiter drops windows that have ended")
    void expiredWindowsDropped() {
      RegistrationLimiter limiter = new RegistrationLimiter(1, 1_000, Duration.ofHours(1), clock);
      for (int i = 0; i < 10; i++) {
        limiter.take("192.0.2." + i);
      }
      clock.advance(Duration.ofHours(1));
      limiter.take("192.0.2.200");
      assertEquals(1, limiter.tracked());
    }
  }

  @Nested
  @DisplayName("the lifetime of a self-registered client")
  class Lifetime {

    private final RegistrationEndpoint endpoint = endpoint(RegistrationPolicy.strict());
    private final TokenEndpoint tokens = new TokenEndpoint(fixture.oauth);

    /** A token request with a code that was never issued: invalid_grant for a known client. */
    private EndpointResponse redeemUnknownCode(String clientId) {
      return tokens.handle(
          form(
              "grant_type=authorization_code&client_id="
                  + encode(clientId)
                  + "&code=never-issued&redirect_uri="
                  + encode(Fixture.REDIRECT)
                  + "&code_verifier="
                  + Fixture.newVerifier()));
    }

    /** Runs the code flow for a client and returns its refresh token. */
    private String codeFlow(String clientId) {
      String verifier = Fixture.newVerifier();
      EndpointResponse approved =
          new AuthorizationEndpoint(fixture.oauth)
              .approve(
                  get(
                      "response_type=code&client_id="
                          + encode(clientId)
                          + "&redirect_uri="
                          + encode(Fixture.REDIRECT)
                          + "&state=xyz&code_challenge="
                          + Fixture.challenge(verifier)
                          + "&code_challenge_method=S256"),
                  "alice");
      EndpointResponse issued =
          tokens.handle(
              form(
                  "grant_type=authorization_code&client_id="
                      + encode(clientId)
                      + "&code="
                      + Fixture.redirectParameters(approved).get("code")
                      + "&redirect_uri="
                      + encode(Fixture.REDIRECT)
                      + "&code_verifier="
                      + verifier));
      assertEquals(200, issued.status(), issued.body());
      return (String) json(issued).get("refresh_token");
    }

    private EndpointResponse refresh(String clientId, String refreshToken) {
      return tokens.handle(
          form(
              "grant_type=refresh_token&client_id="
                  + encode(clientId)
                  + "&refresh_token="
                  + encode(refreshToken)));
    }

    @Test
    @DisplayName(
        "the response says when the registration ends: client_secret_expires_at, 90 days on, for"
            + " a public client too")
    void expiresAtReported() {
      long now = clock.millis() / 1000;
      EndpointResponse response = register(endpoint, ADDRESS);
      assertEquals(201, response.status(), response.body());
      Map<String, Object> body = json(response);
      assertEquals(BigDecimal.valueOf(now), body.get("client_id_issued_at"));
      assertEquals(
          BigDecimal.valueOf(now + Duration.ofDays(90).toSeconds()),
          body.get("client_secret_expires_at"));
      assertNull(body.get("client_secret"));
    }

    @Test
    @DisplayName("a client never issued tokens is unknown after 24 hours: invalid_client")
    void unusedReclaimed() {
      String clientId = registered(endpoint, ADDRESS);
      clock.advance(Duration.ofHours(24).minusSeconds(1));
      assertError(redeemUnknownCode(clientId), 400, "invalid_grant");
      clock.advance(Duration.ofSeconds(1));
      assertError(redeemUnknownCode(clientId), 401, "invalid_client");
      assertEquals(Optional.empty(), fixture.oauth.findApp(clientId));
    }

    @Test
    @DisplayName(
        "a client issued tokens outlives the 24 hours, and is unknown once its 90 days are over")
    void usedLivesItsLifetime() {
      String clientId = registered(endpoint, ADDRESS);
      clock.advance(Duration.ofHours(23));
      String refreshToken = codeFlow(clientId);
      clock.advance(Duration.ofDays(2));
      EndpointResponse refreshed = refresh(clientId, refreshToken);
      assertEquals(200, refreshed.status(), refreshed.body());
      // A refresh token's grant lasts 30 days; a new grant just before the 90 days are over.
      clock.advance(Duration.ofDays(88).minusHours(23).minusSeconds(1));
      refreshToken = codeFlow(clientId);
      clock.advance(Duration.ofSeconds(1));
      assertError(refresh(clientId, refreshToken), 401, "invalid_client");
      assertEquals(Optional.empty(), fixture.oauth.findApp(clientId));
    }

    @Test
    @DisplayName("the policy's lifetimes are the ones a client gets")
    void policyLifetimes() {
      RegistrationEndpoint shortLived =
          endpoint(
              RegistrationPolicy.builder()
                  .clientLifetime(Duration.ofDays(7))
                  .unusedClientLifetime(Duration.ofHours(1))
                  .build());
      long now = clock.millis() / 1000;
      EndpointResponse response = register(shortLived, ADDRESS);
      assertEquals(
          BigDecimal.valueOf(now + Duration.ofDays(7).toSeconds()),
          json(response).get("client_secret_expires_at"));
      String clientId = (String) json(response).get("client_id");
      clock.advance(Duration.ofHours(1));
      assertError(redeemUnknownCode(clientId), 401, "invalid_client");
    }

    @Test
    @DisplayName("a client the host registered never expires")
    void hostRegistrationsStay() {
      clock.advance(Duration.ofDays(3651));
      assertError(redeemUnknownCode(fixture.publicClient.clientId()), 400, "invalid_grant");
      assertNull(fixture.oauth.findApp(fixture.publicClient.clientId()).orElseThrow().expiresAt());
    }
  }
}

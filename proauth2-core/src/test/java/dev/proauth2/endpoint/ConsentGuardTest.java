package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The consent form's protection against cross-site request forgery (audit finding 10): the answer
 * counts only with a one-time nonce issued to this browser session for this very request, posted
 * from this origin.
 */
@DisplayName("the consent guard")
class ConsentGuardTest {

  private static final String SESSION = "session-of-alice";

  private final Fixture fixture = new Fixture();
  private final AuthorizationEndpoint endpoint = new AuthorizationEndpoint(fixture.oauth);
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final ConsentGuard guard =
      new ConsentGuard(
          new Clock() {
            @Override
            public ZoneId getZone() {
              return ZoneId.of("UTC");
            }

            @Override
            public Clock withZone(ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now;
            }
          });
  private final String query = fixture.authorizationQuery(Fixture.newVerifier());

  @AfterEach
  void close() {
    fixture.close();
  }

  private AuthorizationCheck shown() {
    AuthorizationCheck check = endpoint.check(Fixture.get(query));
    assertTrue(check.isValid());
    return check;
  }

  /** The consent post as the form sends it, with extra headers as name, value pairs. */
  private EndpointRequest answer(String nonce, String query, String... headers) {
    AuthorizationCheck check = endpoint.check(Fixture.get(query));
    Map<String, String> fields = new LinkedHashMap<>(check.parameters());
    fields.put(ConsentGuard.FIELD, nonce);
    fields.put("consent", "approve");
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (name, value) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(Fixture.encode(name))
                .append('=')
                .append(Fixture.encode(value)));
    EndpointRequest.Builder request =
        EndpointRequest.builder("POST")
            .header("Content-Type", EndpointRequest.FORM)
            .header("Host", "auth.example")
            .body(body.toString());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request.build();
  }

  private Optional<EndpointResponse> refuse(EndpointRequest post, String session) {
    return guard.refuse(post, endpoint.check(post), session);
  }

  @Test
  @DisplayName("the nonce of this session and request, posted from this origin, is accepted once")
  void acceptedOnce() {
    String nonce = guard.issue(shown(), SESSION);
    EndpointRequest post =
        answer(nonce, query, "Origin", "https://auth.example", "Sec-Fetch-Site", "same-origin");
    assertEquals(Optional.empty(), refuse(post, SESSION));
    assertEquals(403, refuse(post, SESSION).orElseThrow().status(), "a replay of the same post");
  }

  @Test
  @DisplayName("a post from another site is refused, whatever it carries")
  void crossSite() {
    String nonce = guard.issue(shown(), SESSION);
    assertEquals(
        403,
        refuse(answer(nonce, query, "Origin", "https://evil.example"), SESSION)
            .orElseThrow()
            .status());
    String second = guard.issue(shown(), SESSION);
    assertEquals(
        403,
        refuse(answer(second, query, "Sec-Fetch-Site", "cross-site"), SESSION)
            .orElseThrow()
            .status());
    String third = guard.issue(shown(), SESSION);
    assertEquals(
        403, refuse(answer(third, query, "Origin", "null"), SESSION).orElseThrow().status());
  }

  @Test
  @DisplayName("no nonce, a made-up one, or one issued to another session is refused")
  void wrongNonce() {
    assertEquals(403, refuse(answer("", query), SESSION).orElseThrow().status());
    assertEquals(403, refuse(answer("x".repeat(43), query), SESSION).orElseThrow().status());
    String attackers = guard.issue(shown(), "session-of-mallory");
    assertEquals(403, refuse(answer(attackers, query), SESSION).orElseThrow().status());
  }

  @Test
  @DisplayName("a nonce issued for one authorization request does not approve another")
  void otherRequest() {
    String nonce = guard.issue(shown(), SESSION);
    String otherQuery = fixture.authorizationQuery(Fixture.newVerifier());
    assertNotEquals(query, otherQuery);
    assertEquals(403, refuse(answer(nonce, otherQuery), SESSION).orElseThrow().status());
  }

  @Test
  @DisplayName("a nonce older than ten minutes is refused")
  void expired() {
    String nonce = guard.issue(shown(), SESSION);
    now = now.plus(Duration.ofMinutes(10));
    assertEquals(403, refuse(answer(nonce, query), SESSION).orElseThrow().status());
  }

  @Test
  @DisplayName("an empty session is a programming error")
  void emptySession() {
    assertThrows(IllegalArgumentException.class, () -> guard.issue(shown(), ""));
  }
}

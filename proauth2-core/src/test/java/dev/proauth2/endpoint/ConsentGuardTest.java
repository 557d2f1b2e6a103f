package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  @Test
  @DisplayName(
      "one session showing the form 100,001 times does not push out another session's pending"
          + " form")
  void oneSessionCannotEvictOthers() {
    String alices = guard.issue(shown(), SESSION);
    AuthorizationCheck check = shown();
    for (int i = 0; i < 100_001; i++) {
      guard.issue(check, "session-of-mallory");
    }
    assertEquals(Optional.empty(), refuse(answer(alices, query), SESSION));
  }

  @Test
  @DisplayName(
      "past 16 pending forms a session's oldest is stale, and its 16 newest are still accepted")
  void perSessionBound() {
    List<String> nonces = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      nonces.add(guard.issue(shown(), SESSION));
    }
    assertEquals(403, refuse(answer(nonces.get(0), query), SESSION).orElseThrow().status());
    for (String nonce : nonces.subList(1, 17)) {
      assertEquals(Optional.empty(), refuse(answer(nonce, query), SESSION));
    }
  }

  @Test
  @DisplayName(
      "past the bound in all, the session least recently shown a form is dropped whole, and the"
          + " others keep theirs")
  void globalBoundDropsWholeSessions() {
    ConsentGuard small = new ConsentGuard(Clock.systemUTC(), 2, 4);
    String alice1 = small.issue(shown(), "alice");
    String alice2 = small.issue(shown(), "alice");
    String bob1 = small.issue(shown(), "bob");
    String alice3 = small.issue(shown(), "alice"); // alice's first is her own oldest: gone
    String bob2 = small.issue(shown(), "bob"); // four pending: alice 2 and 3, bob 1 and 2
    String carol = small.issue(shown(), "carol"); // five: alice, least recently active, goes
    for (String[] stale :
        new String[][] {{alice1, "alice"}, {alice2, "alice"}, {alice3, "alice"}}) {
      EndpointRequest post = answer(stale[0], query);
      assertEquals(403, small.refuse(post, endpoint.check(post), stale[1]).orElseThrow().status());
    }
    for (String[] live : new String[][] {{bob1, "bob"}, {bob2, "bob"}, {carol, "carol"}}) {
      EndpointRequest post = answer(live[0], query);
      assertEquals(Optional.empty(), small.refuse(post, endpoint.check(post), live[1]));
    }
  }

  @Test
  @DisplayName("a nonce posted from another session stays usable by its own")
  void otherSessionDoesNotBurn() {
    String nonce = guard.issue(shown(), SESSION);
    assertEquals(403, refuse(answer(nonce, query), "session-of-mallory").orElseThrow().status());
    assertEquals(Optional.empty(), refuse(answer(nonce, query), SESSION));
  }

  @Test
  @DisplayName("bounds below one form per session, or in all below one session's, are refused")
  void badBounds() {
    assertThrows(IllegalArgumentException.class, () -> new ConsentGuard(Clock.systemUTC(), 0, 4));
    assertThrows(IllegalArgumentException.class, () -> new ConsentGuard(Clock.systemUTC(), 5, 4));
  }
}

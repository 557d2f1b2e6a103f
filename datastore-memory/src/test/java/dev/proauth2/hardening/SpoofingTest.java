package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuditLog;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.RegistrationEndpoint;
import dev.proauth2.endpoint.RevocationEndpoint;
import dev.proauth2.endpoint.TokenEndpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wave-2 audit's spoofing findings (issue 29) as an attacker tries them through the endpoint
 * helpers: characters that a terminal, an editor or a browser acts on instead of showing (a C1 CSI,
 * bidi overrides and isolates, zero-width characters, U+2028), sent as a client id, as the address
 * the host reports, or as a client's name for the consent page.
 */
@DisplayName("spoofing the audit log and the consent page")
class SpoofingTest {

  /** Appended to a real client id: CSI "31m" paints the rest red; U+202E reverses it. */
  private static final List<String> HOSTILE =
      List.of("\u009b31m", "\u202e", "\u2066", "\u200b", "\u2028", "\u061c", "\ufeff", "\u0085");

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Harness h = Harness.observed(builder -> builder.listener(new AuditLog(lines::add)));
  private final TokenEndpoint tokenEndpoint = new TokenEndpoint(h.oauth);
  private final RevocationEndpoint revocationEndpoint = new RevocationEndpoint(h.oauth);

  @AfterEach
  void close() {
    h.close();
  }

  private static String basic(String clientId, String secret) {
    String pair =
        URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static EndpointRequest.Builder form(String body) {
    return EndpointRequest.builder("POST")
        .header("Content-Type", EndpointRequest.FORM)
        .body(body)
        .remoteAddress("203.0.113.66");
  }

  /** The audit lines written so far, each checked to hold no character a terminal acts on. */
  private List<String> auditLines() {
    assertTrue(h.oauth.flushEvents(Duration.ofSeconds(10)));
    for (String line : lines) {
      line.codePoints()
          .forEach(
              c -> {
                int type = Character.getType(c);
                assertFalse(
                    type == Character.CONTROL
                        || type == Character.FORMAT
                        || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR,
                    "an audit line holds U+" + Integer.toHexString(c) + " raw: " + line);
              });
    }
    return lines;
  }

  @Test
  @DisplayName(
      "client ids with a C1 CSI, bidi, zero-width or separator character are 401 invalid_client"
          + " at the token and revocation endpoints, and reach neither the store nor the audit log")
  void hostileClientIds() {
    assertTrue(h.oauth.flushEvents(Duration.ofSeconds(10)));
    lines.clear();
    String before = h.store.dump();
    for (String hostile : HOSTILE) {
      String id = h.app.clientId() + hostile;
      EndpointResponse token =
          tokenEndpoint.handle(
              form("grant_type=client_credentials")
                  .header("Authorization", basic(id, h.app.clientSecret()))
                  .build());
      assertEquals(401, token.status(), token.body());
      assertTrue(token.body().contains("\"invalid_client\""), token.body());
      EndpointResponse revocation =
          revocationEndpoint.handle(
              form("token="
                      + "x".repeat(43)
                      + "&client_id="
                      + URLEncoder.encode(h.spa.clientId() + hostile, StandardCharsets.UTF_8))
                  .build());
      assertEquals(401, revocation.status(), revocation.body());
      assertTrue(revocation.body().contains("\"invalid_client\""), revocation.body());
    }
    assertEquals(List.of(), auditLines());
    assertEquals(before, h.store.dump());
  }

  @Test
  @DisplayName(
      "a source address with a right-to-left override or a CSI, as a host may take it from a"
          + " header, is escaped in the audit line of a failed authentication")
  void hostileSource() {
    for (String source : List.of("198.51.100.7\u202e", "198.51.100.7\u009b2J")) {
      EndpointResponse token =
          tokenEndpoint.handle(
              form("grant_type=client_credentials")
                  .header("Authorization", basic(h.app.clientId(), "guess"))
                  .remoteAddress(source)
                  .build());
      assertEquals(401, token.status());
    }
    List<String> written = auditLines();
    assertTrue(
        written.stream().anyMatch(line -> line.endsWith(" source=\"198.51.100.7\\u202e\"")),
        String.valueOf(written));
    assertTrue(
        written.stream().anyMatch(line -> line.endsWith(" source=\"198.51.100.7\\u009b2J\"")),
        String.valueOf(written));
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"202E", "2067", "200B", "200D", "2060", "FEFF", "061C", "009B"})
  @DisplayName(
      "a registration whose client_name hides or reverses text is 400 invalid_client_metadata,"
          + " does not echo the name and stores nothing")
  void spoofedNames(String hex) {
    RegistrationEndpoint registration = new RegistrationEndpoint(h.oauth);
    String before = h.store.dump();
    EndpointResponse refused =
        registration.handle(
            EndpointRequest.builder("POST")
                .header("Content-Type", "application/json")
                .body(
                    "{\"client_name\":\"Photos\\u"
                        + hex
                        + "elpmaxe.live\",\"redirect_uris\":[\""
                        + Harness.REDIRECT
                        + "\"],\"token_endpoint_auth_method\":\"none\"}")
                .build());
    assertEquals(400, refused.status(), refused.body());
    assertTrue(refused.body().contains("\"invalid_client_metadata\""), refused.body());
    assertFalse(refused.body().contains("elpmaxe"), refused.body());
    assertEquals(before, h.store.dump());
  }

  @Test
  @DisplayName("the control: an Arabic name and one with an emoji and an accent register")
  void ordinaryNames() {
    RegistrationEndpoint registration = new RegistrationEndpoint(h.oauth);
    for (String name : List.of("تطبيق الصور", "Café ☕")) {
      EndpointResponse registered =
          registration.handle(
              EndpointRequest.builder("POST")
                  .header("Content-Type", "application/json")
                  .body(
                      "{\"client_name\":\""
                          + name
                          + "\",\"redirect_uris\":[\""
                          + Harness.REDIRECT
                          + "\"],\"token_endpoint_auth_method\":\"none\"}")
                  .build());
      assertEquals(201, registered.status(), registered.body());
      assertTrue(registered.body().contains(name), registered.body());
    }
  }
}

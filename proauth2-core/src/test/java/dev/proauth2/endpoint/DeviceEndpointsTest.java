package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.assertError;
import static dev.proauth2.endpoint.Fixture.encode;
import static dev.proauth2.endpoint.Fixture.form;
import static dev.proauth2.endpoint.Fixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The device grant's endpoint helpers: the device authorization endpoint, the verification step
 * with its CSRF guard, and the token endpoint's dispatch of the device grant.
 */
class DeviceEndpointsTest {

  private static final String SESSION = "session-of-alice";

  private final Fixture fixture = new Fixture();
  private final DeviceAuthorizationEndpoint devices =
      new DeviceAuthorizationEndpoint(fixture.oauth);
  private final TokenEndpoint tokens = new TokenEndpoint(fixture.oauth);
  private final ConsentGuard guard = new ConsentGuard();
  private final DeviceVerification verification = new DeviceVerification(fixture.oauth, guard);
  private final ClientRegistration cli =
      fixture.oauth.registerApp(
          RegistrationRequest.builder("A CLI")
              .authMethod("none")
              .grantType(GrantType.DEVICE_CODE)
              .scope("read write")
              .build());

  @AfterEach
  void close() {
    fixture.close();
  }

  private Map<String, Object> start() {
    EndpointResponse response =
        devices.handle(form("client_id=" + encode(cli.clientId()) + "&scope=read"));
    assertEquals(200, response.status(), response.body());
    return json(response);
  }

  private EndpointResponse poll(Object deviceCode) {
    return tokens.handle(
        form(
            "grant_type="
                + encode(GrantType.DEVICE_CODE.value())
                + "&client_id="
                + encode(cli.clientId())
                + "&device_code="
                + deviceCode));
  }

  private static EndpointRequest answer(Object userCode, String nonce, String consent) {
    return EndpointRequest.builder("POST")
        .header("Content-Type", EndpointRequest.FORM)
        .header("Host", "auth.example")
        .header("Origin", "https://auth.example")
        .body(
            "user_code="
                + encode(userCode.toString())
                + "&consent="
                + consent
                + (nonce == null ? "" : "&" + ConsentGuard.FIELD + "=" + encode(nonce)))
        .build();
  }

  @Test
  @DisplayName(
      "the device authorization endpoint answers the RFC 8628 section 3.2 JSON, never cached")
  void deviceAuthorization() {
    EndpointResponse response =
        devices.handle(form("client_id=" + encode(cli.clientId()) + "&scope=read"));
    assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
    Map<String, Object> body = json(response);
    assertEquals(43, body.get("device_code").toString().length());
    String userCode = body.get("user_code").toString();
    assertTrue(userCode.matches("[A-Z]{4}-[A-Z]{4}"), userCode);
    assertEquals("https://auth.example/device", body.get("verification_uri"));
    assertEquals(
        "https://auth.example/device?user_code=" + userCode, body.get("verification_uri_complete"));
    assertEquals("600", body.get("expires_in").toString());
    assertEquals("5", body.get("interval").toString());
  }

  @Test
  @DisplayName(
      "the device authorization endpoint answers errors as the token endpoint: GET 405, unknown"
          + " client 401, a client without the grant unauthorized_client, a wider scope"
          + " invalid_scope")
  void deviceAuthorizationErrors() {
    assertEquals(405, devices.handle(EndpointRequest.builder("GET").build()).status());
    assertError(devices.handle(form("client_id=nobody")), 401, "invalid_client");
    assertError(
        devices.handle(form("client_id=" + encode(fixture.publicClient.clientId()))),
        400,
        "unauthorized_client");
    assertError(
        devices.handle(form("client_id=" + encode(cli.clientId()) + "&scope=admin")),
        400,
        "invalid_scope");
    assertError(
        devices.handle(
            EndpointRequest.builder("POST")
                .header("Content-Type", EndpointRequest.FORM)
                .query("client_id=" + encode(cli.clientId()))
                .body("scope=read")
                .build()),
        400,
        "invalid_request");
  }

  @Test
  @DisplayName(
      "the whole flow: pending, the verification page with the guard's nonce, approval, tokens"
          + " once")
  void flow() {
    Map<String, Object> started = start();
    Object deviceCode = started.get("device_code");
    assertError(poll(deviceCode), 400, "authorization_pending");

    DeviceCheck shown =
        verification.check(
            Fixture.get("user_code=" + encode(started.get("user_code").toString().toLowerCase())));
    assertTrue(shown.isValid(), shown.toString());
    assertEquals("A CLI", shown.request().clientName());
    assertEquals("read", shown.request().scope());
    String nonce = guard.issue(shown, SESSION);

    EndpointRequest post = answer(started.get("user_code"), nonce, "approve");
    EndpointResponse done = verification.decide(post, verification.check(post), SESSION, "alice");
    assertEquals(200, done.status(), done.body());

    EndpointResponse issued = poll(deviceCode);
    assertEquals(200, issued.status(), issued.body());
    assertEquals(
        "alice",
        fixture.oauth.authenticateToken(json(issued).get("access_token").toString()).userId());
    assertError(poll(deviceCode), 400, "invalid_grant");
  }

  @Test
  @DisplayName("a denial posted with the nonce makes the device's poll access_denied")
  void denied() {
    Map<String, Object> started = start();
    DeviceCheck shown = verification.check(Fixture.get("user_code=" + started.get("user_code")));
    String nonce = guard.issue(shown, SESSION);
    EndpointRequest post = answer(started.get("user_code"), nonce, "deny");
    assertEquals(
        200, verification.decide(post, verification.check(post), SESSION, "alice").status());
    assertError(poll(started.get("device_code")), 400, "access_denied");
  }

  @Test
  @DisplayName(
      "an answer without the nonce, with another session's, or from another site is 403 and"
          + " decides nothing")
  void guarded() {
    Map<String, Object> started = start();
    Object userCode = started.get("user_code");
    DeviceCheck shown = verification.check(Fixture.get("user_code=" + userCode));
    String mallorys = guard.issue(shown, "session-of-mallory");
    String alices = guard.issue(shown, SESSION);
    for (EndpointRequest post :
        new EndpointRequest[] {
          answer(userCode, null, "approve"),
          answer(userCode, mallorys, "approve"),
          EndpointRequest.builder("POST")
              .header("Content-Type", EndpointRequest.FORM)
              .header("Host", "auth.example")
              .header("Origin", "https://evil.example")
              .body("user_code=" + userCode + "&consent=approve&consent_nonce=" + alices)
              .build()
        }) {
      assertEquals(
          403, verification.decide(post, verification.check(post), SESSION, "alice").status());
    }
    assertError(poll(started.get("device_code")), 400, "authorization_pending");
  }

  @Test
  @DisplayName(
      "a wrong user code is a 400 page; past ten from one address the page is 429 with"
          + " Retry-After")
  void guessing() {
    Map<String, Object> started = start();
    for (int i = 0; i < 10; i++) {
      DeviceCheck wrong =
          verification.check(
              EndpointRequest.builder("GET")
                  .query("user_code=BBBB-BBB" + "CDFGHJKLMN".charAt(i))
                  .remoteAddress("192.0.2.66")
                  .build());
      assertFalse(wrong.isValid());
      assertEquals(400, wrong.errorResponse().orElseThrow().status());
    }
    DeviceCheck blocked =
        verification.check(
            EndpointRequest.builder("GET")
                .query("user_code=" + started.get("user_code"))
                .remoteAddress("192.0.2.66")
                .build());
    EndpointResponse page = blocked.errorResponse().orElseThrow();
    assertEquals(429, page.status());
    assertTrue(page.header("Retry-After").isPresent());
  }
}

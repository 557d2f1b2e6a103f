package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.assertError;
import static dev.proauth2.endpoint.Fixture.encode;
import static dev.proauth2.endpoint.Fixture.form;
import static dev.proauth2.endpoint.Fixture.get;
import static dev.proauth2.endpoint.Fixture.json;
import static dev.proauth2.endpoint.Fixture.redirectParameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.MovingClock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PushedAuthorizationEndpointTest {

  private final MovingClock clock = new MovingClock();
  private final Fixture fixture = new Fixture(clock);
  private final PushedAuthorizationEndpoint par = new PushedAuthorizationEndpoint(fixture.oauth);
  private final AuthorizationEndpoint authorization = new AuthorizationEndpoint(fixture.oauth);
  private final String verifier = Fixture.newVerifier();
  private final String clientId = encode(fixture.publicClient.clientId());

  @AfterEach
  void close() {
    fixture.close();
  }

  private EndpointResponse push(String extra) {
    return par.handle(form(fixture.authorizationQuery(verifier) + extra));
  }

  private String requestUri() {
    EndpointResponse response = push("");
    assertEquals(201, response.status(), response.body());
    return (String) json(response).get("request_uri");
  }

  private EndpointRequest byReference(String requestUri) {
    return get("client_id=" + clientId + "&request_uri=" + encode(requestUri));
  }

  @Test
  @DisplayName("answers 201 with request_uri and expires_in, never cached")
  void created() {
    EndpointResponse response = push("");
    assertEquals(201, response.status(), response.body());
    Map<String, Object> body = json(response);
    assertTrue(((String) body.get("request_uri")).startsWith("urn:ietf:params:oauth:request_uri:"));
    assertEquals(60L, ((Number) body.get("expires_in")).longValue());
    assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
  }

  @Test
  @DisplayName("runs the whole flow: push, check by reference, approve, redeem the code")
  void flow() {
    String requestUri = requestUri();
    AuthorizationCheck check = authorization.check(byReference(requestUri));
    assertTrue(check.isValid(), check::toString);
    assertEquals(Optional.of("read"), check.scope());
    assertEquals(Optional.of("xyz"), check.state());
    assertEquals(
        Map.of("client_id", fixture.publicClient.clientId(), "request_uri", requestUri),
        check.parameters());
    EndpointResponse approved = authorization.approve(byReference(requestUri), "alice");
    Map<String, String> redirect = redirectParameters(approved);
    assertEquals("xyz", redirect.get("state"));
    EndpointResponse tokens =
        new TokenEndpoint(fixture.oauth)
            .handle(
                form(
                    "grant_type=authorization_code&client_id="
                        + clientId
                        + "&code="
                        + redirect.get("code")
                        + "&redirect_uri="
                        + encode(Fixture.REDIRECT)
                        + "&code_verifier="
                        + verifier));
    assertEquals(200, tokens.status(), tokens.body());
  }

  @Test
  @DisplayName("takes only the pushed parameters: a scope in the front-channel query is ignored")
  void onlyPushedParameters() {
    String requestUri = requestUri();
    AuthorizationCheck check =
        authorization.check(
            get(
                "client_id="
                    + clientId
                    + "&request_uri="
                    + encode(requestUri)
                    + "&scope=write&state=forged"));
    assertTrue(check.isValid(), check::toString);
    assertEquals(Optional.of("read"), check.scope());
    assertEquals(Optional.of("xyz"), check.state());
  }

  @Test
  @DisplayName("a request_uri used once is a page with invalid_request_uri, never a redirect")
  void usedTwice() {
    String requestUri = requestUri();
    assertEquals(302, authorization.approve(byReference(requestUri), "alice").status());
    AuthorizationCheck again = authorization.check(byReference(requestUri));
    assertFalse(again.isValid());
    EndpointResponse page = again.errorResponse().orElseThrow();
    assertEquals(400, page.status());
    assertTrue(page.header("Location").isEmpty());
    assertTrue(page.body().contains("<code>invalid_request_uri</code>"), page.body());
  }

  @Test
  @DisplayName("an expired request_uri is invalid_request_uri")
  void expired() {
    String requestUri = requestUri();
    clock.advance(Duration.ofSeconds(61));
    AuthorizationCheck check = authorization.check(byReference(requestUri));
    assertEquals("invalid_request_uri", check.error().orElseThrow().error());
  }

  @Test
  @DisplayName("a request_uri without client_id is invalid_request")
  void withoutClientId() {
    String requestUri = requestUri();
    AuthorizationCheck check = authorization.check(get("request_uri=" + encode(requestUri)));
    assertEquals("invalid_request", check.error().orElseThrow().error());
  }

  @Test
  @DisplayName("errors go back to the client as JSON: a redirect URI not registered is 400")
  void errorsAsJson() {
    EndpointResponse response =
        par.handle(
            form(
                "response_type=code&client_id="
                    + clientId
                    + "&redirect_uri="
                    + encode("https://evil.example/cb")
                    + "&code_challenge="
                    + Fixture.challenge(verifier)
                    + "&code_challenge_method=S256"));
    assertError(response, 400, "invalid_request");
    assertTrue(response.header("Location").isEmpty());
  }

  @Test
  @DisplayName("refuses a request_uri or a request object inside a pushed request")
  void noNesting() {
    assertError(push("&request_uri=" + encode("urn:x")), 400, "invalid_request");
    assertError(push("&request=eyJhbGciOiJub25lIn0.e30."), 400, "invalid_request");
  }

  @Test
  @DisplayName("refuses an unknown code_challenge_method and a GET")
  void methodAndVerb() {
    EndpointResponse plainish =
        par.handle(
            form(
                "response_type=code&client_id="
                    + clientId
                    + "&code_challenge="
                    + Fixture.challenge(verifier)
                    + "&code_challenge_method=s256"));
    assertError(plainish, 400, "invalid_request");
    assertEquals(405, par.handle(get(fixture.authorizationQuery(verifier))).status());
  }

  @Test
  @DisplayName("an unknown client is invalid_client, 401")
  void unknownClient() {
    assertError(
        par.handle(form("response_type=code&client_id=nobody&code_challenge=x")),
        401,
        "invalid_client");
  }

  @Test
  @DisplayName("the metadata advertises the endpoint and whether pushing is required")
  void metadata() {
    Map<String, Object> fields =
        AuthorizationServerMetadata.builder(fixture.oauth).build().fields();
    assertEquals(Fixture.ISSUER + "/par", fields.get("pushed_authorization_request_endpoint"));
    assertEquals(false, fields.get("require_pushed_authorization_requests"));
  }
}

package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.encode;
import static dev.proauth2.endpoint.Fixture.get;
import static dev.proauth2.endpoint.Fixture.redirectParameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuthorizationEndpointTest {

  private final Fixture fixture = new Fixture();
  private final AuthorizationEndpoint endpoint = new AuthorizationEndpoint(fixture.oauth);
  private final String verifier = Fixture.newVerifier();
  private final String clientId = encode(fixture.publicClient.clientId());
  private final String pkce =
      "&code_challenge=" + Fixture.challenge(verifier) + "&code_challenge_method=S256";

  @AfterEach
  void close() {
    fixture.close();
  }

  /** Asserts the 400 page for an error that must not redirect. */
  private static void assertPage(EndpointResponse response, int status, String error) {
    assertEquals(status, response.status(), response.body());
    assertTrue(response.header("Location").isEmpty(), "must not redirect");
    assertEquals(Optional.of("text/html;charset=UTF-8"), response.header("Content-Type"));
    assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
    assertTrue(response.body().contains("<code>" + error + "</code>"), response.body());
  }

  /** Asserts an error redirect to the client, with state and iss. */
  private static Map<String, String> assertRedirect(
      EndpointResponse response, String error, String state) {
    Map<String, String> parameters = redirectParameters(response);
    assertTrue(response.header("Location").orElseThrow().startsWith(Fixture.REDIRECT + "?"));
    assertEquals(error, parameters.get("error"));
    assertTrue(parameters.containsKey("error_description"));
    assertEquals(state, parameters.get("state"));
    assertEquals(Fixture.ISSUER, parameters.get("iss"));
    return parameters;
  }

  @Nested
  @DisplayName("a valid request")
  class Valid {

    @Test
    @DisplayName(
        "checks out with the client, scope, state and every parameter for the consent form")
    void check() {
      AuthorizationCheck check = endpoint.check(get(fixture.authorizationQuery(verifier)));
      assertTrue(check.isValid(), check::toString);
      assertEquals(fixture.publicClient.clientId(), check.client().clientId());
      assertEquals(Fixture.REDIRECT, check.redirectUri());
      assertEquals(Optional.of("read"), check.scope());
      assertEquals(Optional.of("xyz"), check.state());
      assertEquals("S256", check.parameters().get("code_challenge_method"));
      assertEquals(7, check.parameters().size());
      assertTrue(check.errorResponse().isEmpty());
    }

    @Test
    @DisplayName("without a scope, asks consent for all the client registered")
    void defaultScope() {
      AuthorizationCheck check =
          endpoint.check(
              get(
                  "response_type=code&client_id="
                      + clientId
                      + "&redirect_uri="
                      + encode(Fixture.REDIRECT)
                      + pkce));
      assertEquals(Optional.of("read write"), check.scope());
    }

    @Test
    @DisplayName("approved, redirects with code, state and iss (RFC 9207), never cached")
    void approve() {
      EndpointResponse response =
          endpoint.approve(get(fixture.authorizationQuery(verifier)), "alice");
      Map<String, String> parameters = redirectParameters(response);
      assertTrue(parameters.get("code").length() >= 43);
      assertEquals("xyz", parameters.get("state"));
      assertEquals(Fixture.ISSUER, parameters.get("iss"));
      assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
    }

    @Test
    @DisplayName("denied, redirects with access_denied, state and iss")
    void deny() {
      assertRedirect(
          endpoint.deny(get(fixture.authorizationQuery(verifier))), "access_denied", "xyz");
    }

    @Test
    @DisplayName("a consent form posted back is read from its body")
    void post() {
      EndpointRequest request =
          Fixture.form(fixture.authorizationQuery(verifier) + "&consent=approve");
      assertTrue(endpoint.check(request).isValid());
      assertEquals("xyz", redirectParameters(endpoint.approve(request, "alice")).get("state"));
    }

    @Test
    @DisplayName("a loopback redirect URI may use any port (RFC 8252 section 7.3)")
    void loopbackPort() {
      EndpointResponse response =
          endpoint.approve(
              get(
                  "response_type=code&client_id="
                      + clientId
                      + "&redirect_uri="
                      + encode("http://127.0.0.1:51234/native")
                      + pkce),
              "alice");
      assertTrue(response.header("Location").orElseThrow().startsWith("http://127.0.0.1:51234/"));
    }
  }

  @Nested
  @DisplayName("errors that must not redirect come back as a page")
  class NotRedirected {

    @Test
    @DisplayName("a missing client_id")
    void missingClient() {
      assertPage(
          endpoint.check(get("response_type=code")).errorResponse().get(), 400, "invalid_request");
    }

    @Test
    @DisplayName("an unknown client_id, escaped on the page")
    void unknownClient() {
      EndpointResponse page =
          endpoint.approve(get("response_type=code&client_id=%3Cscript%3E"), "alice");
      assertPage(page, 400, "invalid_request");
      assertFalse(page.body().contains("<script>"));
      assertTrue(page.body().contains("&lt;script&gt;"));
    }

    @Test
    @DisplayName("a client_id sent twice")
    void duplicateClient() {
      AuthorizationCheck check =
          endpoint.check(get("response_type=code&client_id=" + clientId + "&client_id=other"));
      assertFalse(check.redirectsError());
      assertPage(check.errorResponse().get(), 400, "invalid_request");
    }

    @Test
    @DisplayName("a redirect URI that was not registered")
    void wrongRedirect() {
      assertPage(
          endpoint.deny(
              get(
                  "response_type=code&client_id="
                      + clientId
                      + "&redirect_uri="
                      + encode("https://evil.example/cb"))),
          400,
          "invalid_request");
    }

    @Test
    @DisplayName("no redirect URI when the client registered several")
    void ambiguousRedirect() {
      assertPage(
          endpoint.check(get("response_type=code&client_id=" + clientId)).errorResponse().get(),
          400,
          "invalid_request");
    }

    @Test
    @DisplayName("a PUT, as 405 with Allow")
    void put() {
      EndpointResponse page =
          endpoint.check(EndpointRequest.builder("PUT").build()).errorResponse().get();
      assertPage(page, 405, "invalid_request");
      assertEquals(Optional.of("GET, POST"), page.header("Allow"));
    }

    @Test
    @DisplayName("a POST that is not a form")
    void postJson() {
      EndpointRequest request =
          EndpointRequest.builder("POST").header("Content-Type", "application/json").build();
      assertPage(endpoint.check(request).errorResponse().get(), 400, "invalid_request");
    }

    @Test
    @DisplayName("a store that is down, as a 503 page")
    void storeDown() {
      fixture.store.goDown();
      assertPage(
          endpoint.check(get(fixture.authorizationQuery(verifier))).errorResponse().get(),
          503,
          "temporarily_unavailable");
    }
  }

  @Nested
  @DisplayName("errors once the client and redirect URI are confirmed redirect to the client")
  class Redirected {

    private String base() {
      return "client_id=" + clientId + "&redirect_uri=" + encode(Fixture.REDIRECT) + "&state=s1";
    }

    @Test
    @DisplayName("response_type=token is unsupported_response_type: no implicit grant")
    void implicit() {
      AuthorizationCheck check = endpoint.check(get(base() + "&response_type=token" + pkce));
      assertTrue(check.redirectsError());
      assertRedirect(check.errorResponse().get(), "unsupported_response_type", "s1");
    }

    @Test
    @DisplayName("a missing response_type is invalid_request")
    void missingResponseType() {
      assertRedirect(endpoint.approve(get(base() + pkce), "alice"), "invalid_request", "s1");
    }

    @Test
    @DisplayName("a public client without PKCE is invalid_request")
    void noPkce() {
      assertRedirect(
          endpoint.check(get(base() + "&response_type=code")).errorResponse().get(),
          "invalid_request",
          "s1");
    }

    @Test
    @DisplayName(
        "an unknown code_challenge_method, case included, is invalid_request naming the"
            + " parameter, at the check and at approval, with no code")
    void badMethod() {
      for (String method : List.of("S512", "s256", "S256%20")) {
        EndpointRequest request =
            get(
                base()
                    + "&response_type=code&code_challenge="
                    + Fixture.challenge(verifier)
                    + "&code_challenge_method="
                    + method);
        Map<String, String> checked =
            assertRedirect(endpoint.check(request).errorResponse().get(), "invalid_request", "s1");
        assertTrue(
            checked.get("error_description").contains("code_challenge_method must be S256"),
            checked.toString());
        Map<String, String> approved =
            assertRedirect(endpoint.approve(request, "alice"), "invalid_request", "s1");
        assertFalse(approved.containsKey("code"), approved.toString());
      }
    }

    @Test
    @DisplayName("plain PKCE is refused by the check, before the user is asked, and at approval")
    void plainPkce() {
      EndpointRequest request =
          get(
              base()
                  + "&response_type=code&code_challenge="
                  + verifier
                  + "&code_challenge_method=plain");
      assertRedirect(endpoint.check(request).errorResponse().get(), "invalid_request", "s1");
      assertRedirect(endpoint.approve(request, "alice"), "invalid_request", "s1");
    }

    @Test
    @DisplayName("a scope beyond the client's is invalid_scope")
    void scope() {
      assertRedirect(
          endpoint
              .check(get(base() + "&response_type=code&scope=admin" + pkce))
              .errorResponse()
              .get(),
          "invalid_scope",
          "s1");
    }

    @Test
    @DisplayName("a malformed scope is invalid_scope")
    void malformedScope() {
      assertRedirect(
          endpoint
              .check(get(base() + "&response_type=code&scope=read%20%20write" + pkce))
              .errorResponse()
              .get(),
          "invalid_scope",
          "s1");
    }

    @Test
    @DisplayName("another parameter sent twice is invalid_request")
    void duplicate() {
      assertRedirect(
          endpoint
              .check(get(base() + "&response_type=code&response_type=code" + pkce))
              .errorResponse()
              .get(),
          "invalid_request",
          "s1");
    }

    @Test
    @DisplayName("a state sent twice is invalid_request, and no state is echoed")
    void duplicateState() {
      assertRedirect(
          endpoint.check(get(base() + "&state=s2&response_type=code" + pkce)).errorResponse().get(),
          "invalid_request",
          null);
    }

    @Test
    @DisplayName("a store that goes down after the check is temporarily_unavailable")
    void storeDownAtApproval() {
      EndpointRequest request = get(base() + "&response_type=code" + pkce);
      AuthorizationCheck check = endpoint.check(request);
      assertTrue(check.isValid());
      fixture.store.goDown();
      // the check runs again first and cannot reach the store either: a page, never a redirect
      assertPage(endpoint.approve(request, "alice"), 503, "temporarily_unavailable");
    }
  }

  @Test
  @DisplayName("a refused check has no client to show")
  void refusedCheckHasNoClient() {
    AuthorizationCheck check = endpoint.check(get("response_type=code"));
    assertThrows(IllegalStateException.class, check::client);
    assertEquals("invalid_request", check.error().orElseThrow().error());
  }
}

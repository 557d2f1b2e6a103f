package dev.proauth2.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.Endpoints;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.testkit.Browser;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The endpoints' paths are set once, on the engine's builder, and every door follows: the servlet
 * answers exactly there, the metadata document advertises exactly that, and nothing answers at the
 * defaults any more (issue 30: the servlet once advertised its own token path while the engine took
 * another for client assertions' audience).
 */
@DisplayName("endpoint paths set once on the engine")
class ServletEndpointPathsTest {

  private final RawHttp http =
      new RawHttp(
          new JettyServer(
              "",
              engine ->
                  engine
                      .authorizationEndpoint("/oauth/authorize")
                      .tokenEndpoint("/oauth/token")
                      .introspectionEndpoint("/oauth/introspect")
                      .revocationEndpoint("/oauth/revoke")
                      .registrationEndpoint("/oauth/register")
                      .pushedAuthorizationRequestEndpoint("/oauth/par")
                      .deviceAuthorizationEndpoint("/oauth/device_authorization")
                      .deviceVerificationUri("/oauth/device")));

  @AfterEach
  void close() {
    http.close();
  }

  @Test
  @DisplayName("the servlet serves exactly the engine's paths, and the metadata advertises them")
  void everyDoorFollows() {
    String issuer = http.server.issuer();
    Endpoints endpoints = http.server.oauth().endpoints();
    assertEquals(
        Set.of(
            "/oauth/authorize",
            "/oauth/token",
            "/oauth/introspect",
            "/oauth/revoke",
            "/oauth/register",
            "/oauth/par",
            "/oauth/device_authorization",
            "/oauth/device",
            "/.well-known/oauth-authorization-server"),
        Set.copyOf(
            Proauth2Servlet.builder(http.server.oauth(), new JettyServer.TestConsentPage())
                .build()
                .paths()));
    Map<String, Object> metadata =
        Browser.json(http.get("/.well-known/oauth-authorization-server"));
    assertEquals(issuer + "/oauth/authorize", metadata.get("authorization_endpoint"));
    assertEquals(issuer + "/oauth/token", metadata.get("token_endpoint"));
    assertEquals(issuer + "/oauth/introspect", metadata.get("introspection_endpoint"));
    assertEquals(issuer + "/oauth/revoke", metadata.get("revocation_endpoint"));
    assertEquals(issuer + "/oauth/par", metadata.get("pushed_authorization_request_endpoint"));
    assertEquals(issuer + "/oauth/register", metadata.get("registration_endpoint"));
    assertEquals(
        issuer + "/oauth/device_authorization", metadata.get("device_authorization_endpoint"));
    // The URL a client assertion may name as the token endpoint comes from the same place.
    assertEquals(metadata.get("token_endpoint"), endpoints.url(endpoints.token()));
  }

  @Test
  @DisplayName("a token request is answered at the engine's token path, and not at /token")
  void tokenAtItsPath() {
    ClientRegistration service =
        http.server
            .oauth()
            .registerApp(
                RegistrationRequest.builder("svc").grantType(GrantType.CLIENT_CREDENTIALS).build());
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (encode(service.clientId()) + ":" + encode(service.clientSecret()))
                        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> moved =
        http.form("/oauth/token", "grant_type=client_credentials", "Authorization", basic);
    assertEquals(200, moved.statusCode(), moved.body());
    HttpResponse<String> old =
        http.form("/token", "grant_type=client_credentials", "Authorization", basic);
    // Nothing of proauth2's answers there: the container's default servlet refuses the POST.
    assertTrue(old.statusCode() == 404 || old.statusCode() == 405, "status " + old.statusCode());
    assertFalse(old.body().contains("access_token"), old.body());
  }

  @Test
  @DisplayName(
      "a device starts at the engine's device authorization path and gets tokens at its token"
          + " path once approved")
  void deviceGrant() {
    Proauth2 oauth = http.server.oauth();
    ClientRegistration cli =
        oauth.registerApp(
            RegistrationRequest.builder("cli")
                .authMethod("none")
                .grantType(GrantType.DEVICE_CODE)
                .build());
    HttpResponse<String> started =
        http.form("/oauth/device_authorization", "client_id=" + encode(cli.clientId()));
    assertEquals(200, started.statusCode(), started.body());
    Map<String, Object> body = Browser.json(started);
    assertEquals(http.server.issuer() + "/oauth/device", body.get("verification_uri"));
    oauth.approveDevice(body.get("user_code").toString(), "alice", null);
    HttpResponse<String> tokens =
        http.form(
            "/oauth/token",
            "grant_type="
                + encode(GrantType.DEVICE_CODE.value())
                + "&client_id="
                + encode(cli.clientId())
                + "&device_code="
                + body.get("device_code"));
    assertEquals(200, tokens.statusCode(), tokens.body());
    assertTrue(Browser.json(tokens).containsKey("access_token"), tokens.body());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

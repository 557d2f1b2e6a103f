package dev.proauth2.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.OpenIdClientMetadata;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.SignIn;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * RP-Initiated Logout 1.0: {@code id_token_hint}, exact post-logout redirect URIs, {@code state}.
 */
class LogoutTest {

  private static final String BYE = "https://rp.example/bye";

  private static ClientRegistration loggingOut(OpenIdEngine engine) {
    return engine.oauth.registerApp(
        RegistrationRequest.builder("RP with logout")
            .redirectUri(OpenIdEngine.REDIRECT)
            .grantType(GrantType.AUTHORIZATION_CODE)
            .scope("openid")
            .openId(new OpenIdClientMetadata(List.of(BYE), null))
            .build());
  }

  private static EndSessionEndpoint.LogoutRequest logout(
      OpenIdEngine engine, Map<String, String> parameters) {
    StringBuilder query = new StringBuilder();
    parameters.forEach(
        (name, value) ->
            query
                .append(query.length() == 0 ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return new EndSessionEndpoint(engine.oauth, engine.provider)
        .check(EndpointRequest.builder("GET").query(query.toString()).build());
  }

  /** An ID token for a client, from a real sign-in. */
  private static String idTokenFor(OpenIdEngine engine, ClientRegistration client) {
    String verifier = OpenIdEngine.newVerifier();
    var code =
        engine.oauth.requestAuthorization(
            dev.proauth2.AuthorizationRequest.builder()
                .clientId(client.clientId())
                .userId(OpenIdEngine.USER)
                .redirectUri(OpenIdEngine.REDIRECT)
                .scope("openid")
                .codeChallenge(dev.proauth2.spi.SecretHashes.sha256(verifier))
                .codeChallengeMethod(dev.proauth2.CodeChallengeMethod.S256)
                .signIn(SignIn.unknown())
                .build());
    return engine
        .oauth
        .requestAccessToken(
            dev.proauth2.TokenRequest.authorizationCode(
                client.clientId(),
                client.clientSecret(),
                code.code(),
                OpenIdEngine.REDIRECT,
                verifier))
        .parameter("id_token")
        .orElseThrow();
  }

  @Test
  @DisplayName("a registered post-logout URI with the hint: 302 back with the state")
  void redirectsBack() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      ClientRegistration client = loggingOut(engine);
      Map<String, String> parameters = new LinkedHashMap<>();
      parameters.put("id_token_hint", idTokenFor(engine, client));
      parameters.put("post_logout_redirect_uri", BYE);
      parameters.put("state", "x y");
      EndSessionEndpoint.LogoutRequest request = logout(engine, parameters);
      assertTrue(request.isValid(), () -> request.error().orElseThrow().getMessage());
      assertEquals(client.clientId(), request.client().orElseThrow().clientId());
      assertEquals(OpenIdEngine.USER, request.subject().orElseThrow());
      EndpointResponse response = request.signedOut();
      assertEquals(302, response.status());
      assertEquals(BYE + "?state=x%20y", response.header("Location").orElseThrow());
    }
  }

  @Test
  @DisplayName("client_id names the client when no hint is sent")
  void clientIdOnly() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      ClientRegistration client = loggingOut(engine);
      EndSessionEndpoint.LogoutRequest request =
          logout(engine, Map.of("client_id", client.clientId(), "post_logout_redirect_uri", BYE));
      assertEquals(BYE, request.signedOut().header("Location").orElseThrow());
    }
  }

  @Test
  @DisplayName("a post-logout URI not registered exactly is refused with a page, never redirected")
  void notRegistered() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      ClientRegistration client = loggingOut(engine);
      String hint = idTokenFor(engine, client);
      for (String uri :
          List.of(BYE + "/", BYE + "?x=1", "https://rp.example/BYE", "https://evil.example/bye")) {
        EndSessionEndpoint.LogoutRequest request =
            logout(engine, Map.of("id_token_hint", hint, "post_logout_redirect_uri", uri));
        assertFalse(request.isValid(), uri);
        assertEquals(400, request.errorResponse().status());
      }
    }
  }

  @Test
  @DisplayName("a post-logout URI without a hint or client_id is refused")
  void noClient() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      loggingOut(engine);
      assertFalse(logout(engine, Map.of("post_logout_redirect_uri", BYE)).isValid());
    }
  }

  @Test
  @DisplayName("a hint of another issuer, or one a client_id does not match, is refused")
  void hostileHint() {
    String foreign;
    try (OpenIdEngine other = new OpenIdEngine(p -> {}, e -> e.issuer("https://evil.example"))) {
      foreign = idTokenFor(other, other.app);
    }
    try (OpenIdEngine engine = new OpenIdEngine()) {
      ClientRegistration client = loggingOut(engine);
      assertFalse(logout(engine, Map.of("id_token_hint", foreign)).isValid());
      assertFalse(
          logout(
                  engine,
                  Map.of(
                      "id_token_hint",
                      idTokenFor(engine, client),
                      "client_id",
                      engine.app.clientId()))
              .isValid());
    }
  }

  @Test
  @DisplayName("a logout without a post-logout URI ends on a signed-out page")
  void page() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      EndpointResponse response = logout(engine, Map.of()).signedOut();
      assertEquals(200, response.status());
      assertTrue(response.body().contains("signed out"));
    }
  }

  @Test
  @DisplayName("a post-logout URI that could not be a redirect URI cannot be registered")
  void registration() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      for (String uri : List.of("http://rp.example/bye", "https://rp.example/bye#x", "bye")) {
        assertThrows(
            dev.proauth2.spi.Proauth2Exception.class,
            () ->
                engine.oauth.registerApp(
                    RegistrationRequest.builder("bad")
                        .redirectUri(OpenIdEngine.REDIRECT)
                        .openId(new OpenIdClientMetadata(List.of(uri), null))
                        .build()),
            uri);
      }
    }
  }

  private static void assertThrows(
      Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable call, String m) {
    org.junit.jupiter.api.Assertions.assertThrows(type, call, m);
  }
}

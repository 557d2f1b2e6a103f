package dev.proauth2.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.SignIn;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The UserInfo endpoint (OpenID Connect Core sections 5.3 and 5.4). */
class UserInfoTest {

  private static EndpointResponse ask(OpenIdEngine engine, String method, String token) {
    EndpointRequest.Builder request = EndpointRequest.builder(method);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (method.equals("POST")) {
      request.header("Content-Type", EndpointRequest.FORM).body("");
    }
    return new UserInfoEndpoint(engine.oauth, engine.provider).handle(request.build());
  }

  private static Map<String, Object> json(EndpointResponse response) throws Exception {
    return JSONObjectUtils.parse(response.body());
  }

  @Test
  @DisplayName("GET and POST answer sub and the claims of the granted scopes, and nothing else")
  void claims() throws Exception {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      TokenResponse tokens = engine.signIn("openid profile email", "n", SignIn.unknown());
      for (String method : new String[] {"GET", "POST"}) {
        EndpointResponse response = ask(engine, method, tokens.accessToken());
        assertEquals(200, response.status(), response.body());
        assertEquals(
            Map.of(
                "sub",
                OpenIdEngine.USER,
                "name",
                "Demo User",
                "email",
                "demo-user@example.com",
                "email_verified",
                true),
            json(response));
        assertEquals("no-store", response.header("Cache-Control").orElseThrow());
      }
    }
  }

  @Test
  @DisplayName("a token granted openid alone gets sub alone")
  void subOnly() throws Exception {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      TokenResponse tokens = engine.signIn("openid", "n", SignIn.unknown());
      assertEquals(
          Map.of("sub", OpenIdEngine.USER), json(ask(engine, "GET", tokens.accessToken())));
    }
  }

  @Test
  @DisplayName("the phone scope reveals the phone number, never a claim outside the standard ones")
  void phone() throws Exception {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      TokenResponse tokens = engine.signIn("openid phone", "n", SignIn.unknown());
      Map<String, Object> claims = json(ask(engine, "GET", tokens.accessToken()));
      assertEquals("+41 00 000 00 00", claims.get("phone_number"));
      assertFalse(claims.containsKey("secret_level"));
      assertFalse(claims.containsKey("email"));
    }
  }

  @Test
  @DisplayName("no token is 401 with a bare Bearer challenge")
  void missing() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      EndpointResponse response = ask(engine, "GET", null);
      assertEquals(401, response.status());
      assertTrue(response.header("WWW-Authenticate").orElseThrow().startsWith("Bearer realm="));
    }
  }

  @Test
  @DisplayName("an unknown or revoked token is 401 invalid_token")
  void invalid() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      assertEquals(401, ask(engine, "GET", "unknown-token").status());
      TokenResponse tokens = engine.signIn("openid", "n", SignIn.unknown());
      engine.oauth.revokeToken(tokens.accessToken());
      EndpointResponse response = ask(engine, "GET", tokens.accessToken());
      assertEquals(401, response.status());
      assertTrue(response.header("WWW-Authenticate").orElseThrow().contains("invalid_token"));
    }
  }

  @Test
  @DisplayName("a token without openid, or a client's own token, is 403 insufficient_scope")
  void insufficient() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      TokenResponse profileOnly = engine.signIn("profile", null, SignIn.unknown());
      EndpointResponse response = ask(engine, "GET", profileOnly.accessToken());
      assertEquals(403, response.status());
      assertTrue(response.header("WWW-Authenticate").orElseThrow().contains("insufficient_scope"));
      ClientRegistration machine =
          engine.oauth.registerApp(
              RegistrationRequest.builder("machine")
                  .grantType(GrantType.CLIENT_CREDENTIALS)
                  .scope("openid")
                  .build());
      TokenResponse own =
          engine.oauth.requestAccessToken(
              new TokenRequest.ClientCredentials(
                  machine.clientId(), machine.clientSecret(), "openid"));
      assertEquals(403, ask(engine, "GET", own.accessToken()).status());
    }
  }

  @Test
  @DisplayName("sub is the pairwise identifier the ID token had, when the provider makes them")
  void pairwise() throws Exception {
    byte[] secret = "a host secret of thirty-two bytes!".getBytes();
    try (OpenIdEngine engine =
        new OpenIdEngine(p -> p.subjects(SubjectIdentifiers.pairwise(secret)), e -> {})) {
      TokenResponse tokens = engine.signIn("openid", "n", SignIn.unknown());
      String idTokenSub =
          com.nimbusds.jwt.JWTParser.parse(tokens.parameter("id_token").orElseThrow())
              .getJWTClaimsSet()
              .getSubject();
      assertEquals(idTokenSub, json(ask(engine, "GET", tokens.accessToken())).get("sub"));
    }
  }

  @Test
  @DisplayName("PUT and DELETE are 405 with Allow: GET, POST")
  void methods() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      EndpointResponse response = ask(engine, "PUT", null);
      assertEquals(405, response.status());
      assertEquals("GET, POST", response.header("Allow").orElseThrow());
    }
  }
}

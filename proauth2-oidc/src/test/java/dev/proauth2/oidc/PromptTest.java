package dev.proauth2.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import dev.proauth2.OpenIdParameters;
import dev.proauth2.SignIn;
import dev.proauth2.endpoint.AuthorizationCheck;
import dev.proauth2.endpoint.AuthorizationEndpoint;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The OpenID Connect authorization request parameters (Core section 3.1.2.1): {@code prompt},
 * {@code max_age}, {@code id_token_hint} and the ones only surfaced, through the authorization
 * endpoint helper and {@link SignInCheck}.
 */
class PromptTest {

  private static EndpointRequest request(OpenIdEngine engine, Map<String, String> extra) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("response_type", "code");
    parameters.put("client_id", engine.app.clientId());
    parameters.put("redirect_uri", OpenIdEngine.REDIRECT);
    parameters.put("scope", "openid profile");
    parameters.put("state", "af0ifjsldkj");
    parameters.put("code_challenge", SecretHashes.sha256(OpenIdEngine.newVerifier()));
    parameters.put("code_challenge_method", "S256");
    parameters.putAll(extra);
    StringBuilder query = new StringBuilder();
    parameters.forEach(
        (name, value) ->
            query
                .append(query.length() == 0 ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return EndpointRequest.builder("GET").query(query.toString()).build();
  }

  private static SignInCheck steps(OpenIdEngine engine, EndpointRequest request) {
    AuthorizationCheck check = new AuthorizationEndpoint(engine.oauth).check(request);
    assertTrue(check.isValid(), () -> check.error().orElseThrow().getMessage());
    return SignInCheck.of(engine.oauth, engine.provider, check);
  }

  private static String location(EndpointResponse response) {
    assertEquals(302, response.status());
    return response.header("Location").orElseThrow();
  }

  private static String idToken(OpenIdEngine engine) {
    return engine.signIn("openid", "n", SignIn.unknown()).parameter("id_token").orElseThrow();
  }

  @Nested
  class PromptNone {

    @Test
    @DisplayName("nobody signed in: login_required, redirected with state and no page")
    void loginRequired() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        EndpointRequest request = request(engine, Map.of("prompt", "none"));
        Optional<Proauth2Exception> error =
            steps(engine, request).promptNone(null, SignIn.unknown(), false);
        assertEquals(OpenIdParameters.LOGIN_REQUIRED, error.orElseThrow().error());
        String location =
            location(new AuthorizationEndpoint(engine.oauth).refuse(request, error.get()));
        assertTrue(location.startsWith(OpenIdEngine.REDIRECT + "?error=login_required"));
        assertTrue(location.contains("&state=af0ifjsldkj"));
        assertTrue(location.contains("&iss="));
      }
    }

    @Test
    @DisplayName("signed in without consent: consent_required")
    void consentRequired() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        Optional<Proauth2Exception> error =
            steps(engine, request(engine, Map.of("prompt", "none")))
                .promptNone(OpenIdEngine.USER, SignIn.at(Instant.now()), false);
        assertEquals(OpenIdParameters.CONSENT_REQUIRED, error.orElseThrow().error());
      }
    }

    @Test
    @DisplayName("signed in and consented: a code at once, with no page")
    void silent() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        EndpointRequest request = request(engine, Map.of("prompt", "none"));
        SignIn signIn = SignIn.at(Instant.now());
        assertTrue(steps(engine, request).promptNone(OpenIdEngine.USER, signIn, true).isEmpty());
        String location =
            location(
                new AuthorizationEndpoint(engine.oauth)
                    .approve(request, OpenIdEngine.USER, signIn));
        assertTrue(location.startsWith(OpenIdEngine.REDIRECT + "?code="));
      }
    }

    @Test
    @DisplayName("a sign-in older than max_age: login_required")
    void maxAge() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        Optional<Proauth2Exception> error =
            steps(engine, request(engine, Map.of("prompt", "none", "max_age", "60")))
                .promptNone(OpenIdEngine.USER, SignIn.at(Instant.now().minusSeconds(120)), true);
        assertEquals(OpenIdParameters.LOGIN_REQUIRED, error.orElseThrow().error());
      }
    }

    @Test
    @DisplayName("an id_token_hint naming another user than the one signed in: login_required")
    void otherUser() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        Optional<Proauth2Exception> error =
            steps(
                    engine,
                    request(engine, Map.of("prompt", "none", "id_token_hint", idToken(engine))))
                .promptNone("someone-else", SignIn.at(Instant.now()), true);
        assertEquals(OpenIdParameters.LOGIN_REQUIRED, error.orElseThrow().error());
      }
    }

    @Test
    @DisplayName("prompt=none with another value is invalid_request, redirected to the client")
    void combined() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        AuthorizationCheck check =
            new AuthorizationEndpoint(engine.oauth)
                .check(request(engine, Map.of("prompt", "none login")));
        assertFalse(check.isValid());
        assertTrue(check.redirectsError());
        assertTrue(location(check.errorResponse().orElseThrow()).contains("error=invalid_request"));
      }
    }
  }

  @Nested
  class PromptLoginConsentSelect {

    @Test
    @DisplayName("prompt=login asks for a sign-in made after the request arrived")
    void login() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        SignInCheck steps = steps(engine, request(engine, Map.of("prompt", "login")));
        Instant arrived = Instant.now();
        assertTrue(
            steps.needsSignIn(OpenIdEngine.USER, SignIn.at(arrived.minusSeconds(5)), arrived));
        assertFalse(
            steps.needsSignIn(OpenIdEngine.USER, SignIn.at(arrived.plusSeconds(1)), arrived));
      }
    }

    @Test
    @DisplayName("without prompt, a signed-in user needs no new sign-in; nobody signed in does")
    void noPrompt() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        SignInCheck steps = steps(engine, request(engine, Map.of()));
        Instant arrived = Instant.now();
        assertFalse(
            steps.needsSignIn(OpenIdEngine.USER, SignIn.at(arrived.minusSeconds(600)), arrived));
        assertTrue(steps.needsSignIn(null, SignIn.unknown(), arrived));
        assertFalse(steps.needsConsent(true));
        assertTrue(steps.needsConsent(false));
      }
    }

    @Test
    @DisplayName("prompt=consent asks for consent again, even when given before")
    void consent() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        assertTrue(steps(engine, request(engine, Map.of("prompt", "consent"))).needsConsent(true));
      }
    }

    @Test
    @DisplayName("prompt=select_account is passed on to the host")
    void selectAccount() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        assertTrue(
            steps(engine, request(engine, Map.of("prompt", "select_account")))
                .needsAccountSelection());
        assertFalse(steps(engine, request(engine, Map.of())).needsAccountSelection());
      }
    }
  }

  @Nested
  class MaxAge {

    @Test
    @DisplayName("a sign-in older than max_age needs a new one; a younger one does not")
    void age() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        SignInCheck steps = steps(engine, request(engine, Map.of("max_age", "300")));
        Instant now = Instant.now();
        assertTrue(steps.needsSignIn(OpenIdEngine.USER, SignIn.at(now.minusSeconds(301)), now));
        assertFalse(steps.needsSignIn(OpenIdEngine.USER, SignIn.at(now.minusSeconds(200)), now));
      }
    }

    @Test
    @DisplayName("max_age=0 always needs a new sign-in, and the ID token then states auth_time")
    void zero() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        EndpointRequest request = request(engine, Map.of("max_age", "0"));
        SignInCheck steps = steps(engine, request);
        Instant now = Instant.now();
        assertTrue(steps.needsSignIn(OpenIdEngine.USER, SignIn.at(now.minusSeconds(2)), now));
        String location =
            location(
                new AuthorizationEndpoint(engine.oauth)
                    .approve(request, OpenIdEngine.USER, SignIn.at(Instant.now().plusSeconds(1))));
        assertTrue(location.contains("?code="), location);
      }
    }

    @Test
    @DisplayName("approving past max_age is refused with login_required, by redirect")
    void enforced() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        EndpointRequest request = request(engine, Map.of("max_age", "60"));
        String location =
            location(
                new AuthorizationEndpoint(engine.oauth)
                    .approve(
                        request, OpenIdEngine.USER, SignIn.at(Instant.now().minusSeconds(90))));
        assertTrue(location.contains("error=login_required"), location);
      }
    }
  }

  @Nested
  class IdTokenHint {

    @Test
    @DisplayName("an ID token this provider issued to the client is accepted as a hint")
    void own() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        SignInCheck steps =
            steps(engine, request(engine, Map.of("id_token_hint", idToken(engine))));
        assertTrue(steps.error().isEmpty());
        Instant now = Instant.now();
        assertFalse(steps.needsSignIn(OpenIdEngine.USER, SignIn.at(now), now));
      }
    }

    @Test
    @DisplayName("an expired ID token is still accepted as a hint")
    void expired() {
      Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
      try (OpenIdEngine engine = new OpenIdEngine(p -> {}, e -> e.clock(past))) {
        String hint = idToken(engine);
        assertTrue(steps(engine, request(engine, Map.of("id_token_hint", hint))).error().isEmpty());
      }
    }

    @Test
    @DisplayName("an ID token of another issuer is refused as a hint: invalid_request")
    void otherIssuer() {
      String foreign;
      try (OpenIdEngine other = new OpenIdEngine(p -> {}, e -> e.issuer("https://evil.example"))) {
        foreign = idToken(other);
      }
      try (OpenIdEngine engine = new OpenIdEngine()) {
        assertEquals(
            Proauth2Exception.INVALID_REQUEST,
            steps(engine, request(engine, Map.of("id_token_hint", foreign)))
                .error()
                .orElseThrow()
                .error());
      }
    }

    @Test
    @DisplayName("an ID token with a wrong signature is refused as a hint")
    void badSignature() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        JWSObject token = JWSObject.parse(idToken(engine));
        Map<String, Object> claims = token.getPayload().toJSONObject();
        claims.put("sub", "admin");
        String forged =
            token.getHeader().toBase64URL()
                + "."
                + new Payload(claims).toBase64URL()
                + "."
                + token.getSignature();
        assertTrue(
            steps(engine, request(engine, Map.of("id_token_hint", forged))).error().isPresent());
      }
    }

    @Test
    @DisplayName("an unsigned token (alg none) or a token issued to another client is refused")
    void unsignedOrOtherClient() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        String none =
            "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
                + java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                        ("{\"iss\":\"" + OpenIdEngine.ISSUER + "\",\"sub\":\"demo-user\"}")
                            .getBytes(StandardCharsets.UTF_8))
                + ".";
        assertTrue(
            steps(engine, request(engine, Map.of("id_token_hint", none))).error().isPresent());
        String hint = idToken(engine);
        dev.proauth2.ClientRegistration other =
            engine.oauth.registerApp(
                dev.proauth2.RegistrationRequest.builder("other")
                    .redirectUri(OpenIdEngine.REDIRECT)
                    .scope("openid")
                    .build());
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("id_token_hint", hint);
        extra.put("client_id", other.clientId());
        extra.put("scope", "openid");
        assertTrue(steps(engine, request(engine, extra)).error().isPresent());
      }
    }
  }

  @Nested
  class Surfaced {

    @Test
    @DisplayName("login_hint, ui_locales, display and acr_values reach the host's consent step")
    void surfaced() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        AuthorizationCheck check =
            new AuthorizationEndpoint(engine.oauth)
                .check(
                    request(
                        engine,
                        Map.of(
                            "login_hint", "demo-user@example.com",
                            "ui_locales", "fr-CA fr en",
                            "display", "touch",
                            "acr_values", "urn:acr:gold")));
        assertTrue(check.isOpenId());
        assertEquals("demo-user@example.com", check.openId().loginHint());
        assertEquals("fr-CA", check.openId().locales().get(0).toLanguageTag());
        assertEquals("touch", check.openId().display());
        assertEquals("urn:acr:gold", check.openId().acrValues());
      }
    }

    @Test
    @DisplayName("a malformed max_age or display is invalid_request, redirected to the client")
    void malformed() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        for (Map<String, String> bad :
            new Map[] {
              Map.of("max_age", "soon"), Map.of("display", "tv"), Map.of("nonce", "a\u0000b")
            }) {
          AuthorizationCheck check =
              new AuthorizationEndpoint(engine.oauth).check(request(engine, bad));
          assertFalse(check.isValid(), bad.toString());
          assertTrue(check.redirectsError(), bad.toString());
        }
      }
    }
  }
}

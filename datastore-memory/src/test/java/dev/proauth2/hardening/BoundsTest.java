package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.TokenEndpoint;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every documented bound holds to the character: the largest value allowed is accepted and one more
 * is refused with the right error, storing nothing. The contract tries values far beyond the
 * bounds; these sit on them.
 */
@DisplayName("bounds, exactly")
class BoundsTest {

  private Harness h;

  @BeforeEach
  void open() {
    h = Harness.observed();
  }

  @AfterEach
  void close() {
    h.close();
  }

  private void assertRefusedUnchanged(String error, Executable call) {
    String before = h.store.dump();
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, call);
    assertEquals(error, thrown.error(), thrown.getMessage());
    assertEquals(before, h.store.dump(), "a refused call changed the store");
  }

  /** Authorizes {@code other} (no scope) with PKCE and the given changes. */
  private TokenResponse tokensWith(UnaryOperator<dev.proauth2.AuthorizationRequest.Builder> edit) {
    return tokensWith(h.other, edit);
  }

  private TokenResponse tokensWith(
      ClientRegistration client, UnaryOperator<dev.proauth2.AuthorizationRequest.Builder> edit) {
    String verifier = h.newVerifier();
    AuthorizationCode code = h.authorize(edit.apply(h.request(client, verifier)).build());
    return h.exchange(client, code, verifier);
  }

  /** A confidential client allowed exactly this scope. */
  private ClientRegistration allowedScope(String scope) {
    return h.remember(
        h.oauth.registerApp(
            RegistrationRequest.builder("Scoped")
                .redirectUri(Harness.REDIRECT)
                .scope(scope)
                .build()));
  }

  private void assertAuthorizationRefused(
      String error, UnaryOperator<dev.proauth2.AuthorizationRequest.Builder> edit) {
    assertRefusedUnchanged(
        error,
        () ->
            h.oauth.requestAuthorization(edit.apply(h.request(h.other, h.newVerifier())).build()));
  }

  private static String scopeOfValues(int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add("s" + i);
    }
    return String.join(" ", values);
  }

  @Nested
  @DisplayName("authorization requests")
  class Authorization {

    @Test
    @DisplayName("a user id of 256 characters is accepted, one of 257 refused")
    void userId() {
      String longest = "\u00e9".repeat(256);
      assertEquals(
          longest,
          h.oauth.authenticateToken(tokensWith(r -> r.userId(longest)).accessToken()).userId());
      assertAuthorizationRefused(Proauth2Exception.INVALID_REQUEST, r -> r.userId("u".repeat(257)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lone high surrogate", "lone low surrogate", "reversed pair", "C0"})
    @DisplayName("a user id with broken UTF-16 or a control character is refused")
    void brokenUserId(String kind) {
      String userId =
          switch (kind) {
            case "lone high surrogate" -> "alice\uD83D";
            case "lone low surrogate" -> "\uDE00alice";
            case "reversed pair" -> "a\uDE00\uD83Db";
            default -> "alice\u001b[31m";
          };
      assertAuthorizationRefused(Proauth2Exception.INVALID_REQUEST, r -> r.userId(userId));
    }

    @Test
    @DisplayName("a user id with a surrogate pair in the last two places is accepted")
    void surrogatePairAtTheEnd() {
      String userId = "alice\uD83D\uDE00";
      assertEquals(
          userId,
          h.oauth.authenticateToken(tokensWith(r -> r.userId(userId)).accessToken()).userId());
    }

    @Test
    @DisplayName("a state of 2048 characters is accepted, one of 2049 refused")
    void state() {
      String longest = "~".repeat(2048);
      assertEquals(
          longest, h.authorize(h.request(h.other, h.newVerifier()).state(longest).build()).state());
      assertAuthorizationRefused(Proauth2Exception.INVALID_REQUEST, r -> r.state("s".repeat(2049)));
    }

    @Test
    @DisplayName("a scope of 2048 characters is accepted, one of 2049 refused")
    void scopeLength() {
      String longest = "s".repeat(2048);
      assertEquals(longest, tokensWith(allowedScope(longest), r -> r.scope(longest)).scope());
      assertAuthorizationRefused(Proauth2Exception.INVALID_SCOPE, r -> r.scope("s".repeat(2049)));
    }

    @Test
    @DisplayName("a scope of 64 values is accepted, one of 65 refused")
    void scopeValues() {
      ClientRegistration client = allowedScope(scopeOfValues(64));
      assertEquals(scopeOfValues(64), tokensWith(client, r -> r.scope(scopeOfValues(64))).scope());
      assertAuthorizationRefused(Proauth2Exception.INVALID_SCOPE, r -> r.scope(scopeOfValues(65)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"read\"", "a\\b", "caf\u00e9", "a\tb", "del\u007f", "\u00a0"})
    @DisplayName("a scope value outside RFC 6749 section 3.3's characters is invalid_scope")
    void scopeCharacters(String scope) {
      assertAuthorizationRefused(Proauth2Exception.INVALID_SCOPE, r -> r.scope(scope));
    }

    @Test
    @DisplayName("an error without a state sent carries no state back")
    void noStateNoStateBack() {
      Proauth2Exception thrown =
          assertThrows(
              Proauth2Exception.class,
              () ->
                  h.oauth.requestAuthorization(
                      h.request(h.app, h.newVerifier()).state(null).scope("admin").build()));
      assertEquals(Proauth2Exception.INVALID_SCOPE, thrown.error());
      assertTrue(thrown.state().isEmpty(), "a state that was never sent came back");
    }
  }

  @Nested
  @DisplayName("registration")
  class Registration {

    @Test
    @DisplayName("a client name of 256 characters is accepted, one of 257 refused")
    void name() {
      String longest = "\u4e2d".repeat(256);
      assertEquals(longest, h.oauth.registerApp(longest, Harness.REDIRECT).name());
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          () -> h.oauth.registerApp("n".repeat(257), Harness.REDIRECT));
    }

    @Test
    @DisplayName(
        "a redirect URI of 2048 characters is accepted and used, one of 2049 refused everywhere")
    void redirectUriLength() {
      String prefix = "https://app.example/";
      String longest = prefix + "a".repeat(2048 - prefix.length());
      ClientRegistration client = h.remember(h.oauth.registerApp("long", longest));
      String verifier = h.newVerifier();
      AuthorizationCode code =
          h.authorize(h.request(client, verifier).redirectUri(longest).build());
      assertTrue(
          h.alive(
              h.exchange(client, client.clientSecret(), code.code(), longest, verifier)
                  .accessToken()));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REDIRECT_URI,
          () -> h.oauth.registerApp("too long", longest + "a"));
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () ->
              h.oauth.requestAuthorization(
                  h.request(client, h.newVerifier()).redirectUri(longest + "a").build()));
    }

    @Test
    @DisplayName("ten redirect URIs are accepted, eleven refused")
    void redirectUriCount() {
      RegistrationRequest.Builder ten = RegistrationRequest.builder("ten");
      for (int i = 0; i < 10; i++) {
        ten.redirectUri(Harness.REDIRECT + i);
      }
      assertEquals(10, h.oauth.registerApp(ten.build()).redirectUris().size());
      RegistrationRequest.Builder eleven = RegistrationRequest.builder("eleven");
      for (int i = 0; i < 11; i++) {
        eleven.redirectUri(Harness.REDIRECT + i);
      }
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REDIRECT_URI, () -> h.oauth.registerApp(eleven.build()));
    }

    @Test
    @DisplayName("a redirect URI with '!' and '~', the ends of visible ASCII, is accepted and used")
    void visibleAsciiEnds() {
      String uri = "https://app.example/~user/cb!";
      ClientRegistration client = h.remember(h.oauth.registerApp("edges", uri));
      AuthorizationCode code =
          h.authorize(h.request(client, h.newVerifier()).redirectUri(uri).build());
      assertTrue(code.redirectUri().startsWith(uri + "?code="));
    }

    @Test
    @DisplayName("a loopback http redirect URI with user information is refused")
    void loopbackUserInfo() {
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REDIRECT_URI,
          () -> h.oauth.registerApp("native", "http://user@127.0.0.1:8000/cb"));
    }

    @Test
    @DisplayName("a public client cannot register for client_credentials")
    void publicClientCredentials() {
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          () ->
              h.oauth.registerApp(
                  RegistrationRequest.builder("spa")
                      .redirectUri(Harness.REDIRECT)
                      .authMethod("none")
                      .grantType(GrantType.CLIENT_CREDENTIALS)
                      .build()));
    }
  }

  @Nested
  @DisplayName("token and revocation requests")
  class TokenRequests {

    @Test
    @DisplayName(
        "revoking an unknown value of 32,768 characters (a JWT access token's bound) writes"
            + " nothing, one of 32,769 is refused")
    void revocationLength() {
      String longest = "a".repeat(32 * 1024);
      String before = h.store.dump();
      h.oauth.revokeToken(longest);
      assertEquals(before, h.store.dump(), "revoking an unknown value changed the store");
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST, () -> h.oauth.revokeToken("a".repeat(32 * 1024 + 1)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"refresh token", "refresh_token\n", "h\u00efnt", "65 characters"})
    @DisplayName("a malformed token_type_hint is invalid_request and revokes nothing")
    void malformedHint(String hint) {
      TokenResponse tokens = h.tokens();
      String value = hint.equals("65 characters") ? "h".repeat(65) : hint;
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_REQUEST,
          () ->
              h.oauth.revokeToken(
                  new dev.proauth2.spi.ClientCredentials(
                      "client_secret_basic", h.app.clientId(), h.app.clientSecret()),
                  tokens.refreshToken(),
                  value));
      assertTrue(h.alive(tokens.accessToken()));
    }

    /**
     * The token endpoint's answer to the confidential client's form with this {@code grant_type}
     * and nothing else, checked to have changed nothing: the engine takes grant types as {@link
     * dev.proauth2.GrantType}, so a string a client sends is read at the endpoint.
     */
    private String refusedGrantOfType(String grantType, String error) {
      String before = h.store.dump();
      String pair = h.app.clientId() + ":" + h.app.clientSecret();
      EndpointResponse response =
          new TokenEndpoint(h.oauth)
              .handle(
                  EndpointRequest.builder("POST")
                      .header("Content-Type", EndpointRequest.FORM)
                      .header(
                          "Authorization",
                          "Basic "
                              + Base64.getEncoder()
                                  .encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
                      .body("grant_type=" + URLEncoder.encode(grantType, StandardCharsets.UTF_8))
                      .build());
      assertEquals(400, response.status(), response.body());
      assertTrue(response.body().contains("\"error\":\"" + error + "\""), response.body());
      assertEquals(before, h.store.dump(), "a refused request changed the store");
      return response.body();
    }

    @Test
    @DisplayName("an empty grant_type is invalid_request, not unsupported_grant_type")
    void emptyGrantType() {
      refusedGrantOfType("", Proauth2Exception.INVALID_REQUEST);
    }

    @Test
    @DisplayName("the password grant is refused with a description saying why")
    void passwordGrantExplained() {
      String password = refusedGrantOfType("password", Proauth2Exception.UNSUPPORTED_GRANT_TYPE);
      assertTrue(password.contains("password grant is not offered"), password);
      String other =
          refusedGrantOfType(
              "urn:ietf:params:oauth:grant-type:jwt-bearer",
              Proauth2Exception.UNSUPPORTED_GRANT_TYPE);
      assertTrue(other.contains("must be authorization_code"), other);
    }

    @Test
    @DisplayName("a public client that presents a secret is invalid_client")
    void publicClientWithSecret() {
      String verifier = h.newVerifier();
      AuthorizationCode code = h.authorize(h.spa, verifier);
      assertRefusedUnchanged(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              h.exchange(h.spa, "a-secret-it-never-had", code.code(), Harness.REDIRECT, verifier));
      assertTrue(h.alive(h.exchange(h.spa, code, verifier).accessToken()));
    }
  }

  @Nested
  @DisplayName("builder settings")
  class Builder {

    /** A setting out of range is the calling program's mistake, not an OAuth error. */
    private void assertSettingRefused(UnaryOperator<Proauth2.Builder> setting) {
      assertThrows(
          IllegalArgumentException.class, () -> setting.apply(Proauth2.builder()).build().close());
    }

    private void assertSettingAccepted(UnaryOperator<Proauth2.Builder> setting) {
      setting.apply(Proauth2.builder().dataStore("memory:")).build().close();
    }

    @Test
    @DisplayName("lifetimes of exactly 1 second and exactly the maximum are accepted")
    void lifetimesAtTheBounds() {
      assertSettingAccepted(b -> b.codeTtl(Duration.ofSeconds(1)));
      assertSettingAccepted(b -> b.codeTtl(Duration.ofMinutes(10)));
      assertSettingAccepted(b -> b.accessTokenTtl(Duration.ofSeconds(1)));
      assertSettingAccepted(b -> b.accessTokenTtl(Duration.ofDays(1)));
      assertSettingAccepted(b -> b.refreshTokenTtl(Duration.ofSeconds(1)));
      assertSettingAccepted(b -> b.refreshTokenTtl(Duration.ofDays(365)));
    }

    @Test
    @DisplayName("lifetimes a millisecond outside the bounds are refused")
    void lifetimesOutsideTheBounds() {
      Duration underOne = Duration.ofMillis(999);
      assertSettingRefused(b -> b.codeTtl(underOne));
      assertSettingRefused(b -> b.codeTtl(Duration.ofMinutes(10).plusMillis(1)));
      assertSettingRefused(b -> b.accessTokenTtl(underOne));
      assertSettingRefused(b -> b.accessTokenTtl(Duration.ofDays(1).plusMillis(1)));
      assertSettingRefused(b -> b.refreshTokenTtl(underOne));
      assertSettingRefused(b -> b.refreshTokenTtl(Duration.ofDays(365).plusMillis(1)));
    }

    @Test
    @DisplayName("a failure limit of 1 to 1000000 is accepted, 0 and 1000001 refused")
    void failureLimit() {
      Duration minute = Duration.ofMinutes(1);
      assertSettingAccepted(b -> b.clientFailureLimit(1, minute));
      assertSettingAccepted(b -> b.clientFailureLimit(1_000_000, minute));
      assertSettingRefused(b -> b.clientFailureLimit(0, minute));
      assertSettingRefused(b -> b.clientFailureLimit(1_000_001, minute));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "http://auth.example",
          "https://auth.example?tenant=a",
          "https://auth.example#top",
          "https:/auth",
          "ftp://auth.example",
          "auth.example"
        })
    @DisplayName("an issuer that is not an https URL without query or fragment is refused")
    void badIssuer(String issuer) {
      assertSettingRefused(b -> b.dataStore("memory:").issuer(issuer));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {"https://auth.example", "http://localhost:8080", "http://127.0.0.1:8080/as"})
    @DisplayName("an https issuer, or http on localhost for development, is accepted and kept")
    void goodIssuer(String issuer) {
      try (Proauth2 oauth = Proauth2.builder().dataStore("memory:").issuer(issuer).build()) {
        assertEquals(java.util.Optional.of(issuer), oauth.issuer());
      }
    }
  }
}

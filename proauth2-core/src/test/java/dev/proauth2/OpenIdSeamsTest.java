package dev.proauth2;

import static dev.proauth2.TestEngine.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The seams OpenID Connect is built on: sign-in facts kept with the code and the refresh token, the
 * checked OpenID Connect parameters, and token response extensions.
 */
class OpenIdSeamsTest {

  private static final SignIn SIGN_IN =
      new SignIn(Instant.ofEpochSecond(1_700_000_000L), "urn:acr:silver", List.of("pwd", "otp"));

  /** An engine with a client for "openid read", refresh allowed, and an extension recording. */
  private static final class Recorder implements TokenResponseExtension {
    final List<GrantFacts> seen = new ArrayList<>();
    RuntimeException failure;
    Map<String, String> answer = Map.of("id_token", "signed");

    @Override
    public Map<String, String> parameters(GrantFacts grant) {
      seen.add(grant);
      if (failure != null) {
        throw failure;
      }
      return answer;
    }
  }

  private static AuthorizationRequest.Builder request(TestEngine engine, String verifier) {
    return AuthorizationRequest.builder()
        .clientId(engine.app.clientId())
        .userId(TestEngine.USER)
        .redirectUri(TestEngine.REDIRECT)
        .scope("read")
        .codeChallenge(TestEngine.challengeOf(verifier))
        .codeChallengeMethod(CodeChallengeMethod.S256);
  }

  @Nested
  class Extensions {

    @Test
    @DisplayName("an extension's parameters join the token response of a code exchange")
    void added() {
      Recorder recorder = new Recorder();
      try (TestEngine engine = new TestEngine(b -> b.tokenResponseExtension(recorder))) {
        TokenResponse tokens = engine.newGrant("read");
        assertEquals("signed", tokens.parameter("id_token").orElseThrow());
        assertEquals(GrantType.AUTHORIZATION_CODE, recorder.seen.get(0).grantType());
        assertEquals(tokens.accessToken(), recorder.seen.get(0).accessToken());
        assertFalse(tokens.toString().contains("signed"), "toString shows no parameter value");
      }
    }

    @Test
    @DisplayName("the nonce and the sign-in reach the extension at the code exchange")
    void codeFacts() {
      Recorder recorder = new Recorder();
      try (TestEngine engine = new TestEngine(b -> b.tokenResponseExtension(recorder))) {
        String verifier = TestEngine.newVerifier();
        AuthorizationCode code =
            engine.oauth.requestAuthorization(
                request(engine, verifier)
                    .openId(
                        OpenIdParameters.parse("n-0S6", null, null, null, null, null, null, null))
                    .signIn(SIGN_IN)
                    .build());
        engine.exchange(code, verifier);
        GrantFacts facts = recorder.seen.get(0);
        assertEquals("n-0S6", facts.nonce());
        assertEquals(SIGN_IN, facts.signIn());
        assertEquals(TestEngine.USER, facts.userId());
        assertEquals(TestEngine.ISSUER, facts.issuer());
      }
    }

    @Test
    @DisplayName("a refresh carries the grant's sign-in to the extension again, without the nonce")
    void refreshFacts() {
      Recorder recorder = new Recorder();
      try (TestEngine engine = new TestEngine(b -> b.tokenResponseExtension(recorder))) {
        ClientRegistration client =
            engine.register(
                RegistrationRequest.builder("refreshing")
                    .redirectUri(TestEngine.REDIRECT)
                    .grantType(GrantType.AUTHORIZATION_CODE)
                    .grantType(GrantType.REFRESH_TOKEN)
                    .scope("read")
                    .build());
        String verifier = TestEngine.newVerifier();
        AuthorizationCode code =
            engine.oauth.requestAuthorization(
                request(engine, verifier)
                    .clientId(client.clientId())
                    .openId(OpenIdParameters.parse("n-1", null, null, null, null, null, null, null))
                    .signIn(SIGN_IN)
                    .build());
        TokenResponse first =
            engine.oauth.requestAccessToken(
                TokenRequest.authorizationCode(
                    client.clientId(),
                    client.clientSecret(),
                    code.code(),
                    TestEngine.REDIRECT,
                    verifier));
        TokenResponse second =
            engine.oauth.requestAccessToken(
                new TokenRequest.RefreshToken(
                    client.clientId(), client.clientSecret(), first.refreshToken(), null));
        GrantFacts refreshed = recorder.seen.get(1);
        assertEquals(GrantType.REFRESH_TOKEN, refreshed.grantType());
        assertEquals(SIGN_IN, refreshed.signIn());
        assertNull(refreshed.nonce());
        assertEquals(second.accessToken(), refreshed.accessToken());
        assertEquals("signed", second.parameter("id_token").orElseThrow());
      }
    }

    @Test
    @DisplayName("a failing extension withdraws the tokens and leaves the code redeemable")
    void failureWithdraws() {
      Recorder recorder = new Recorder();
      recorder.failure = new IllegalStateException("signing failed");
      try (TestEngine engine = new TestEngine(b -> b.tokenResponseExtension(recorder))) {
        String verifier = TestEngine.newVerifier();
        AuthorizationCode code = engine.authorize(verifier);
        assertThrows(IllegalStateException.class, () -> engine.exchange(code, verifier));
        String withdrawn = recorder.seen.get(0).accessToken();
        assertError(
            Proauth2Exception.INVALID_TOKEN, () -> engine.oauth.authenticateToken(withdrawn));
        recorder.failure = null;
        TokenResponse tokens = engine.exchange(code, verifier);
        assertEquals("signed", tokens.parameter("id_token").orElseThrow());
      }
    }

    @Test
    @DisplayName("a grant without any scope reaches the extension, which finds no openid in it")
    void noScope() {
      Recorder recorder = new Recorder();
      try (TestEngine engine = new TestEngine(b -> b.tokenResponseExtension(recorder))) {
        ClientRegistration unscoped =
            engine.register(
                RegistrationRequest.builder("unscoped").redirectUri(TestEngine.REDIRECT).build());
        String verifier = TestEngine.newVerifier();
        ValidatedAuthorization validated =
            engine.oauth.checkAuthorization(
                request(engine, verifier).clientId(unscoped.clientId()).scope(null).build());
        assertFalse(validated.isOpenId());
        engine.oauth.requestAccessToken(
            TokenRequest.authorizationCode(
                unscoped.clientId(),
                unscoped.clientSecret(),
                engine
                    .oauth
                    .requestAuthorization(
                        request(engine, verifier).clientId(unscoped.clientId()).scope(null).build())
                    .code(),
                TestEngine.REDIRECT,
                verifier));
        assertFalse(recorder.seen.get(0).hasScope("openid"));
      }
    }

    @Test
    @DisplayName("an extension may not write a parameter the engine writes")
    void reservedNames() {
      Recorder recorder = new Recorder();
      recorder.answer = Map.of("access_token", "forged");
      try (TestEngine engine = new TestEngine(b -> b.tokenResponseExtension(recorder))) {
        assertThrows(IllegalStateException.class, () -> engine.newGrant("read"));
      }
    }
  }

  @Nested
  class Parameters {

    @Test
    @DisplayName("prompt=none with another value, an unknown prompt or display is invalid_request")
    void badValues() {
      for (String[] bad :
          List.of(
              new String[] {"none login", null, null},
              new String[] {"sometimes", null, null},
              new String[] {"login  consent", null, null},
              new String[] {null, "-1", null},
              new String[] {null, "12a", null},
              new String[] {null, null, "fullscreen"})) {
        assertError(
            Proauth2Exception.INVALID_REQUEST,
            () -> OpenIdParameters.parse(null, bad[0], bad[1], null, null, null, bad[2], null));
      }
    }

    @Test
    @DisplayName("an over-long nonce or a nonce with a control character is invalid_request")
    void badNonce() {
      assertError(
          Proauth2Exception.INVALID_REQUEST,
          () -> OpenIdParameters.parse("n".repeat(257), null, null, null, null, null, null, null));
      assertError(
          Proauth2Exception.INVALID_REQUEST,
          () -> OpenIdParameters.parse("a\nb", null, null, null, null, null, null, null));
    }

    @Test
    @DisplayName("the checked parameters are surfaced to the host's consent step")
    void surfaced() {
      try (TestEngine engine = new TestEngine()) {
        OpenIdParameters openId =
            OpenIdParameters.parse(
                "n", "login consent", "600", "alice", null, "de-CH en", "popup", "urn:acr:gold");
        ValidatedAuthorization validated =
            engine.oauth.checkAuthorization(
                request(engine, TestEngine.newVerifier()).openId(openId).build());
        assertEquals(
            Set.of(OpenIdParameters.Prompt.LOGIN, OpenIdParameters.Prompt.CONSENT),
            validated.openId().prompt());
        assertEquals(Duration.ofMinutes(10), validated.openId().maxAge());
        assertEquals("alice", validated.openId().loginHint());
        assertEquals("de-CH", validated.openId().locales().get(0).toLanguageTag());
        assertEquals("popup", validated.openId().display());
      }
    }
  }

  @Nested
  class MaxAge {

    @Test
    @DisplayName("a sign-in older than max_age gets no code: login_required")
    void tooOld() {
      try (TestEngine engine = new TestEngine()) {
        OpenIdParameters openId =
            OpenIdParameters.parse(null, null, "60", null, null, null, null, null);
        Instant now = engine.clock.instant();
        AuthorizationError error =
            assertThrows(
                AuthorizationError.class,
                () ->
                    engine.oauth.requestAuthorization(
                        request(engine, TestEngine.newVerifier())
                            .openId(openId)
                            .signIn(SignIn.at(now.minusSeconds(61)))
                            .build()));
        assertEquals(OpenIdParameters.LOGIN_REQUIRED, error.error());
        assertTrue(
            engine
                    .oauth
                    .requestAuthorization(
                        request(engine, TestEngine.newVerifier())
                            .openId(openId)
                            .signIn(SignIn.at(now.minusSeconds(59)))
                            .build())
                    .code()
                    .length()
                > 0);
      }
    }

    @Test
    @DisplayName("max_age without the sign-in's time is the host's mistake")
    void needsAuthTime() {
      try (TestEngine engine = new TestEngine()) {
        OpenIdParameters openId =
            OpenIdParameters.parse(null, null, "60", null, null, null, null, null);
        assertThrows(
            IllegalArgumentException.class,
            () ->
                engine.oauth.requestAuthorization(
                    request(engine, TestEngine.newVerifier()).openId(openId).build()));
      }
    }
  }
}

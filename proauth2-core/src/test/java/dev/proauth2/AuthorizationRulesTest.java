package dev.proauth2;

import static dev.proauth2.TestEngine.REDIRECT;
import static dev.proauth2.TestEngine.challengeOf;
import static dev.proauth2.TestEngine.newVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.Proauth2Exception;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the engine checks in an authorization request, whatever the store: the client, the redirect
 * URI, the response type, the scope and PKCE.
 */
class AuthorizationRulesTest {

  private final TestEngine engine = new TestEngine();
  private final Proauth2 oauth = engine.oauth;
  private final ClientRegistration app = engine.app;

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  private AuthorizationRequest.Builder request() {
    return AuthorizationRequest.builder()
        .clientId(app.clientId())
        .userId("alice")
        .redirectUri(REDIRECT);
  }

  @Test
  @DisplayName("checkAuthorization runs every check before consent, without storing anything")
  void checkBeforeConsent() {
    String verifier = newVerifier();
    long before = engine.store.changes();
    ValidatedAuthorization checked =
        oauth.checkAuthorization(
            AuthorizationRequest.builder()
                .clientId(app.clientId())
                .redirectUri(REDIRECT)
                .scope("read")
                .state("s")
                .codeChallenge(challengeOf(verifier))
                .codeChallengeMethod(CodeChallengeMethod.S256)
                .build());
    assertEquals(before, engine.store.changes());
    assertEquals("Test app", checked.client().name());
    assertEquals(REDIRECT, checked.redirectUri());
    assertEquals("read", checked.scope());
    assertEquals("s", checked.state());
    AuthorizationError redirectable =
        assertThrows(
            AuthorizationError.class,
            () ->
                oauth.checkAuthorization(
                    AuthorizationRequest.builder()
                        .clientId(app.clientId())
                        .redirectUri(REDIRECT)
                        .scope("admin")
                        .state("s")
                        .build()));
    assertEquals(Proauth2Exception.INVALID_SCOPE, redirectable.error());
    assertEquals(REDIRECT, redirectable.redirectUri());
    assertEquals(Optional.of("s"), redirectable.state());
    Proauth2Exception shown =
        assertThrows(
            Proauth2Exception.class,
            () ->
                oauth.checkAuthorization(
                    AuthorizationRequest.builder()
                        .clientId(app.clientId())
                        .redirectUri("https://evil.example/cb")
                        .build()));
    assertFalse(shown instanceof AuthorizationError, "an unconfirmed redirect URI never redirects");
  }

  @Test
  @DisplayName("a loopback redirect URI matches on any port (RFC 8252 section 7.3)")
  void loopbackPortMayVary() {
    AuthorizationCode code =
        oauth.requestAuthorization(
            AuthorizationRequest.builder()
                .clientId(app.clientId())
                .userId("carol")
                .redirectUri("http://127.0.0.1:51234/native")
                .build());
    assertTrue(code.redirectUri().startsWith("http://127.0.0.1:51234/native?code="));
  }

  @Test
  @DisplayName("an unregistered redirect URI is refused without a code or a state to redirect")
  void wrongRedirect() {
    long before = engine.store.changes();
    Proauth2Exception thrown =
        assertThrows(
            Proauth2Exception.class,
            () ->
                oauth.requestAuthorization(
                    request().redirectUri("https://evil.example/cb").state("xyz").build()));
    assertEquals(Proauth2Exception.INVALID_REQUEST, thrown.error());
    assertEquals(Optional.empty(), thrown.state());
    assertEquals(before, engine.store.changes());
  }

  @Test
  @DisplayName("a scope beyond the client's is invalid_scope and carries the state")
  void scopeBeyondClient() {
    Proauth2Exception thrown =
        assertThrows(
            Proauth2Exception.class, () -> engine.authorize(app, newVerifier(), "read admin"));
    assertEquals(Proauth2Exception.INVALID_SCOPE, thrown.error());
    assertEquals(Optional.of("xyz"), thrown.state());
  }

  @Test
  @DisplayName("the implicit grant is refused with a reason")
  void implicitRefused() {
    Proauth2Exception implicit =
        assertThrows(
            Proauth2Exception.class,
            () -> oauth.requestAuthorization(app.clientId(), "alice", "token", REDIRECT));
    assertEquals(Proauth2Exception.UNSUPPORTED_RESPONSE_TYPE, implicit.error());
    assertTrue(implicit.description().contains("implicit"), implicit.description());
  }

  @Test
  @DisplayName("plain PKCE is refused unless the builder allows it")
  void plainPkce() {
    String verifier = newVerifier();
    AuthorizationRequest plain =
        request().codeChallenge(verifier).codeChallengeMethod(CodeChallengeMethod.PLAIN).build();
    TestEngine.assertError(
        Proauth2Exception.INVALID_REQUEST, () -> oauth.requestAuthorization(plain));
    try (TestEngine allowing = new TestEngine(builder -> builder.allowPlainPkce(true))) {
      AuthorizationCode code =
          allowing.oauth.requestAuthorization(
              AuthorizationRequest.builder()
                  .clientId(allowing.app.clientId())
                  .userId("alice")
                  .redirectUri(REDIRECT)
                  .codeChallenge(verifier)
                  .codeChallengeMethod(CodeChallengeMethod.PLAIN)
                  .build());
      assertEquals(
          "alice",
          allowing
              .oauth
              .authenticateToken(allowing.exchange(code, verifier).accessToken())
              .userId());
    }
  }

  @Test
  @DisplayName("a public client must use PKCE")
  void publicClientNeedsPkce() {
    ClientRegistration spa =
        engine.register(
            RegistrationRequest.builder("SPA").redirectUri(REDIRECT).authMethod("none").build());
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () -> oauth.requestAuthorization(spa.clientId(), "alice", "code", REDIRECT));
  }

  @Test
  @DisplayName("authorization with missing or malformed values is refused, storing nothing")
  void badAuthorization() {
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () -> oauth.requestAuthorization(null, "alice", "code", REDIRECT));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () -> oauth.requestAuthorization("no-such-client", "alice", "code", REDIRECT));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () -> oauth.requestAuthorization(app.clientId(), "", "code", REDIRECT));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () -> oauth.requestAuthorization(app.clientId(), "u".repeat(10_000), "code", REDIRECT));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () -> oauth.requestAuthorization(app.clientId(), "alice\u0000", "code", REDIRECT));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () -> oauth.requestAuthorization(app.clientId(), "alice", null, REDIRECT));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_SCOPE,
        () -> oauth.requestAuthorization(request().scope("read  write").build()));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () ->
            oauth.requestAuthorization(
                request()
                    .codeChallenge("too-short")
                    .codeChallengeMethod(CodeChallengeMethod.S256)
                    .build()));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST,
        () -> oauth.requestAuthorization(request().state("line\nbreak").build()));
  }

  @Test
  @DisplayName(
      "a null authorization request is the caller's mistake: a NullPointerException naming it,"
          + " storing nothing")
  void nullAuthorization() {
    long before = engine.store.changes();
    assertEquals(
        "request",
        assertThrows(NullPointerException.class, () -> oauth.requestAuthorization(null))
            .getMessage());
    assertEquals(
        "request",
        assertThrows(NullPointerException.class, () -> oauth.checkAuthorization(null))
            .getMessage());
    assertEquals(before, engine.store.changes());
  }

  @Test
  @DisplayName(
      "a null user id comes from the host, not the client: a NullPointerException, not an error"
          + " redirected to the client, and no code")
  void nullUserId() {
    long before = engine.store.changes();
    assertEquals(
        "userId",
        assertThrows(
                NullPointerException.class,
                () -> oauth.requestAuthorization(request().userId(null).build()))
            .getMessage());
    assertThrows(
        NullPointerException.class,
        () -> oauth.requestAuthorization(app.clientId(), null, "code", REDIRECT));
    assertEquals(before, engine.store.changes());
  }
}

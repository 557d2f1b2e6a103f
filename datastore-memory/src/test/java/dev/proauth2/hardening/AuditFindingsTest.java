package dev.proauth2.hardening;

import static dev.proauth2.hardening.Refusals.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.TokenSubject;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The engine's findings of the security audit (issue 17), each shown as an attacker would try it:
 * every test here failed on the engine the audit read, and passes now. The registration policy's
 * own rules are in {@code RegistrationPolicyTest}, the failure limiter's bound in {@code
 * FailureLimiterTest} and the consent form's in {@code ConsentGuardTest} (core) and {@code
 * ConsentCsrfTest} (the demo server).
 */
@DisplayName("security audit findings")
class AuditFindingsTest {

  private static final String ATTACKER_ADDRESS = "203.0.113.66";
  private static final String APP_ADDRESS = "198.51.100.7";

  private Harness h;

  @BeforeEach
  void open() {
    h = Harness.observed();
  }

  @AfterEach
  void close() {
    h.close();
  }

  private static String randomToken(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private ClientCredentials basic(ClientRegistration client, String secret, String source) {
    return new ClientCredentials("client_secret_basic", client.clientId(), secret).from(source);
  }

  /** A refresh with a made-up token, so a client that authenticates gets invalid_grant. */
  private void refreshAs(ClientCredentials credentials) {
    h.oauth.requestAccessToken(
        credentials, TokenRequest.refreshToken(null, null, "x".repeat(43), null));
  }

  @Nested
  @DisplayName("1. a stranger who knows a client id cannot lock the client out")
  class Lockout {

    @Test
    @DisplayName("50 Basic headers with a public client's id do not stop its code redemption")
    void publicClient() {
      for (int i = 0; i < 50; i++) {
        assertError(
            Proauth2Exception.INVALID_CLIENT,
            () -> refreshAs(basic(h.spa, "guess", ATTACKER_ADDRESS)));
      }
      String verifier = h.newVerifier();
      AuthorizationCode code = h.authorize(h.spa, verifier);
      TokenResponse tokens =
          h.oauth.requestAccessToken(
              new ClientCredentials("none", h.spa.clientId(), null).from(APP_ADDRESS),
              TokenRequest.authorizationCode(null, null, code.code(), Harness.REDIRECT, verifier));
      assertTrue(h.alive(tokens.accessToken()));
    }

    @Test
    @DisplayName(
        "50 attempts with another method than the client's prove nothing and count for nothing")
    void methodMismatch() {
      for (int i = 0; i < 50; i++) {
        assertError(
            Proauth2Exception.INVALID_CLIENT,
            () ->
                refreshAs(
                    new ClientCredentials("client_secret_post", h.app.clientId(), "guess")
                        .from(APP_ADDRESS)));
      }
      assertError(
          Proauth2Exception.INVALID_GRANT,
          () -> refreshAs(basic(h.app, h.app.clientSecret(), APP_ADDRESS)));
    }

    @Test
    @DisplayName(
        "wrong secrets from one address block that address only: the client's own address still"
            + " gets in")
    void perSource() {
      for (int i = 0; i < 10; i++) {
        String guess = "guess-" + i;
        assertError(
            Proauth2Exception.INVALID_CLIENT,
            () -> refreshAs(basic(h.app, guess, ATTACKER_ADDRESS)));
      }
      Proauth2Exception blocked =
          assertError(
              Proauth2Exception.INVALID_CLIENT,
              () -> refreshAs(basic(h.app, h.app.clientSecret(), ATTACKER_ADDRESS)));
      assertTrue(blocked.description().startsWith("too many failed"), blocked.description());
      assertError(
          Proauth2Exception.INVALID_GRANT,
          () -> refreshAs(basic(h.app, h.app.clientSecret(), APP_ADDRESS)));
    }
  }

  @Nested
  @DisplayName("2. a client registered without scope gets no scope, not every scope")
  class NoScopeMeansNone {

    @Test
    @DisplayName("client_credentials with scope 'admin root' is invalid_scope; without, no scope")
    void clientCredentials() {
      ClientRegistration service =
          h.remember(
              h.oauth.registerApp(
                  RegistrationRequest.builder("Service")
                      .grantType(GrantType.CLIENT_CREDENTIALS)
                      .build()));
      assertError(
          Proauth2Exception.INVALID_SCOPE,
          () ->
              h.oauth.requestAccessToken(
                  TokenRequest.clientCredentials(
                      service.clientId(), service.clientSecret(), "admin root")));
      TokenResponse token =
          h.oauth.requestAccessToken(
              TokenRequest.clientCredentials(service.clientId(), service.clientSecret(), null));
      assertNull(token.scope());
      assertNull(h.oauth.authenticateToken(token.accessToken()).scope());
    }

    @Test
    @DisplayName("an authorization request with a scope is invalid_scope")
    void authorization() {
      assertError(
          Proauth2Exception.INVALID_SCOPE,
          () -> h.authorize(h.request(h.other, h.newVerifier()).scope("admin").build()));
    }
  }

  @Nested
  @DisplayName("3. revoking values nobody issued writes nothing")
  class NoMarkers {

    @Test
    @DisplayName("10,000 random well-formed values from a public client leave the store as it was")
    void randomValues() {
      h.tokens();
      String before = h.store.dump();
      long changes = h.store.changes();
      ClientCredentials spa = new ClientCredentials("none", h.spa.clientId(), null);
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < 10_000; i++) {
        h.oauth.revokeToken(spa, randomToken(random), i % 2 == 0 ? "refresh_token" : null);
      }
      assertEquals(changes, h.store.changes(), "writes");
      assertEquals(before, h.store.dump());
    }
  }

  @Nested
  @DisplayName("4. a client cannot revoke another client's grant, even mid-rotation")
  class CrossClientRevocation {

    private ClientCredentials other() {
      return new ClientCredentials(
          "client_secret_basic", h.other.clientId(), h.other.clientSecret());
    }

    @Test
    @DisplayName(
        "while the owner rotates its refresh token, another client's revocation of it is refused"
            + " and the owner's refresh goes through")
    void duringRotation() {
      TokenResponse first = h.tokens();
      h.store.beforeOnce(
          ObservedStore.Operation.REPLACE,
          Table.REFRESH_TOKENS,
          () ->
              assertError(
                  Proauth2Exception.UNAUTHORIZED_CLIENT,
                  () -> h.oauth.revokeToken(other(), first.refreshToken(), "refresh_token")));
      TokenResponse second = h.refresh(h.app, first.refreshToken(), null);
      assertTrue(h.alive(second.accessToken()));
      assertTrue(h.oauth.introspect(second.refreshToken()).active());
      assertTrue(h.alive(first.accessToken()), "the grant's older access token");
    }

    @Test
    @DisplayName(
        "another client's revocation of a rotated refresh token is refused, the grant lives")
    void rotatedToken() {
      TokenResponse first = h.tokens();
      TokenResponse second = h.refresh(h.app, first.refreshToken(), null);
      String before = h.store.dump();
      assertError(
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          () -> h.oauth.revokeToken(other(), first.refreshToken(), null));
      assertEquals(before, h.store.dump());
      assertTrue(h.alive(second.accessToken()));
      assertTrue(h.oauth.introspect(second.refreshToken()).active());
    }
  }

  @Nested
  @DisplayName("6. a refresh that narrows the scope narrows its access token, not the grant")
  class NarrowingOnRefresh {

    @Test
    @DisplayName(
        "after a refresh with 'read' from a 'read write' grant, the next refresh may ask for 'read"
            + " write' again (RFC 6749 section 6)")
    void widenBackToGrant() {
      String verifier = h.newVerifier();
      TokenResponse first =
          h.exchange(
              h.app, h.authorize(h.request(h.app, verifier).scope("read write").build()), verifier);
      TokenResponse narrowed = h.refresh(h.app, first.refreshToken(), "read");
      assertEquals("read", narrowed.scope());
      assertEquals("read", h.oauth.introspect(narrowed.accessToken()).scope());
      assertEquals("read write", h.oauth.introspect(narrowed.refreshToken()).scope());
      TokenResponse whole = h.refresh(h.app, narrowed.refreshToken(), "read write");
      assertEquals("read write", whole.scope());
      assertError(
          Proauth2Exception.INVALID_SCOPE,
          () -> h.refresh(h.app, whole.refreshToken(), "read write admin"));
    }
  }

  @Nested
  @DisplayName("7. another client's attempt does not burn a code")
  class CodeNotBurned {

    @Test
    @DisplayName("another client presenting the code changes nothing, and the owner redeems it")
    void otherClientFirst() {
      String verifier = h.newVerifier();
      AuthorizationCode code = h.authorize(h.app, verifier);
      String before = h.store.dump();
      assertError(
          Proauth2Exception.INVALID_GRANT,
          () ->
              h.exchange(h.other, h.other.clientSecret(), code.code(), Harness.REDIRECT, verifier));
      assertEquals(before, h.store.dump());
      assertTrue(h.alive(h.exchange(h.app, code, verifier).accessToken()));
    }
  }

  @Nested
  @DisplayName("8. a client's own token and a user's token are told apart")
  class TypedSubject {

    private ClientRegistration service;

    @BeforeEach
    void registerService() {
      service =
          h.remember(
              h.oauth.registerApp(
                  RegistrationRequest.builder("Service")
                      .redirectUri(Harness.REDIRECT)
                      .grantType(GrantType.AUTHORIZATION_CODE)
                      .grantType(GrantType.CLIENT_CREDENTIALS)
                      .build()));
    }

    private TokenResponse serviceToken() {
      return h.remember(
          h.oauth.requestAccessToken(
              TokenRequest.clientCredentials(service.clientId(), service.clientSecret(), null)));
    }

    @Test
    @DisplayName("a client_credentials token has no user; introspection gives client_id, no sub")
    void clientToken() {
      TokenResponse token = serviceToken();
      TokenSubject subject = h.oauth.authenticateToken(token.accessToken());
      assertTrue(subject.isClient());
      assertNull(subject.userId());
      assertEquals(service.clientId(), subject.clientId());
      TokenInfo info = h.oauth.introspect(token.accessToken());
      assertNull(info.subject());
      assertEquals(service.clientId(), info.clientId());
    }

    @Test
    @DisplayName(
        "a user whose id equals the client id is a user, and signing that user out leaves the"
            + " client's token alone")
    void userNamedLikeClient() {
      TokenResponse serviceToken = serviceToken();
      String verifier = h.newVerifier();
      AuthorizationCode code =
          h.authorize(h.request(h.other, verifier).userId(service.clientId()).build());
      TokenResponse userToken = h.exchange(h.other, code, verifier);
      TokenSubject user = h.oauth.authenticateToken(userToken.accessToken());
      assertFalse(user.isClient());
      assertEquals(service.clientId(), user.userId());

      h.oauth.revokeAll(service.clientId());
      assertFalse(h.alive(userToken.accessToken()));
      assertTrue(h.alive(serviceToken.accessToken()), "the client's own token");
    }
  }

  @Nested
  @DisplayName("9. a client introspects its own tokens only, unless it is a resource server")
  class WhoMayIntrospect {

    @Test
    @DisplayName(
        "another client learns only active=false; the owner and a resource server learn the rest")
    void entitlement() {
      TokenResponse tokens = h.tokens();
      ClientCredentials other =
          new ClientCredentials("client_secret_basic", h.other.clientId(), h.other.clientSecret());
      assertEquals(TokenInfo.inactive(), h.oauth.introspect(other, tokens.accessToken()));
      assertEquals(TokenInfo.inactive(), h.oauth.introspect(other, tokens.refreshToken()));

      ClientCredentials owner =
          new ClientCredentials("client_secret_basic", h.app.clientId(), h.app.clientSecret());
      assertEquals(Harness.USER, h.oauth.introspect(owner, tokens.accessToken()).subject());

      ClientRegistration api =
          h.remember(
              h.oauth.registerApp(
                  RegistrationRequest.builder("API")
                      .grantType(GrantType.CLIENT_CREDENTIALS)
                      .resourceServer(true)
                      .build()));
      assertTrue(api.resourceServer());
      ClientCredentials resourceServer =
          new ClientCredentials("client_secret_basic", api.clientId(), api.clientSecret());
      TokenInfo info = h.oauth.introspect(resourceServer, tokens.accessToken());
      assertTrue(info.active());
      assertEquals(h.app.clientId(), info.clientId());
    }
  }
}

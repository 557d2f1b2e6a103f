package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.TokenSubject;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The flows a client goes through, each of which reads and writes the store: the code flow with
 * PKCE, refresh rotation, client credentials, a public client, introspection, a rotated secret and
 * revocation by the token's owner.
 */
abstract class FlowsContract extends EngineFixture {

  FlowsContract(Proauth2Contract contract) {
    super(contract);
  }

  private static ClientCredentials basic(String clientId, String secret) {
    return new ClientCredentials("client_secret_basic", clientId, secret);
  }

  @Test
  @DisplayName(
      "a token bound to a resource works there and nowhere else, through refresh and introspection")
  void resourceBoundTokens() {
    String verifier = newVerifier();
    AuthorizationCode code =
        oauth.requestAuthorization(
            AuthorizationRequest.builder()
                .clientId(app.clientId())
                .userId(USER)
                .redirectUri(REDIRECT)
                .codeChallenge(challengeOf(verifier))
                .codeChallengeMethod(CodeChallengeMethod.S256)
                .resource(API)
                .resource(OTHER_API)
                .build());
    remember(code.code());
    TokenResponse tokens =
        issued(
            oauth.requestAccessToken(
                ((TokenRequest.AuthorizationCode) redeeming(code, verifier))
                    .withResources(List.of(API))));
    assertEquals(USER, oauth.authenticateToken(tokens.accessToken(), API).userId());
    assertError(
        Proauth2Exception.INVALID_TOKEN,
        () -> oauth.authenticateToken(tokens.accessToken(), OTHER_API));
    assertEquals(List.of(API), oauth.introspect(tokens.accessToken()).audience());

    TokenResponse other =
        issued(
            oauth.requestAccessToken(
                ((TokenRequest.RefreshToken) refreshing(tokens.refreshToken()))
                    .withResources(List.of(OTHER_API))));
    assertEquals(USER, oauth.authenticateToken(other.accessToken(), OTHER_API).userId());
    assertError(
        Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(other.accessToken(), API));
    assertEquals(List.of(API, OTHER_API), oauth.introspect(other.refreshToken()).audience());
  }

  @Test
  @DisplayName(
      "a code issued with PKCE is redeemed for tokens that authenticate, introspect and revoke")
  void codeFlow() {
    String verifier = newVerifier();
    AuthorizationCode code = authorize(verifier);
    assertEquals("xyz", code.state());
    assertTrue(code.redirectUri().startsWith(REDIRECT + "?code="), code.redirectUri());
    assertTrue(code.redirectUri().contains("&state=xyz&iss=https%3A%2F%2Fauth.example"));

    TokenResponse tokens = exchange(code, verifier);
    assertEquals("Bearer", tokens.tokenType());
    assertEquals(3600, tokens.expiresIn());
    assertEquals("read", tokens.scope());
    assertNotNull(tokens.refreshToken());

    assertEquals(USER, oauth.authenticateToken(tokens.accessToken()).userId());
    TokenInfo info = oauth.introspect(tokens.accessToken());
    assertTrue(info.active());
    assertEquals(app.clientId(), info.clientId());
    assertEquals(USER, info.subject());
    assertEquals("read", info.scope());
    assertEquals(clock.instant().getEpochSecond() + 3600, info.expiresAt(), 1.0);
    assertTrue(oauth.introspect(tokens.refreshToken()).active(), "the refresh token is active");

    oauth.revokeToken(tokens.accessToken());
    assertTokenDead(tokens.accessToken());
  }

  @Test
  @DisplayName(
      "a refresh issues a new pair of tokens that work, and the old refresh token is no longer"
          + " active")
  void refreshRotates() {
    TokenResponse first = newGrant();
    TokenResponse second = refresh(first.refreshToken());
    assertNotEquals(first.refreshToken(), second.refreshToken());
    assertNotEquals(first.accessToken(), second.accessToken());
    assertEquals(USER, oauth.authenticateToken(second.accessToken()).userId());
    assertEquals("read", second.scope());
    assertTrue(oauth.introspect(second.refreshToken()).active(), "the new refresh token works");
    assertRefreshDead(first.refreshToken());
    assertEquals(
        USER, oauth.authenticateToken(refresh(second.refreshToken()).accessToken()).userId());
  }

  @Test
  @DisplayName(
      "client_credentials gives a confidential client a token of its own, with no user, and a"
          + " client that only uses it registers without a redirect URI")
  void clientCredentials() {
    ClientRegistration service =
        register(
            RegistrationRequest.builder("Service")
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .scope("jobs")
                .build());
    TokenResponse token =
        issued(
            oauth.requestAccessToken(
                TokenRequest.clientCredentials(service.clientId(), service.clientSecret(), null)));
    TokenSubject subject = oauth.authenticateToken(token.accessToken());
    assertEquals(new TokenSubject(null, service.clientId(), "jobs"), subject);
    assertTrue(subject.isClient());
    assertEquals(Optional.empty(), token.optionalRefreshToken());
    assertEquals("jobs", token.scope());
  }

  @Test
  @DisplayName("a public client redeems its code with the PKCE verifier alone, without a secret")
  void publicClient() {
    ClientRegistration spa =
        register(
            RegistrationRequest.builder("SPA").redirectUri(REDIRECT).authMethod("none").build());
    assertEquals(Optional.empty(), spa.optionalSecret());
    String verifier = newVerifier();
    AuthorizationCode code = authorize(oauth, spa, USER, verifier, null);
    TokenResponse tokens =
        issued(
            oauth.requestAccessToken(
                TokenRequest.authorizationCode(
                    spa.clientId(), null, code.code(), REDIRECT, verifier)));
    assertEquals(USER, oauth.authenticateToken(tokens.accessToken()).userId());
    TokenResponse refreshed =
        issued(
            oauth.requestAccessToken(
                TokenRequest.refreshToken(spa.clientId(), null, tokens.refreshToken(), null)));
    assertEquals(USER, oauth.authenticateToken(refreshed.accessToken()).userId());
  }

  @Test
  @DisplayName(
      "a client introspects a token with its credentials; wrong credentials are invalid_client")
  void introspectionNeedsClient() {
    TokenResponse tokens = newGrant();
    TokenInfo info =
        oauth.introspect(basic(app.clientId(), app.clientSecret()), tokens.accessToken());
    assertTrue(info.active());
    assertEquals(USER, info.subject());
    assertError(
        Proauth2Exception.INVALID_CLIENT,
        () -> oauth.introspect(basic(app.clientId(), "wrong"), tokens.accessToken()));
  }

  @Test
  @DisplayName(
      "only the client that owns a token may revoke it; a refresh hint still finds access tokens")
  void revocationByOwner() {
    TokenResponse tokens = newGrant();
    ClientRegistration intruder =
        register(RegistrationRequest.builder("intruder").redirectUri(REDIRECT).build());
    ClientCredentials owner = basic(app.clientId(), app.clientSecret());
    assertError(
        Proauth2Exception.UNAUTHORIZED_CLIENT,
        () ->
            oauth.revokeToken(
                basic(intruder.clientId(), intruder.clientSecret()), tokens.accessToken(), null));
    assertEquals(USER, oauth.authenticateToken(tokens.accessToken()).userId());
    assertError(
        Proauth2Exception.INVALID_CLIENT,
        () -> oauth.revokeToken(basic(app.clientId(), "wrong"), tokens.accessToken(), null));
    assertEquals(USER, oauth.authenticateToken(tokens.accessToken()).userId());
    oauth.revokeToken(owner, tokens.accessToken(), "refresh_token");
    assertTokenDead(tokens.accessToken());
    assertTrue(oauth.introspect(tokens.refreshToken()).active(), "only the access token went");
    oauth.revokeToken(owner, tokens.refreshToken(), "access_token");
    assertRefreshDead(tokens.refreshToken());
    oauth.revokeToken(owner, "never-issued-token", "whatever");
  }

  @Test
  @DisplayName("a rotated secret works at once, the old one stops working, and the rest is kept")
  void rotateSecret() {
    String old = app.clientSecret();
    ClientRegistration rotated = oauth.rotateSecret(app.clientId());
    remember(rotated.clientSecret());
    assertNotEquals(old, rotated.clientSecret());
    assertError(
        Proauth2Exception.INVALID_CLIENT,
        () -> oauth.requestAccessToken(TokenRequest.clientCredentials(app.clientId(), old, null)));
    Proauth2Exception withNew =
        assertThrows(
            Proauth2Exception.class,
            () ->
                oauth.requestAccessToken(
                    TokenRequest.clientCredentials(app.clientId(), rotated.clientSecret(), null)));
    assertEquals(Proauth2Exception.UNAUTHORIZED_CLIENT, withNew.error(), "authenticated");
    assertEquals(
        Optional.of(app.redirectUris()),
        oauth.findApp(app.clientId()).map(ClientRegistration::redirectUris));
    assertEquals(
        Optional.of(app.scope()), oauth.findApp(app.clientId()).map(ClientRegistration::scope));
  }
}

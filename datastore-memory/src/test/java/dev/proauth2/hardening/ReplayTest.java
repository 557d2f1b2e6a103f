package dev.proauth2.hardening;

import static dev.proauth2.hardening.Refusals.assertError;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A replayed code or a reused refresh token revokes its grant only when the replay could have been
 * made by the client itself (OAuth 2.1 section 7.5.2): anyone else holding a stolen code or token
 * must not be able to sign the client's user out.
 */
@DisplayName("replays that must not revoke")
class ReplayTest {

  private Harness h;
  private String verifier;
  private AuthorizationCode code;
  private TokenResponse first;

  @BeforeEach
  void redeemOnce() {
    h = Harness.observed();
    verifier = h.newVerifier();
    code = h.authorize(h.app, verifier);
    first = h.exchange(h.app, code, verifier);
  }

  @AfterEach
  void close() {
    h.close();
  }

  private void assertFirstTokensAlive() {
    assertTrue(h.alive(first.accessToken()), "the first access token was revoked");
    assertTrue(h.oauth.introspect(first.refreshToken()).active(), "the refresh token was revoked");
  }

  @Test
  @DisplayName("a replay by another registered client, authenticated as itself, revokes nothing")
  void otherClient() {
    assertError(
        Proauth2Exception.INVALID_GRANT,
        () -> h.exchange(h.other, h.other.clientSecret(), code.code(), Harness.REDIRECT, verifier));
    assertFirstTokensAlive();
  }

  @Test
  @DisplayName("a replay with another redirect URI revokes nothing")
  void otherRedirect() {
    assertError(
        Proauth2Exception.INVALID_GRANT,
        () ->
            h.exchange(h.app, h.app.clientSecret(), code.code(), Harness.QUERY_REDIRECT, verifier));
    assertFirstTokensAlive();
  }

  @Test
  @DisplayName("a replay without the verifier revokes nothing")
  void noVerifier() {
    assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.app, code, null));
    assertFirstTokensAlive();
  }

  @Test
  @DisplayName("a replay with a malformed verifier is invalid_request and revokes nothing")
  void malformedVerifier() {
    assertError(Proauth2Exception.INVALID_REQUEST, () -> h.exchange(h.app, code, "short"));
    assertFirstTokensAlive();
  }

  @Test
  @DisplayName(
      "failed replays leave the redeemed code on record, so the client's own replay still"
          + " revokes (the control)")
  void failedReplaysKeepTheTombstone() {
    assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.app, code, h.newVerifier()));
    assertError(
        Proauth2Exception.INVALID_CLIENT,
        () -> h.exchange(h.app, "wrong", code.code(), Harness.REDIRECT, verifier));
    assertError(
        Proauth2Exception.INVALID_GRANT,
        () -> h.exchange(h.other, h.other.clientSecret(), code.code(), Harness.REDIRECT, verifier));
    assertFirstTokensAlive();
    assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.app, code, verifier));
    assertFalse(h.alive(first.accessToken()), "the client's own replay did not revoke");
    assertFalse(h.oauth.introspect(first.refreshToken()).active());
  }

  @Test
  @DisplayName("a public client's code replayed with a wrong verifier revokes nothing")
  void publicClient() {
    String spaVerifier = h.newVerifier();
    AuthorizationCode spaCode = h.authorize(h.spa, spaVerifier);
    TokenResponse spaTokens = h.exchange(h.spa, spaCode, spaVerifier);
    assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.spa, spaCode, h.newVerifier()));
    assertTrue(h.alive(spaTokens.accessToken()));
    assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.spa, spaCode, spaVerifier));
    assertFalse(h.alive(spaTokens.accessToken()), "the replay with the right verifier revokes");
  }

  @Test
  @DisplayName("a rotated refresh token presented by another client revokes nothing")
  void rotatedRefreshTokenByOtherClient() {
    TokenResponse rotated = h.refresh(h.app, first.refreshToken(), null);
    assertError(
        Proauth2Exception.INVALID_GRANT, () -> h.refresh(h.other, first.refreshToken(), null));
    assertTrue(h.alive(rotated.accessToken()));
    assertTrue(h.oauth.introspect(rotated.refreshToken()).active());
  }

  @Test
  @DisplayName("a live refresh token presented by another client is not consumed")
  void liveRefreshTokenByOtherClient() {
    assertError(
        Proauth2Exception.INVALID_GRANT, () -> h.refresh(h.other, first.refreshToken(), null));
    assertTrue(h.alive(h.refresh(h.app, first.refreshToken(), null).accessToken()));
  }

  @Test
  @DisplayName("a rotated refresh token presented with a wrong client secret revokes nothing")
  void rotatedRefreshTokenWithoutAuthentication() {
    TokenResponse rotated = h.refresh(h.app, first.refreshToken(), null);
    assertError(
        Proauth2Exception.INVALID_CLIENT,
        () ->
            h.oauth.requestAccessToken(
                TokenRequest.refreshToken(h.app.clientId(), "wrong", first.refreshToken(), null)));
    assertTrue(h.alive(rotated.accessToken()));
    assertTrue(h.oauth.introspect(rotated.refreshToken()).active());
  }

  @Test
  @DisplayName(
      "another client cannot revoke the tokens through the revocation endpoint's path either")
  void otherClientCannotRevokeAccessToken() {
    assertError(
        Proauth2Exception.UNAUTHORIZED_CLIENT,
        () -> revokeAsOtherClient(first.accessToken(), "access_token"));
    assertFirstTokensAlive();
  }

  @Test
  @DisplayName(
      "another client cannot revoke the grant by presenting its refresh token for revocation")
  void otherClientCannotRevokeRefreshToken() {
    assertError(
        Proauth2Exception.UNAUTHORIZED_CLIENT,
        () -> revokeAsOtherClient(first.refreshToken(), "refresh_token"));
    assertFirstTokensAlive();
  }

  /** A revocation request by the registered attacker, authenticated with its own secret. */
  private void revokeAsOtherClient(String token, String hint) {
    h.oauth.revokeToken(
        new dev.proauth2.spi.ClientCredentials(
            "client_secret_basic", h.other.clientId(), h.other.clientSecret()),
        token,
        hint);
  }
}

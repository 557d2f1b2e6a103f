package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A code or refresh token presented again after its one use: the tombstone its use left in the
 * store tells the engine so, and the engine revokes the grant (OAuth 2.1 section 7.5.2, RFC 9700
 * section 4.14.2).
 */
abstract class ReplayContract extends EngineFixture {

  ReplayContract(Proauth2Contract contract) {
    super(contract);
  }

  @Test
  @DisplayName("a replayed code is refused and the tokens from its first use stop working")
  void replayedCode() {
    String verifier = newVerifier();
    AuthorizationCode code = authorize(verifier);
    TokenResponse first = exchange(code, verifier);
    assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(code, verifier));
    assertTokenDead(first.accessToken());
    assertRefreshDead(first.refreshToken());
  }

  @Test
  @DisplayName(
      "a replay that fails PKCE or client authentication does not revoke the first tokens"
          + " (OAuth 2.1 section 7.5.2)")
  void replayWithoutProofRevokesNothing() {
    String verifier = newVerifier();
    AuthorizationCode code = authorize(verifier);
    TokenResponse first = exchange(code, verifier);
    assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(code, newVerifier()));
    assertError(
        Proauth2Exception.INVALID_CLIENT,
        () ->
            oauth.requestAccessToken(
                TokenRequest.authorizationCode(
                    app.clientId(), "wrong", code.code(), REDIRECT, verifier)));
    assertEquals(USER, oauth.authenticateToken(first.accessToken()).userId());
  }

  @Test
  @DisplayName("reusing a rotated refresh token revokes every token of its grant")
  void reuseRevokesFamily() {
    TokenResponse first = newGrant();
    TokenResponse second = refresh(first.refreshToken());
    assertError(Proauth2Exception.INVALID_GRANT, () -> refresh(first.refreshToken()));
    assertTokenDead(second.accessToken());
    assertTokenDead(first.accessToken());
    assertRefreshDead(second.refreshToken());
  }
}

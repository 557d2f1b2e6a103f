package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Revocation, which finds a token by its key and a grant, user or client by an indexed field: an
 * access token alone, a refresh token with its grant, every grant of a user, every grant of a
 * deleted client.
 */
abstract class RevocationContract extends EngineFixture {

  RevocationContract(Proauth2Contract contract) {
    super(contract);
  }

  private TokenResponse grantFor(String userId) {
    String verifier = newVerifier();
    return exchange(authorize(oauth, app, userId, verifier, "read"), verifier);
  }

  @Test
  @DisplayName("a revoked access token is invalid_token, and revoking it again is no error")
  void revokedAccessToken() {
    TokenResponse tokens = newGrant();
    oauth.revokeToken(tokens.accessToken());
    assertTokenDead(tokens.accessToken());
    assertTrue(oauth.introspect(tokens.refreshToken()).active(), "only the access token went");
    oauth.revokeToken(tokens.accessToken());
  }

  @Test
  @DisplayName("revoking a refresh token revokes every token of its grant, and no other grant")
  void revokeRefreshCascades() {
    TokenResponse first = newGrant();
    TokenResponse rotated = refresh(first.refreshToken());
    TokenResponse other = newGrant();
    oauth.revokeToken(rotated.refreshToken());
    assertTokenDead(first.accessToken());
    assertTokenDead(rotated.accessToken());
    assertRefreshDead(rotated.refreshToken());
    assertError(Proauth2Exception.INVALID_GRANT, () -> refresh(rotated.refreshToken()));
    assertEquals(USER, oauth.authenticateToken(other.accessToken()).userId());
    assertTrue(oauth.introspect(other.refreshToken()).active(), "another grant was revoked");
  }

  @Test
  @DisplayName("revokeAll signs a user out everywhere and leaves other users alone")
  void revokeAll() {
    TokenResponse first = grantFor("dana");
    TokenResponse second = grantFor("dana");
    String verifier = newVerifier();
    AuthorizationCode pending = authorize(oauth, app, "dana", verifier, "read");
    TokenResponse other = grantFor("erin");
    assertTrue(oauth.revokeAll("dana") >= 5, "two grants of two tokens and a code");
    assertTokenDead(first.accessToken());
    assertTokenDead(second.accessToken());
    assertRefreshDead(first.refreshToken());
    assertRefreshDead(second.refreshToken());
    assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(pending, verifier));
    assertEquals("erin", oauth.authenticateToken(other.accessToken()).userId());
    assertTrue(oauth.introspect(other.refreshToken()).active(), "another user was signed out");
  }

  @Test
  @DisplayName("deleting a client revokes its tokens and stops it authenticating")
  void deleteApp() {
    TokenResponse tokens = grantFor("frank");
    assertTrue(oauth.deleteApp(app.clientId()));
    assertTokenDead(tokens.accessToken());
    assertRefreshDead(tokens.refreshToken());
    assertEquals(Optional.empty(), oauth.findApp(app.clientId()));
    assertError(Proauth2Exception.INVALID_CLIENT, () -> refresh(tokens.refreshToken()));
    assertFalse(oauth.deleteApp(app.clientId()));
  }
}

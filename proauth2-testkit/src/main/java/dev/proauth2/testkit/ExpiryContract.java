package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Codes and tokens end with their lifetime, by the engine's clock: 60 seconds for a code, an hour
 * for an access token, 30 days for a grant's refresh tokens. The tests move the engine's clock, so
 * nothing waits.
 */
abstract class ExpiryContract extends EngineFixture {

  ExpiryContract(Proauth2Contract contract) {
    super(contract);
  }

  @Test
  @DisplayName("a code past its 60 second lifetime is invalid_grant, and works just before")
  void expiredCode() {
    String verifier = newVerifier();
    AuthorizationCode code = authorize(verifier);
    clock.advance(Duration.ofSeconds(61));
    assertError(Proauth2Exception.INVALID_GRANT, () -> exchange(code, verifier));
    String other = newVerifier();
    AuthorizationCode fresh = authorize(other);
    clock.advance(Duration.ofSeconds(59));
    assertEquals(USER, oauth.authenticateToken(exchange(fresh, other).accessToken()).userId());
  }

  @Test
  @DisplayName("an access token past its one hour lifetime is invalid_token, and works just before")
  void expiredAccessToken() {
    TokenResponse tokens = newGrant();
    clock.advance(Duration.ofMinutes(59));
    assertEquals(USER, oauth.authenticateToken(tokens.accessToken()).userId());
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertTokenDead(tokens.accessToken());
  }

  @Test
  @DisplayName(
      "a refresh token past its grant's 30 day lifetime is invalid_grant, however often rotated")
  void expiredRefreshToken() {
    TokenResponse tokens = newGrant();
    clock.advance(Duration.ofDays(29));
    TokenResponse rotated = refresh(tokens.refreshToken());
    assertTrue(oauth.introspect(rotated.refreshToken()).active(), "the rotated token works");
    clock.advance(Duration.ofDays(1).plusSeconds(1));
    assertRefreshDead(rotated.refreshToken());
    assertError(Proauth2Exception.INVALID_GRANT, () -> refresh(rotated.refreshToken()));
  }
}

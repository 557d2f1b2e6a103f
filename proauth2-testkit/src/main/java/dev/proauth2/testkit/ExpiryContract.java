package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Codes and tokens end with their lifetime, by the engine's clock: 60 seconds for a code, an hour
 * for an access token, 30 days for a grant's refresh tokens; and so does a client registered with a
 * lifetime: its unused lifetime until it is first issued tokens, then its whole lifetime. The tests
 * move the engine's clock, so nothing waits.
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

  /** A machine client registered for 90 days, or 24 hours unless it is issued tokens. */
  private ClientRegistration expiringClient() {
    return register(
        RegistrationRequest.builder("Expiring client")
            .grantType(GrantType.CLIENT_CREDENTIALS)
            .lifetime(Duration.ofDays(90))
            .unusedLifetime(Duration.ofHours(24))
            .build());
  }

  private TokenResponse clientCredentials(ClientRegistration client) {
    return issued(
        oauth.requestAccessToken(
            TokenRequest.clientCredentials(client.clientId(), client.clientSecret(), null)));
  }

  @Test
  @DisplayName("a client never issued tokens is invalid_client after its 24 hour unused lifetime")
  void unusedClient() {
    ClientRegistration client = expiringClient();
    clock.advance(Duration.ofHours(24).minusSeconds(1));
    assertTrue(oauth.findApp(client.clientId()).isPresent(), "gone before its unused lifetime");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(Optional.empty(), oauth.findApp(client.clientId()));
    assertError(Proauth2Exception.INVALID_CLIENT, () -> clientCredentials(client));
  }

  @Test
  @DisplayName(
      "a client issued tokens outlives its unused lifetime, and is invalid_client after its 90"
          + " days")
  void usedClient() {
    ClientRegistration client = expiringClient();
    clock.advance(Duration.ofHours(23));
    clientCredentials(client);
    clock.advance(Duration.ofDays(89));
    assertTrue(
        oauth.authenticateToken(clientCredentials(client).accessToken()).isClient(),
        "the client lost its registration before its lifetime");
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertEquals(Optional.empty(), oauth.findApp(client.clientId()));
    assertError(Proauth2Exception.INVALID_CLIENT, () -> clientCredentials(client));
  }
}

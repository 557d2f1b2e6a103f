package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.TokenResponse;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("engine bugs the hardening suite found, fixed")
class EngineBugsTest {

  @Test
  @DisplayName("a refresh cannot add scope to a grant that had none (RFC 6749 section 6)")
  void refreshCannotWidenAScopelessGrant() {
    try (Harness h = Harness.observed()) {
      String verifier = h.newVerifier();
      TokenResponse tokens = h.exchange(h.other, h.authorize(h.other, verifier), verifier);
      assertNull(tokens.scope());
      Proauth2Exception refused =
          assertThrows(
              Proauth2Exception.class, () -> h.refresh(h.other, tokens.refreshToken(), "admin"));
      assertEquals(Proauth2Exception.INVALID_SCOPE, refused.error());
      assertTrue(h.oauth.introspect(tokens.refreshToken()).active(), "the refusal used it up");
    }
  }

  @Test
  @DisplayName(
      "a revocation refused as unauthorized_client has no effect: the owner's next refresh works")
  void refusedRevocationHasNoEffect() {
    try (Harness h = Harness.observed()) {
      TokenResponse tokens = h.tokens();
      Proauth2Exception refused =
          assertThrows(
              Proauth2Exception.class,
              () ->
                  h.oauth.revokeToken(
                      new ClientCredentials(
                          "client_secret_basic", h.other.clientId(), h.other.clientSecret()),
                      tokens.refreshToken(),
                      null));
      assertEquals(Proauth2Exception.UNAUTHORIZED_CLIENT, refused.error());
      TokenResponse refreshed = h.refresh(h.app, tokens.refreshToken(), null);
      assertTrue(h.alive(refreshed.accessToken()));
      assertTrue(h.alive(tokens.accessToken()));
    }
  }
}

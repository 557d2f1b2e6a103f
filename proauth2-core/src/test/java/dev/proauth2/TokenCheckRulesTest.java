package dev.proauth2;

import static dev.proauth2.TestEngine.assertError;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.proauth2.spi.Proauth2Exception;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the engine answers for a token that cannot be one of its own, whatever the store. */
class TokenCheckRulesTest {

  private final TestEngine engine = new TestEngine();
  private final Proauth2 oauth = engine.oauth;

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Test
  @DisplayName("checking a missing, malformed or unknown token is invalid_token, and inactive")
  void badTokens() {
    for (String token : List.of("", "x".repeat(100_000), "not base64url!", "a\r\nb", "unknown")) {
      assertError(Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(token));
      assertFalse(oauth.introspect(token).active());
    }
    assertError(Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(null));
  }

  @Test
  @DisplayName("revoking a missing or over-long token is invalid_request, storing nothing")
  void badRevocations() {
    engine.assertRefusedUnchanged(Proauth2Exception.INVALID_REQUEST, () -> oauth.revokeToken(null));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST, () -> oauth.revokeToken("x".repeat(100_000)));
  }
}

package dev.proauth2;

import static dev.proauth2.TestEngine.REDIRECT;
import static dev.proauth2.TestEngine.newVerifier;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.spi.Proauth2Exception;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Where the engine's values are printed: never a secret among them. */
class SecretsInMessagesTest {

  private final TestEngine engine = new TestEngine();
  private final Proauth2 oauth = engine.oauth;
  private final ClientRegistration app = engine.app;

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Test
  @DisplayName("no error message or toString shows a token, code or secret")
  void noSecretsInMessages() {
    String verifier = newVerifier();
    AuthorizationCode code = engine.authorize(verifier);
    TokenResponse tokens = engine.exchange(code, verifier);
    List<String> texts = new ArrayList<>();
    texts.add(app.toString());
    texts.add(code.toString());
    texts.add(tokens.toString());
    texts.add(
        TokenRequest.authorizationCode(
                app.clientId(), app.clientSecret(), code.code(), REDIRECT, verifier)
            .toString());
    texts.add(
        TokenRequest.refreshToken(app.clientId(), app.clientSecret(), tokens.refreshToken(), null)
            .toString());
    texts.add(TokenRequest.clientCredentials(app.clientId(), app.clientSecret(), null).toString());
    texts.add(
        assertThrows(Proauth2Exception.class, () -> engine.exchange(code, verifier)).getMessage());
    texts.add(
        assertThrows(
                Proauth2Exception.class,
                () ->
                    oauth.requestAccessToken(
                        TokenRequest.refreshToken(
                            app.clientId(), app.clientSecret() + "x", tokens.refreshToken(), null)))
            .getMessage());
    for (String text : texts) {
      for (String secret : engine.secretsHandedOut) {
        assertFalse(text.contains(secret), "a secret appears in: " + text);
      }
      assertFalse(text.contains(verifier), "the verifier appears in: " + text);
    }
  }
}

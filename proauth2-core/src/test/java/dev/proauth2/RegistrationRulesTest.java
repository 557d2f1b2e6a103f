package dev.proauth2;

import static dev.proauth2.TestEngine.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proauth2.spi.Proauth2Exception;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the engine refuses at registration, before the store sees anything. */
class RegistrationRulesTest {

  private final TestEngine engine = new TestEngine();
  private final Proauth2 oauth = engine.oauth;

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Test
  @DisplayName(
      "registration with a bad name, redirect URI, auth method or grant type is refused, storing"
          + " nothing")
  void badRegistration() {
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT_METADATA, () -> oauth.registerApp("", REDIRECT));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT_METADATA, () -> oauth.registerApp("a\r\nb", REDIRECT));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT_METADATA,
        () -> oauth.registerApp("x".repeat(100_000), REDIRECT));
    for (String uri :
        List.of(
            "not a uri",
            "/relative",
            "http://app.example/cb",
            "https://app.example/cb#frag",
            "javascript:alert(1)",
            "https://user@app.example/cb")) {
      engine.assertRefusedUnchanged(
          Proauth2Exception.INVALID_REDIRECT_URI, () -> oauth.registerApp("app", uri));
    }
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT_METADATA,
        () ->
            oauth.registerApp(
                RegistrationRequest.builder("app")
                    .redirectUri(REDIRECT)
                    .authMethod("private_key_jwt")
                    .build()));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT_METADATA,
        () ->
            oauth.registerApp(
                RegistrationRequest.builder("app")
                    .redirectUri(REDIRECT)
                    .grantType("password")
                    .build()));
  }

  @Test
  @DisplayName(
      "a null registration request or redirect URI is refused as an OAuth error, not a"
          + " NullPointerException, and immutable lists are accepted")
  void nullRegistration() {
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_REQUEST, () -> oauth.registerApp((RegistrationRequest) null));
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT_METADATA,
        () ->
            oauth.registerApp(
                RegistrationRequest.builder("app")
                    .redirectUri(REDIRECT)
                    .redirectUri(null)
                    .build()));
    assertEquals(
        "app",
        oauth
            .registerApp(
                new RegistrationRequest(
                    "app", List.of(REDIRECT), null, List.of("authorization_code"), null))
            .name(),
        "immutable lists are accepted");
  }
}

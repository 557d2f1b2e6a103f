package dev.proauth2;

import static dev.proauth2.TestEngine.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.spi.Proauth2Exception;
import java.util.Arrays;
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
      "registration with a bad name, redirect URI or auth method, or a public client asking for"
          + " client_credentials, is refused, storing nothing")
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
                    .authMethod("none")
                    .grantType(GrantType.CLIENT_CREDENTIALS)
                    .build()));
  }

  @Test
  @DisplayName(
      "a null registration request or grant type is the caller's mistake: a NullPointerException,"
          + " storing nothing")
  void nullRegistration() {
    long before = engine.store.changes();
    assertEquals(
        "request",
        assertThrows(
                NullPointerException.class, () -> oauth.registerApp((RegistrationRequest) null))
            .getMessage());
    assertEquals(
        "grantType",
        assertThrows(
                NullPointerException.class,
                () -> RegistrationRequest.builder("app").redirectUri(REDIRECT).grantType(null))
            .getMessage());
    assertThrows(
        NullPointerException.class,
        () ->
            new RegistrationRequest(
                "app",
                List.of(REDIRECT),
                null,
                Arrays.asList((GrantType) null),
                null,
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    assertEquals(before, engine.store.changes());
  }

  @Test
  @DisplayName(
      "a null redirect URI, a value a client sends, is invalid_client_metadata, and immutable"
          + " lists are accepted")
  void nullRedirectUri() {
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
                    "app",
                    List.of(REDIRECT),
                    null,
                    List.of(GrantType.AUTHORIZATION_CODE),
                    null,
                    false,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
            .name(),
        "immutable lists are accepted");
  }
}

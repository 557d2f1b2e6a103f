package dev.proauth2.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The meters match the operations run on an engine, with bounded tags. */
@DisplayName("Micrometer meters")
class MicrometerListenerTest {

  private static final String REDIRECT = "https://app.example/cb";
  private static final String VERIFIER = "v".repeat(43);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Proauth2 oauth =
      Proauth2.builder()
          .dataStore("memory:")
          .discoverListeners(false)
          .listener(new MicrometerListener(registry))
          .build();

  @AfterEach
  void close() {
    oauth.close();
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private TokenResponse codeFlow(ClientRegistration app) {
    String code =
        oauth
            .requestAuthorization(
                AuthorizationRequest.builder()
                    .clientId(app.clientId())
                    .userId("alice")
                    .redirectUri(REDIRECT)
                    .codeChallenge(SecretHashes.sha256(VERIFIER))
                    .codeChallengeMethod(CodeChallengeMethod.S256)
                    .build())
            .code();
    return oauth.requestAccessToken(
        TokenRequest.authorizationCode(
            app.clientId(), app.clientSecret(), code, REDIRECT, VERIFIER));
  }

  @Test
  @DisplayName(
      "counters count what was done: two flows, a refresh, a reuse, a revocation, failures")
  void counters() {
    ClientRegistration app =
        oauth.registerApp(
            RegistrationRequest.builder("app")
                .redirectUri(REDIRECT)
                .grantType(GrantType.AUTHORIZATION_CODE)
                .grantType(GrantType.REFRESH_TOKEN)
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .build());
    TokenResponse first = codeFlow(app);
    codeFlow(app);
    oauth.requestAccessToken(
        TokenRequest.refreshToken(app.clientId(), app.clientSecret(), first.refreshToken(), null));
    assertThrows(
        Proauth2Exception.class,
        () ->
            oauth.requestAccessToken(
                TokenRequest.refreshToken(
                    app.clientId(), app.clientSecret(), first.refreshToken(), null)));
    TokenResponse service =
        oauth.requestAccessToken(
            TokenRequest.clientCredentials(app.clientId(), app.clientSecret(), null));
    oauth.revokeToken(service.accessToken());
    for (int i = 0; i < 3; i++) {
      assertThrows(
          Proauth2Exception.class,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.clientCredentials(app.clientId(), "wrong", null)));
    }
    assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));

    assertEquals(1, count("proauth2.clients.registered"));
    assertEquals(2, count("proauth2.codes.issued"));
    assertEquals(2, count("proauth2.tokens.issued", "grant", "authorization_code"));
    assertEquals(1, count("proauth2.tokens.issued", "grant", "refresh_token"));
    assertEquals(1, count("proauth2.tokens.issued", "grant", "client_credentials"));
    assertEquals(1, count("proauth2.refresh.rotated"));
    assertEquals(1, count("proauth2.refresh.reuse"));
    assertEquals(1, count("proauth2.tokens.revoked", "token_type", "access_token", "by", "host"));
    assertEquals(
        3,
        count(
            "proauth2.client.authentication.failures",
            "method",
            "direct",
            "reason",
            "wrong_secret"));
  }

  @Test
  @DisplayName("every operation is timed, by operation, grant and outcome")
  void timers() {
    ClientRegistration app =
        oauth.registerApp(RegistrationRequest.builder("app").redirectUri(REDIRECT).build());
    TokenResponse tokens = codeFlow(app);
    oauth.authenticateToken(tokens.accessToken());
    assertThrows(Proauth2Exception.class, () -> oauth.authenticateToken("x".repeat(43)));
    oauth.introspect(tokens.accessToken());
    assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));

    assertEquals(
        1,
        registry
            .get("proauth2.operations")
            .tags("operation", "token", "grant", "authorization_code", "outcome", "success")
            .timer()
            .count());
    assertEquals(
        1,
        registry
            .get("proauth2.operations")
            .tags("operation", "authenticate_token", "outcome", "invalid_token")
            .timer()
            .count());
    assertTrue(
        registry
                .get("proauth2.operations")
                .tags("operation", "authenticate_token", "outcome", "success")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)
            > 0);
  }

  @Test
  @DisplayName(
      "dropped on the class path, the listener is found by ServiceLoader and records on the global"
          + " registry")
  void discovered() {
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.addRegistry(global);
    try (Proauth2 discovering = Proauth2.builder().dataStore("memory:").build()) {
      discovering.registerApp(RegistrationRequest.builder("app").redirectUri(REDIRECT).build());
      assertTrue(discovering.flushEvents(Duration.ofSeconds(10)));
      assertEquals(1, global.get("proauth2.clients.registered").counter().count());
    } finally {
      Metrics.removeRegistry(global);
    }
  }

  @Test
  @DisplayName("no meter is tagged with a client or user id")
  void boundedTags() {
    ClientRegistration app =
        oauth.registerApp(RegistrationRequest.builder("app").redirectUri(REDIRECT).build());
    codeFlow(app);
    oauth.revokeAll("alice");
    assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertTrue(
            !tag.getValue().equals(app.clientId()) && !tag.getValue().equals("alice"),
            meter.getId().toString());
      }
    }
  }
}

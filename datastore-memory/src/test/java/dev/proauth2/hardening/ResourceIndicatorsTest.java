package dev.proauth2.hardening;

import static dev.proauth2.hardening.Refusals.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationError;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resource indicators (RFC 8707) in the engine: which resources a client may name, how the audience
 * follows the grant through code redemption and refresh, and that a token for one resource is
 * refused at another.
 */
@DisplayName("resource indicators (RFC 8707)")
class ResourceIndicatorsTest {

  private static final String MCP = "https://api.example/mcp";
  private static final String FILES = "https://files.example/api";
  private static final String UNKNOWN = "https://elsewhere.example/api";
  private static final String REDIRECT = "https://app.example/cb";
  private static final String VERIFIER = "v".repeat(43);

  private Proauth2 oauth;
  private ClientRegistration app;

  @BeforeEach
  void open() {
    oauth =
        Proauth2.builder()
            .dataStore("memory:")
            .issuer("https://auth.example")
            .resource(MCP)
            .resource(FILES)
            .discoverListeners(false)
            .build();
    app = oauth.registerApp(RegistrationRequest.builder("app").redirectUri(REDIRECT).build());
  }

  @AfterEach
  void close() {
    oauth.close();
  }

  private AuthorizationRequest.Builder asking(ClientRegistration client, String... resources) {
    AuthorizationRequest.Builder request =
        AuthorizationRequest.builder()
            .clientId(client.clientId())
            .userId("alice")
            .redirectUri(REDIRECT)
            .state("s")
            .codeChallenge(SecretHashes.sha256(VERIFIER))
            .codeChallengeMethod(CodeChallengeMethod.S256);
    for (String resource : resources) {
      request.resource(resource);
    }
    return request;
  }

  private TokenResponse redeem(AuthorizationCode code, String... resources) {
    return oauth.requestAccessToken(
        new TokenRequest.AuthorizationCode(
            app.clientId(),
            app.clientSecret(),
            code.code(),
            REDIRECT,
            VERIFIER,
            List.of(resources)));
  }

  private TokenResponse refresh(String refreshToken, String... resources) {
    return oauth.requestAccessToken(
        new TokenRequest.RefreshToken(
            app.clientId(), app.clientSecret(), refreshToken, null, List.of(resources)));
  }

  private TokenResponse grant(String... resources) {
    return redeem(oauth.requestAuthorization(asking(app, resources).build()));
  }

  @Nested
  @DisplayName("the audience")
  class Audience {

    @Test
    @DisplayName("a token for one resource is accepted there and refused at another")
    void boundToItsResource() {
      TokenResponse tokens = grant(MCP);
      assertEquals("alice", oauth.authenticateToken(tokens.accessToken(), MCP).userId());
      assertEquals(List.of(MCP), oauth.authenticateToken(tokens.accessToken(), MCP).audience());
      assertError(
          Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(tokens.accessToken()));
      assertError(
          Proauth2Exception.INVALID_TOKEN,
          () -> oauth.authenticateToken(tokens.accessToken(), FILES));
    }

    @Test
    @DisplayName("a token for no resource is refused where a resource requires its own")
    void unboundRefusedAtABoundResource() {
      TokenResponse tokens = grant();
      assertEquals("alice", oauth.authenticateToken(tokens.accessToken()).userId());
      assertError(
          Proauth2Exception.INVALID_TOKEN,
          () -> oauth.authenticateToken(tokens.accessToken(), MCP));
    }

    @Test
    @DisplayName("introspection names one resource as aud, and several as a list")
    void introspection() {
      assertEquals(List.of(MCP), oauth.introspect(grant(MCP).accessToken()).audience());
      assertEquals(
          List.of(MCP, FILES), oauth.introspect(grant(MCP, FILES).accessToken()).audience());
      assertEquals(List.of(), oauth.introspect(grant().accessToken()).audience());
    }

    @Test
    @DisplayName("a resource named twice counts once")
    void repeatsDropped() {
      assertEquals(List.of(MCP), oauth.introspect(grant(MCP, MCP).accessToken()).audience());
    }

    @Test
    @DisplayName("the consent step is told the resources")
    void checkedAuthorizationShowsThem() {
      assertEquals(
          List.of(MCP, FILES),
          oauth.checkAuthorization(asking(app, MCP, FILES).build()).resources());
    }
  }

  @Nested
  @DisplayName("narrowing, never widening")
  class Narrowing {

    @Test
    @DisplayName("the token request may name one of the authorized resources")
    void tokenRequestNarrows() {
      AuthorizationCode code = oauth.requestAuthorization(asking(app, MCP, FILES).build());
      TokenResponse tokens = redeem(code, FILES);
      assertEquals(List.of(FILES), oauth.introspect(tokens.accessToken()).audience());
      assertEquals(List.of(MCP, FILES), oauth.introspect(tokens.refreshToken()).audience());
    }

    @Test
    @DisplayName("a token request for a resource outside the authorization is invalid_target")
    void tokenRequestCannotWiden() {
      AuthorizationCode code = oauth.requestAuthorization(asking(app, MCP).build());
      assertError(Proauth2Exception.INVALID_TARGET, () -> redeem(code, FILES));
    }

    @Test
    @DisplayName(
        "a refresh may narrow to one resource, and the next refresh gets the grant's again")
    void refreshNarrowsThenRestores() {
      TokenResponse first = grant(MCP, FILES);
      TokenResponse narrowed = refresh(first.refreshToken(), MCP);
      assertEquals(List.of(MCP), oauth.introspect(narrowed.accessToken()).audience());
      TokenResponse whole = refresh(narrowed.refreshToken());
      assertEquals(List.of(MCP, FILES), oauth.introspect(whole.accessToken()).audience());
    }

    @Test
    @DisplayName("a refresh that widens the resources is invalid_target and issues nothing")
    void refreshCannotWiden() {
      TokenResponse first = grant(MCP);
      assertError(Proauth2Exception.INVALID_TARGET, () -> refresh(first.refreshToken(), FILES));
      TokenResponse next = refresh(first.refreshToken());
      assertEquals(List.of(MCP), oauth.introspect(next.accessToken()).audience());
    }

    @Test
    @DisplayName("a grant for no resource stays unbound: a refresh naming one is invalid_target")
    void unboundGrantStaysUnboundOnRefresh() {
      TokenResponse first = grant();
      assertError(Proauth2Exception.INVALID_TARGET, () -> refresh(first.refreshToken(), FILES));
      TokenResponse next = refresh(first.refreshToken());
      assertEquals(List.of(), oauth.introspect(next.accessToken()).audience());
    }
  }

  @Nested
  @DisplayName("which resources a client may name")
  class Allowed {

    @Test
    @DisplayName("a resource the engine does not know is invalid_target, with the client's state")
    void unknownResource() {
      AuthorizationError error =
          assertThrows(
              AuthorizationError.class,
              () -> oauth.requestAuthorization(asking(app, UNKNOWN).build()));
      assertEquals(Proauth2Exception.INVALID_TARGET, error.error());
      assertEquals("s", error.state().orElseThrow());
    }

    @Test
    @DisplayName("a client registered with its own resources may name those only")
    void clientAllowList() {
      ClientRegistration narrow =
          oauth.registerApp(
              RegistrationRequest.builder("narrow").redirectUri(REDIRECT).resource(MCP).build());
      assertEquals(List.of(MCP), narrow.resources());
      assertThrows(
          AuthorizationError.class,
          () -> oauth.requestAuthorization(asking(narrow, FILES).build()));
      oauth.requestAuthorization(asking(narrow, MCP).build());
      oauth.requestAuthorization(asking(app, FILES).build());
    }

    @Test
    @DisplayName("a resource on another client's allow-list is not this client's to name")
    void anotherClientsAllowList() {
      ClientRegistration mcpClient =
          oauth.registerApp(
              RegistrationRequest.builder("m").redirectUri(REDIRECT).resource(MCP).build());
      ClientRegistration filesClient =
          oauth.registerApp(
              RegistrationRequest.builder("f").redirectUri(REDIRECT).resource(FILES).build());
      AuthorizationError error =
          assertThrows(
              AuthorizationError.class,
              () -> oauth.requestAuthorization(asking(filesClient, MCP).build()));
      assertEquals(Proauth2Exception.INVALID_TARGET, error.error());
      assertEquals(
          List.of(MCP), oauth.checkAuthorization(asking(mcpClient, MCP).build()).resources());
    }

    @Test
    @DisplayName("registering for a resource the engine does not know is invalid_client_metadata")
    void registrationUnknownResource() {
      assertError(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          () ->
              oauth.registerApp(
                  RegistrationRequest.builder("x")
                      .redirectUri(REDIRECT)
                      .resource(UNKNOWN)
                      .build()));
    }

    @Test
    @DisplayName("an engine that knows no resource refuses any a client names")
    void noResourcesKnown() {
      try (Proauth2 plain = Proauth2.builder().dataStore("memory:").build()) {
        ClientRegistration client =
            plain.registerApp(RegistrationRequest.builder("c").redirectUri(REDIRECT).build());
        AuthorizationError error =
            assertThrows(
                AuthorizationError.class,
                () -> plain.requestAuthorization(asking(client, MCP).build()));
        assertEquals(Proauth2Exception.INVALID_TARGET, error.error());
      }
    }

    @Test
    @DisplayName("client_credentials binds the token to the resource named, within what is allowed")
    void clientCredentials() {
      ClientRegistration service =
          oauth.registerApp(
              RegistrationRequest.builder("svc").grantType(GrantType.CLIENT_CREDENTIALS).build());
      TokenResponse tokens =
          oauth.requestAccessToken(
              new TokenRequest.ClientCredentials(
                  service.clientId(), service.clientSecret(), null, List.of(FILES)));
      assertEquals(
          service.clientId(), oauth.authenticateToken(tokens.accessToken(), FILES).clientId());
      assertError(
          Proauth2Exception.INVALID_TARGET,
          () ->
              oauth.requestAccessToken(
                  new TokenRequest.ClientCredentials(
                      service.clientId(), service.clientSecret(), null, List.of(UNKNOWN))));
    }
  }

  @Nested
  @DisplayName("the default resource")
  class DefaultResource {

    @Test
    @DisplayName(
        "a request naming no resource gets the engine's default, when the client may have it")
    void defaultApplies() {
      try (Proauth2 engine =
          Proauth2.builder().dataStore("memory:").resource(FILES).defaultResource(MCP).build()) {
        ClientRegistration client =
            engine.registerApp(RegistrationRequest.builder("c").redirectUri(REDIRECT).build());
        ClientRegistration filesOnly =
            engine.registerApp(
                RegistrationRequest.builder("f").redirectUri(REDIRECT).resource(FILES).build());
        assertEquals(List.of(MCP), engine.checkAuthorization(asking(client).build()).resources());
        assertEquals(List.of(), engine.checkAuthorization(asking(filesOnly).build()).resources());
      }
    }
  }

  @Nested
  @DisplayName("hostile resource values are invalid_target")
  class Hostile {

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(
        strings = {
          "https://api.example/mcp#frag",
          "/relative/path",
          "api.example/mcp",
          "urn:no-host",
          "https://api.example/a b",
          "https://api.example/\u0000",
          "",
        })
    @DisplayName("a malformed resource at the authorization endpoint")
    void malformed(String resource) {
      AuthorizationError error =
          assertThrows(
              AuthorizationError.class,
              () -> oauth.requestAuthorization(asking(app, resource).build()));
      assertEquals(Proauth2Exception.INVALID_TARGET, error.error());
    }

    @Test
    @DisplayName("an oversized resource")
    void oversized() {
      String huge = MCP + "/" + "a".repeat(5000);
      assertThrows(
          AuthorizationError.class, () -> oauth.requestAuthorization(asking(app, huge).build()));
    }

    @Test
    @DisplayName("more than ten resources")
    void tooMany() {
      List<String> many = new ArrayList<>();
      for (int i = 0; i < 11; i++) {
        many.add(MCP + "/" + i);
      }
      AuthorizationError error =
          assertThrows(
              AuthorizationError.class,
              () -> oauth.requestAuthorization(asking(app).resources(many).build()));
      assertEquals(Proauth2Exception.INVALID_TARGET, error.error());
      assertTrue(error.description().contains("at most 10"), error.description());
    }

    @Test
    @DisplayName("a malformed resource on a token request is refused before the code is touched")
    void malformedOnTokenRequest() {
      AuthorizationCode code = oauth.requestAuthorization(asking(app, MCP).build());
      assertError(Proauth2Exception.INVALID_TARGET, () -> redeem(code, "https://x#y"));
      assertEquals(List.of(MCP), oauth.introspect(redeem(code).accessToken()).audience());
    }

    @Test
    @DisplayName("a widening token request uses the code up, as a wrong verifier does")
    void wideningUsesTheCodeUp() {
      AuthorizationCode code = oauth.requestAuthorization(asking(app, MCP).build());
      assertError(Proauth2Exception.INVALID_TARGET, () -> redeem(code, FILES));
      assertError(Proauth2Exception.INVALID_GRANT, () -> redeem(code));
    }
  }
}

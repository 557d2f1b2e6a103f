package dev.proauth2;

import static dev.proauth2.TestEngine.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.spi.ExtensionGrant;
import dev.proauth2.spi.GrantContext;
import dev.proauth2.spi.GrantRequest;
import dev.proauth2.spi.IssuedToken;
import dev.proauth2.spi.IssuedTokens;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.thirdparty.NarrowingGrant;
import dev.proauth2.thirdparty.TinyDataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Extension grants (RFC 6749 section 4.5) in the engine: discovery by {@code grant_type} URI, the
 * clash of two plugins, registration and metadata, and the limits the engine keeps whatever a grant
 * asks for.
 */
class ExtensionGrantsTest {

  private static final String SERVICES =
      "dev/proauth2/thirdparty/%s/META-INF/services/dev.proauth2.spi.ExtensionGrant";

  /** Runs a call with the plugins listed under {@code dir} on the context class loader. */
  private static <T> T withPlugins(String dir, Supplier<T> call) {
    URL services = ExtensionGrantsTest.class.getClassLoader().getResource(SERVICES.formatted(dir));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {new URL(services, "../../")}, previous)) {
      thread.setContextClassLoader(loader);
      return call.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static TestEngine engineWith(ExtensionGrant grant) {
    return new TestEngine(builder -> builder.extensionGrant(grant).resource(API).resource(OTHER));
  }

  private static final String API = "https://api.example/a";
  private static final String OTHER = "https://api.example/b";

  /** A client registered for the narrowing grant alone, with scopes "read write". */
  private static ClientRegistration service(TestEngine engine) {
    return engine.register(
        RegistrationRequest.builder("Service")
            .extensionGrantType(NarrowingGrant.TYPE)
            .scope("read write")
            .build());
  }

  private static TokenResponse narrow(
      TestEngine engine, ClientRegistration client, String token, String scope) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("token", token);
    parameters.put("scope", scope);
    return engine.oauth.requestExtensionGrant(
        client.clientId(), client.clientSecret(), GrantRequest.of(NarrowingGrant.TYPE, parameters));
  }

  @Nested
  @DisplayName("discovery")
  class Discovery {

    @Test
    @DisplayName("a grant found with ServiceLoader answers its grant_type URI")
    void foundByItsUri() {
      try (TestEngine engine = withPlugins("grant-one", TestEngine::new)) {
        assertEquals(
            List.of(NarrowingGrant.TYPE), engine.oauth.capabilities().extensionGrantTypes());
        ClientRegistration service = service(engine);
        TokenResponse user = engine.newGrant("read write");
        TokenResponse narrowed = narrow(engine, service, user.accessToken(), "read");
        assertEquals("read", narrowed.scope());
        assertEquals("urn:ietf:params:oauth:token-type:access_token", narrowed.issuedTokenType());
        assertEquals(
            service.clientId(), engine.oauth.introspect(narrowed.accessToken()).clientId());
      }
    }

    @Test
    @DisplayName("two grants claiming one grant type stop the build, naming both jars")
    void twoClaimOne() {
      Proauth2Exception thrown =
          withPlugins(
              "grant-twins",
              () ->
                  assertThrows(
                      Proauth2Exception.class,
                      () ->
                          Proauth2.builder()
                              .dataStore(new TinyDataStore(new MovingClock()))
                              .build()));
      assertEquals(Proauth2Exception.SERVER_ERROR, thrown.error());
      assertTrue(thrown.getMessage().contains("NarrowingGrant ("), thrown.getMessage());
      assertTrue(thrown.getMessage().contains("TwinNarrowingGrant ("), thrown.getMessage());
      assertTrue(thrown.getMessage().contains(NarrowingGrant.TYPE), thrown.getMessage());
    }

    @Test
    @DisplayName("a grant claiming a built-in grant type or a non-URI is refused at build")
    void notAUri() {
      for (String type : List.of("refresh_token", "narrow", "urn:x#frag")) {
        Proauth2Exception thrown =
            assertThrows(
                Proauth2Exception.class,
                () -> new TestEngine(builder -> builder.extensionGrant(new Typed(type))));
        assertEquals(Proauth2Exception.SERVER_ERROR, thrown.error(), type);
      }
    }

    @Test
    @DisplayName("the metadata lists installed grants in grant_types_supported")
    void metadata() {
      try (TestEngine engine = engineWith(new NarrowingGrant())) {
        Object listed =
            AuthorizationServerMetadata.builder(engine.oauth)
                .build()
                .fields()
                .get("grant_types_supported");
        assertEquals(
            List.of(
                "authorization_code",
                "refresh_token",
                "client_credentials",
                GrantType.DEVICE_CODE.value(),
                NarrowingGrant.TYPE),
            listed);
      }
    }
  }

  @Nested
  @DisplayName("registration")
  class Registration {

    @Test
    @DisplayName("a client registered only for an extension grant needs no redirect URI")
    void noRedirectUri() {
      try (TestEngine engine = engineWith(new NarrowingGrant())) {
        ClientRegistration service = service(engine);
        assertEquals(List.of(), service.redirectUris());
        assertEquals(List.of(), service.grantTypes());
        assertEquals(List.of(NarrowingGrant.TYPE), service.extensionGrantTypes());
      }
    }

    @Test
    @DisplayName("a grant type no installed grant answers is invalid_client_metadata")
    void notInstalled() {
      try (TestEngine engine = new TestEngine()) {
        engine.assertRefusedUnchanged(
            Proauth2Exception.INVALID_CLIENT_METADATA, () -> service(engine));
      }
    }

    @Test
    @DisplayName("a client not registered for the grant is unauthorized_client")
    void notRegisteredForIt() {
      try (TestEngine engine = engineWith(new NarrowingGrant())) {
        TokenResponse user = engine.newGrant("read");
        engine.assertRefusedUnchanged(
            Proauth2Exception.UNAUTHORIZED_CLIENT,
            () -> narrow(engine, engine.app, user.accessToken(), null));
      }
    }
  }

  @Nested
  @DisplayName("limits the engine keeps")
  class Limits {

    @Test
    @DisplayName("a wider scope than the basis token's is invalid_scope and issues nothing")
    void noWiderScope() {
      try (TestEngine engine = engineWith(new NarrowingGrant())) {
        ClientRegistration service = service(engine);
        TokenResponse user = engine.newGrant("read");
        engine.assertRefusedUnchanged(
            Proauth2Exception.INVALID_SCOPE,
            () -> narrow(engine, service, user.accessToken(), "read write"));
      }
    }

    @Test
    @DisplayName("a scope the client was not registered for is invalid_scope")
    void clientScope() {
      try (TestEngine engine = engineWith(new NarrowingGrant())) {
        ClientRegistration reader =
            engine.register(
                RegistrationRequest.builder("Reader")
                    .extensionGrantType(NarrowingGrant.TYPE)
                    .scope("read")
                    .build());
        TokenResponse user = engine.newGrant("read write");
        engine.assertRefusedUnchanged(
            Proauth2Exception.INVALID_SCOPE,
            () -> narrow(engine, reader, user.accessToken(), "write"));
        // Asking for nothing gives what both allow.
        assertEquals("read", narrow(engine, reader, user.accessToken(), null).scope());
      }
    }

    @Test
    @DisplayName("a resource the basis token was not bound to is invalid_target")
    void noWiderResources() {
      try (TestEngine engine = engineWith(new NarrowingGrant())) {
        ClientRegistration service = service(engine);
        String verifier = TestEngine.newVerifier();
        AuthorizationCode code =
            engine.oauth.requestAuthorization(
                AuthorizationRequest.builder()
                    .clientId(engine.app.clientId())
                    .userId(TestEngine.USER)
                    .redirectUri(TestEngine.REDIRECT)
                    .scope("read")
                    .resource(API)
                    .codeChallenge(TestEngine.challengeOf(verifier))
                    .codeChallengeMethod(CodeChallengeMethod.S256)
                    .build());
        TokenResponse user = engine.exchange(code, verifier);
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("token", List.of(user.accessToken()));
        parameters.put("resource", List.of(OTHER));
        engine.assertRefusedUnchanged(
            Proauth2Exception.INVALID_TARGET,
            () ->
                engine.oauth.requestExtensionGrant(
                    service.clientId(),
                    service.clientSecret(),
                    new GrantRequest(NarrowingGrant.TYPE, parameters)));
        TokenResponse bound = narrow(engine, service, user.accessToken(), null);
        assertEquals(List.of(API), engine.oauth.introspect(bound.accessToken()).audience());
      }
    }

    @Test
    @DisplayName("the issued token lives no longer than the basis token")
    void lifetime() {
      try (TestEngine engine = engineWith(new NarrowingGrant())) {
        ClientRegistration service = service(engine);
        TokenResponse user = engine.newGrant("read");
        engine.clock.advance(Duration.ofMinutes(50));
        TokenResponse narrowed = narrow(engine, service, user.accessToken(), null);
        assertTrue(narrowed.expiresIn() <= 10 * 60, "expires_in " + narrowed.expiresIn());
        assertEquals(
            engine.oauth.introspect(user.accessToken()).expiresAt(),
            engine.oauth.introspect(narrowed.accessToken()).expiresAt());
        engine.clock.advance(Duration.ofMinutes(10));
        assertFalse(engine.oauth.introspect(narrowed.accessToken()).active());
      }
    }

    @Test
    @DisplayName("revoking the basis token's grant ends the issued token")
    void revokingTheGrant() {
      try (TestEngine engine = engineWith(new NarrowingGrant())) {
        ClientRegistration service = service(engine);
        TokenResponse user = engine.newGrant("read");
        TokenResponse narrowed = narrow(engine, service, user.accessToken(), null);
        assertTrue(engine.oauth.introspect(narrowed.accessToken()).active());
        engine.oauth.revokeToken(user.refreshToken());
        assertFalse(engine.oauth.introspect(narrowed.accessToken()).active());
      }
    }

    @Test
    @DisplayName("signing the user out everywhere ends the issued token")
    void revokeAll() {
      try (TestEngine engine = engineWith(new NarrowingGrant())) {
        ClientRegistration service = service(engine);
        TokenResponse narrowed =
            narrow(engine, service, engine.newGrant("read").accessToken(), null);
        engine.oauth.revokeAll(TestEngine.USER);
        assertFalse(engine.oauth.introspect(narrowed.accessToken()).active());
      }
    }

    @Test
    @DisplayName("a grant answering with tokens its context did not issue is server_error")
    void forgedAnswer() {
      ExtensionGrant liar =
          new Typed(NarrowingGrant.TYPE) {
            @Override
            public IssuedTokens issue(GrantRequest request, GrantContext context) {
              IssuedToken basis = context.findAccessToken(request.required("token")).orElseThrow();
              context.issueWithin(basis, null, List.of(), null);
              return new IssuedTokens("made-up", 60, null, null);
            }
          };
      try (TestEngine engine = engineWith(liar)) {
        ClientRegistration service = service(engine);
        TokenResponse user = engine.newGrant("read");
        long before = engine.store.changes();
        assertError(
            Proauth2Exception.SERVER_ERROR,
            () -> narrow(engine, service, user.accessToken(), null));
        // What the context issued was withdrawn: one put and one remove.
        assertEquals(before + 2, engine.store.changes());
      }
    }

    @Test
    @DisplayName("an unknown token is refused and nothing is issued")
    void unknownToken() {
      try (TestEngine engine = engineWith(new NarrowingGrant())) {
        ClientRegistration service = service(engine);
        engine.assertRefusedUnchanged(
            Proauth2Exception.INVALID_GRANT,
            () -> narrow(engine, service, "not-a-token-of-this-server", null));
        assertNull(engine.oauth.introspect("not-a-token-of-this-server").clientId());
      }
    }
  }

  /** A grant that only has a type, for the build's checks. */
  private static class Typed implements ExtensionGrant {
    private final String type;

    Typed(String type) {
      this.type = type;
    }

    @Override
    public String grantType() {
      return type;
    }

    @Override
    public IssuedTokens issue(GrantRequest request, GrantContext context) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_GRANT, "never issues");
    }
  }
}

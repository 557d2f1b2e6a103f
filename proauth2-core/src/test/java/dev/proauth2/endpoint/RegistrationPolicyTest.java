package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.assertError;
import static dev.proauth2.endpoint.Fixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Record;
import dev.proauth2.thirdparty.TinyDataStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a client may register for itself (audit finding 2): open registration must not hand out
 * client_credentials, scopes, authentication methods or key hosts the host never offered.
 */
@DisplayName("the registration policy")
class RegistrationPolicyTest {

  private final Fixture fixture = new Fixture();

  /**
   * An engine with two more methods than {@code none}: a stand-in for {@code private_key_jwt} that
   * takes keys, and one the host installed for its own clients.
   */
  private final Proauth2 withMethods =
      Proauth2.builder()
          .dataStore(new TinyDataStore(Clock.systemUTC()))
          .clientAuthMethod(new StandInMethod("private_key_jwt", true))
          .clientAuthMethod(new StandInMethod("host_internal", false))
          .build();

  @AfterEach
  void close() {
    fixture.close();
    withMethods.close();
  }

  /** A method that verifies nothing; {@code keys} says whether it takes jwks and jwks_uri. */
  private static final class StandInMethod implements ClientAuthMethod {
    private final String name;
    private final boolean keys;

    StandInMethod(String name, boolean keys) {
      this.name = name;
      this.keys = keys;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Optional<ClientCredentials> extract(ClientAuthRequest request) {
      return Optional.empty();
    }

    @Override
    public boolean verify(
        ClientCredentials presented, Record application, ClientAuthContext context) {
      return false;
    }

    @Override
    public boolean usesSecret() {
      return !keys;
    }

    @Override
    public Record checkRegistration(Record application, ClientAuthContext context) {
      return keys ? application : ClientAuthMethod.super.checkRegistration(application, context);
    }
  }

  private EndpointResponse registerWithMethods(RegistrationPolicy policy, String json) {
    return new RegistrationEndpoint(withMethods, policy)
        .handle(
            EndpointRequest.builder("POST")
                .header("Content-Type", "application/json")
                .body(json)
                .build());
  }

  private static String withJwksUri(String jwksUri) {
    return "{\"redirect_uris\":[\"https://a.example/cb\"],"
        + "\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\""
        + jwksUri
        + "\"}";
  }

  private static String description(EndpointResponse response) {
    return assertError(response, 400, "invalid_client_metadata")
        .get("error_description")
        .toString();
  }

  private EndpointResponse register(RegistrationPolicy policy, String json) {
    return new RegistrationEndpoint(fixture.oauth, policy)
        .handle(
            EndpointRequest.builder("POST")
                .header("Content-Type", "application/json")
                .body(json)
                .build());
  }

  @Test
  @DisplayName("by default a self-registered client may not use client_credentials")
  void strictRefusesClientCredentials() {
    Object description =
        assertError(
                register(
                    RegistrationPolicy.strict(),
                    "{\"grant_types\":[\"client_credentials\"],"
                        + "\"token_endpoint_auth_method\":\"none\"}"),
                400,
                "invalid_client_metadata")
            .get("error_description");
    assertTrue(
        description.toString().contains("not open to clients that register"), "" + description);
  }

  @Test
  @DisplayName("by default a self-registered client gets no scope, and may not ask for one")
  void strictRefusesScope() {
    assertError(
        register(
            RegistrationPolicy.strict(),
            "{\"redirect_uris\":[\"https://a.example/cb\"],\"scope\":\"admin root\","
                + "\"token_endpoint_auth_method\":\"none\"}"),
        400,
        "invalid_client_metadata");
    EndpointResponse registered =
        register(
            RegistrationPolicy.strict(),
            "{\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"none\"}");
    assertEquals(201, registered.status(), registered.body());
    assertFalse(json(registered).containsKey("scope"));
  }

  @Test
  @DisplayName("a policy's scopes may be registered, any subset of them, and nothing beyond")
  void openedScopes() {
    RegistrationPolicy policy = RegistrationPolicy.builder().scopes("read write").build();
    EndpointResponse registered =
        register(
            policy,
            "{\"redirect_uris\":[\"https://a.example/cb\"],\"scope\":\"read\","
                + "\"token_endpoint_auth_method\":\"none\"}");
    assertEquals(201, registered.status(), registered.body());
    assertEquals("read", json(registered).get("scope"));
    assertError(
        register(
            policy,
            "{\"redirect_uris\":[\"https://a.example/cb\"],\"scope\":\"read admin\","
                + "\"token_endpoint_auth_method\":\"none\"}"),
        400,
        "invalid_client_metadata");
  }

  @Test
  @DisplayName("the builder keeps what it was given and refuses malformed scopes")
  void builder() {
    RegistrationPolicy policy =
        RegistrationPolicy.builder()
            .grantTypes(GrantType.CLIENT_CREDENTIALS)
            .scopes("jobs reports")
            .build();
    assertEquals(Set.of(GrantType.CLIENT_CREDENTIALS), policy.grantTypes());
    assertEquals(List.of("jobs", "reports"), List.copyOf(policy.scopes()));
    assertEquals(
        Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN),
        RegistrationPolicy.strict().grantTypes());
    assertThrows(IllegalArgumentException.class, () -> RegistrationPolicy.builder().scopes("a  b"));
    assertThrows(
        IllegalArgumentException.class, () -> RegistrationPolicy.builder().scopes("caf\u00e9"));
  }

  @Test
  @DisplayName(
      "by default the standard methods are open, and a method the host installed for itself is"
          + " not")
  void defaultAuthMethods() {
    assertEquals(
        Set.of("client_secret_basic", "client_secret_post", "none", "private_key_jwt"),
        RegistrationPolicy.strict().authMethods());
    EndpointResponse keys =
        registerWithMethods(RegistrationPolicy.strict(), withJwksUri("https://keys.example/jwks"));
    assertEquals(201, keys.status(), keys.body());
    String refused =
        description(
            registerWithMethods(
                RegistrationPolicy.strict(),
                "{\"redirect_uris\":[\"https://a.example/cb\"],"
                    + "\"token_endpoint_auth_method\":\"host_internal\"}"));
    assertTrue(refused.contains("'host_internal' is not open to clients"), refused);
  }

  @Test
  @DisplayName(
      "a policy's auth methods bound token_endpoint_auth_method, the default one included, naming"
          + " the rule")
  void authMethods() {
    RegistrationPolicy publicOnly = RegistrationPolicy.builder().authMethods("none").build();
    String refused =
        description(registerWithMethods(publicOnly, withJwksUri("https://keys.example/jwks")));
    assertTrue(refused.contains("'private_key_jwt' is not open to clients"), refused);
    assertTrue(refused.contains("allowed: [none]"), refused);
    String defaulted =
        description(register(publicOnly, "{\"redirect_uris\":[\"https://a.example/cb\"]}"));
    assertTrue(defaulted.contains("'client_secret_basic' (the default"), defaulted);
    EndpointResponse registered =
        register(
            publicOnly,
            "{\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"none\"}");
    assertEquals(201, registered.status(), registered.body());
    RegistrationPolicy hostMethod =
        RegistrationPolicy.builder().authMethods("host_internal").build();
    EndpointResponse opened =
        registerWithMethods(
            hostMethod,
            "{\"redirect_uris\":[\"https://a.example/cb\"],"
                + "\"token_endpoint_auth_method\":\"host_internal\"}");
    assertEquals(201, opened.status(), opened.body());
  }

  @Test
  @DisplayName(
      "jwks_uri may name an allowed host exactly, or any host under an allowed domain, whatever"
          + " its case")
  void jwksUriHostsAllowed() {
    RegistrationPolicy policy =
        RegistrationPolicy.builder()
            .jwksUriHosts("keys.partner.example", ".trusted.example")
            .build();
    for (String allowed :
        List.of(
            "https://keys.partner.example/jwks",
            "https://KEYS.Partner.Example:8443/jwks",
            "https://a.trusted.example/jwks",
            "https://deep.a.trusted.example/.well-known/jwks.json")) {
      EndpointResponse response = registerWithMethods(policy, withJwksUri(allowed));
      assertEquals(201, response.status(), allowed + " " + response.body());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://evil.example/jwks",
        "https://partner.example/jwks",
        "https://other.partner.example/jwks",
        "https://keys.partner.example.evil.example/jwks",
        "https://trusted.example/jwks",
        "https://eviltrusted.example/jwks",
        "https://keys.partner.example@evil.example/jwks",
        "https://evil.example/keys.partner.example",
        "https://[::1]/jwks",
        "not a url",
        "/relative/jwks"
      })
  @DisplayName("jwks_uri on any other host is invalid_client_metadata naming the rule")
  void jwksUriHostsRefused(String jwksUri) {
    RegistrationPolicy policy =
        RegistrationPolicy.builder()
            .jwksUriHosts("keys.partner.example", ".trusted.example")
            .build();
    String refused = description(registerWithMethods(policy, withJwksUri(jwksUri)));
    assertTrue(refused.contains("the host of jwks_uri is not open to clients"), refused);
    assertFalse(refused.contains("evil"), "the description echoes the URL: " + refused);
  }

  private static void assertRange(Executable setting, String... phrases) {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, setting);
    for (String phrase : phrases) {
      assertTrue(thrown.getMessage().contains(phrase), thrown.getMessage());
    }
  }

  @Test
  @DisplayName("the limits and lifetimes have safe defaults and refuse settings out of range")
  void limitsAndLifetimes() {
    RegistrationPolicy strict = RegistrationPolicy.strict();
    assertEquals(20, strict.perSourceLimit());
    assertEquals(1_000, strict.totalLimit());
    assertEquals(Duration.ofHours(1), strict.rateWindow());
    assertEquals(Duration.ofDays(90), strict.clientLifetime());
    assertEquals(Duration.ofHours(24), strict.unusedClientLifetime());
    assertEquals(Set.of(), strict.jwksUriHosts());
    RegistrationPolicy.Builder builder = RegistrationPolicy.builder();
    assertRange(() -> builder.rateLimit(0, 10, Duration.ofHours(1)), "1 to 1000000", "got 0");
    assertRange(() -> builder.rateLimit(21, 20, Duration.ofHours(1)), "perSource (21)", "got 20");
    assertRange(() -> builder.rateLimit(1, 1_000_001, Duration.ofHours(1)), "got 1000001");
    assertRange(() -> builder.rateLimit(1, 1, Duration.ofMillis(999)), "1 second", "PT24H");
    assertRange(() -> builder.rateLimit(1, 1, Duration.ofDays(2)), "got PT48H");
    assertRange(() -> builder.clientLifetime(Duration.ofMinutes(59)), "PT1H and PT87600H");
    assertRange(() -> builder.clientLifetime(Duration.ofDays(3651)), "got PT87624H");
    assertRange(() -> builder.unusedClientLifetime(Duration.ofSeconds(59)), "PT1M and PT87600H");
    assertRange(
        () ->
            RegistrationPolicy.builder()
                .clientLifetime(Duration.ofDays(1))
                .unusedClientLifetime(Duration.ofDays(2))
                .build(),
        "must not be longer than clientLifetime");
    RegistrationPolicy set =
        RegistrationPolicy.builder()
            .rateLimit(1, 1, Duration.ofSeconds(1))
            .clientLifetime(Duration.ofHours(1))
            .unusedClientLifetime(Duration.ofHours(1))
            .build();
    assertEquals(1, set.perSourceLimit());
    assertEquals(Duration.ofHours(1), set.unusedClientLifetime());
  }

  @Test
  @DisplayName("the builder refuses malformed auth methods and jwks_uri hosts")
  void methodsAndHostsChecked() {
    RegistrationPolicy.Builder builder = RegistrationPolicy.builder();
    assertRange(() -> builder.authMethods(), "at least one");
    assertRange(() -> builder.authMethods("none", ""), "1 to 64 visible ASCII");
    assertRange(() -> builder.authMethods("non e"), "1 to 64 visible ASCII");
    for (String host :
        List.of("", ".", "keys.example/jwks", "keys.example:443", "a@b", "k\u00e9y")) {
      assertRange(() -> builder.jwksUriHosts(host), "a jwks_uri host must be a host name");
    }
    assertEquals(
        Set.of("keys.example", ".trusted.example"),
        builder.jwksUriHosts("Keys.Example", ".TRUSTED.example").build().jwksUriHosts());
  }
}

package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.assertError;
import static dev.proauth2.endpoint.Fixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.GrantType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a client may register for itself (audit finding 2): open registration must not hand out
 * client_credentials or scopes the host never offered.
 */
@DisplayName("the registration policy")
class RegistrationPolicyTest {

  private final Fixture fixture = new Fixture();

  @AfterEach
  void close() {
    fixture.close();
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
}

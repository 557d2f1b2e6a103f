package dev.proauth2.endpoint;

import static dev.proauth2.endpoint.Fixture.assertError;
import static dev.proauth2.endpoint.Fixture.challenge;
import static dev.proauth2.endpoint.Fixture.encode;
import static dev.proauth2.endpoint.Fixture.json;
import static dev.proauth2.endpoint.Fixture.newVerifier;
import static dev.proauth2.endpoint.Fixture.redirectParameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.thirdparty.TinyDataStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Resource indicators at the endpoints (RFC 8707: several {@code resource} parameters, carried
 * through consent) and the protected resource's side (RFC 9728 metadata, {@code resource_metadata}
 * challenges, tokens bound to the resource).
 */
@DisplayName("resources at the endpoints")
class ResourceEndpointsTest {

  private static final String MCP = "https://api.example/mcp";
  private static final String FILES = "https://files.example/api";

  private final TinyDataStore store = new TinyDataStore(Clock.systemUTC());
  private final Proauth2 oauth =
      Proauth2.builder()
          .dataStore(store)
          .issuer(Fixture.ISSUER)
          .resource(MCP)
          .resource(FILES)
          .discoverListeners(false)
          .build();
  private final ClientRegistration client =
      oauth.registerApp(
          RegistrationRequest.builder("spa")
              .redirectUri(Fixture.REDIRECT)
              .authMethod("none")
              .build());
  private final AuthorizationEndpoint authorization = new AuthorizationEndpoint(oauth);
  private final TokenEndpoint tokenEndpoint = new TokenEndpoint(oauth);

  @AfterEach
  void close() {
    oauth.close();
    store.close();
  }

  private String authorizationQuery(String verifier, String... resources) {
    StringBuilder query =
        new StringBuilder("response_type=code&client_id=")
            .append(encode(client.clientId()))
            .append("&redirect_uri=")
            .append(encode(Fixture.REDIRECT))
            .append("&code_challenge=")
            .append(challenge(verifier))
            .append("&code_challenge_method=S256&state=s");
    for (String resource : resources) {
      query.append("&resource=").append(encode(resource));
    }
    return query.toString();
  }

  /** The consent form posting back what the check returned, as a host's page does. */
  private static EndpointRequest postedBack(Map<String, String> parameters) {
    StringJoiner body = new StringJoiner("&");
    parameters.forEach((name, value) -> body.add(encode(name) + "=" + encode(value)));
    return Fixture.form(body.toString());
  }

  private String tokenBody(String code, String verifier, String... resources) {
    StringBuilder body =
        new StringBuilder("grant_type=authorization_code&code=")
            .append(code)
            .append("&redirect_uri=")
            .append(encode(Fixture.REDIRECT))
            .append("&client_id=")
            .append(encode(client.clientId()))
            .append("&code_verifier=")
            .append(verifier);
    for (String resource : resources) {
      body.append("&resource=").append(encode(resource));
    }
    return body.toString();
  }

  private static EndpointRequest withToken(String token) {
    return EndpointRequest.builder("POST").header("Authorization", "Bearer " + token).build();
  }

  private TokenResponse boundToken(String resource) {
    return token(resource);
  }

  /** A user's token through consent, bound to the resources named, or to none. */
  private TokenResponse token(String... resources) {
    String verifier = newVerifier();
    AuthorizationCheck check =
        authorization.check(Fixture.get(authorizationQuery(verifier, resources)));
    String code =
        redirectParameters(authorization.approve(postedBack(check.parameters()), "alice"))
            .get("code");
    return oauth.requestAccessToken(
        TokenRequest.authorizationCode(client.clientId(), null, code, Fixture.REDIRECT, verifier));
  }

  @Nested
  @DisplayName("the authorization and token endpoints")
  class Endpoints {

    @Test
    @DisplayName("several resource parameters reach the consent step and survive its form")
    void severalResourcesThroughConsent() {
      String verifier = newVerifier();
      AuthorizationCheck check =
          authorization.check(Fixture.get(authorizationQuery(verifier, MCP, FILES)));
      assertTrue(check.isValid(), () -> check.error().orElseThrow().getMessage());
      assertEquals(List.of(MCP, FILES), check.resources());
      assertEquals(MCP + " " + FILES, check.parameters().get("resource"));

      String code =
          redirectParameters(authorization.approve(postedBack(check.parameters()), "alice"))
              .get("code");
      EndpointResponse response =
          tokenEndpoint.handle(Fixture.form(tokenBody(code, verifier, FILES)));
      assertEquals(200, response.status(), response.body());
      String accessToken = (String) json(response).get("access_token");
      assertEquals(List.of(FILES), oauth.introspect(accessToken).audience());
      String refreshToken = (String) json(response).get("refresh_token");
      assertEquals(List.of(MCP, FILES), oauth.introspect(refreshToken).audience());
    }

    @Test
    @DisplayName("an unknown resource at the authorization endpoint redirects with invalid_target")
    void unknownResourceRedirects() {
      AuthorizationCheck check =
          authorization.check(
              Fixture.get(authorizationQuery(newVerifier(), "https://evil.example/api")));
      assertFalse(check.isValid());
      Map<String, String> error = redirectParameters(check.errorResponse().orElseThrow());
      assertEquals("invalid_target", error.get("error"));
      assertEquals("s", error.get("state"));
    }

    @Test
    @DisplayName("a resource with a fragment at the token endpoint is 400 invalid_target")
    void malformedAtTokenEndpoint() {
      String verifier = newVerifier();
      AuthorizationCheck check =
          authorization.check(Fixture.get(authorizationQuery(verifier, MCP)));
      String code =
          redirectParameters(authorization.approve(postedBack(check.parameters()), "alice"))
              .get("code");
      assertError(
          tokenEndpoint.handle(Fixture.form(tokenBody(code, verifier, MCP + "#x"))),
          400,
          "invalid_target");
    }
  }

  @Nested
  @DisplayName("a protected resource (RFC 9728)")
  class Protected {

    private final ProtectedResource mcp =
        ProtectedResource.builder(oauth, MCP)
            .scopesSupported(List.of("read", "write"))
            .resourceName("Demo MCP")
            .build();

    @Test
    @DisplayName("publishes its metadata at the well-known path with its own path appended")
    void metadata() {
      assertEquals("/.well-known/oauth-protected-resource/mcp", mcp.wellKnownPath());
      assertEquals(
          "https://api.example/.well-known/oauth-protected-resource/mcp", mcp.metadataUrl());
      EndpointResponse response = mcp.handleMetadata(EndpointRequest.builder("GET").build());
      assertEquals(200, response.status());
      Map<String, Object> document = json(response);
      assertEquals(MCP, document.get("resource"));
      assertEquals(List.of(Fixture.ISSUER), document.get("authorization_servers"));
      assertEquals(List.of("read", "write"), document.get("scopes_supported"));
      assertEquals(List.of("header"), document.get("bearer_methods_supported"));
      assertEquals("Demo MCP", document.get("resource_name"));
      assertEquals(405, mcp.handleMetadata(EndpointRequest.builder("POST").build()).status());
    }

    @Test
    @DisplayName("a request without a token is 401 with a challenge naming the metadata")
    void missingToken() {
      ProtectedResource.Access access = mcp.authorize(EndpointRequest.builder("GET").build());
      assertFalse(access.granted());
      assertEquals(401, access.refusal().status());
      assertEquals(
          Optional.of(
              "Bearer realm=\""
                  + MCP
                  + "\", scope=\"read write\", resource_metadata=\""
                  + mcp.metadataUrl()
                  + "\""),
          access.refusal().header("WWW-Authenticate"));
    }

    @Test
    @DisplayName("a token bound to the resource is granted")
    void boundTokenGranted() {
      ProtectedResource.Access access = mcp.authorize(withToken(boundToken(MCP).accessToken()));
      assertTrue(access.granted());
      assertEquals("alice", access.subject().userId());
      assertEquals(List.of(MCP), access.subject().audience());
    }

    @Test
    @DisplayName("a token for another resource is 401 invalid_token with the metadata challenge")
    void otherResourceRefused() {
      ProtectedResource.Access access = mcp.authorize(withToken(boundToken(FILES).accessToken()));
      assertEquals(401, access.refusal().status());
      String challenge = access.refusal().header("WWW-Authenticate").orElseThrow();
      assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
      assertTrue(challenge.contains("resource_metadata=\"" + mcp.metadataUrl() + "\""), challenge);
    }

    @Test
    @DisplayName("a token without the scope the call needs is 403 insufficient_scope naming it")
    void insufficientScope() {
      ProtectedResource.Access access =
          mcp.authorize(withToken(boundToken(MCP).accessToken()), "admin");
      assertEquals(403, access.refusal().status());
      String challenge = access.refusal().header("WWW-Authenticate").orElseThrow();
      assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
      assertTrue(challenge.contains("scope=\"admin\""), challenge);
    }

    @Test
    @DisplayName("a malformed Authorization header is 400 invalid_request")
    void malformedHeader() {
      ProtectedResource.Access access = mcp.authorize(withToken("not a b64token"));
      assertEquals(400, access.refusal().status());
    }

    @Test
    @DisplayName("a resource the engine does not know, or that is not an https URL, is refused")
    void badIdentifiers() {
      assertThrows(
          IllegalArgumentException.class,
          () -> ProtectedResource.builder(oauth, "https://unknown.example/api"));
      try (Proauth2 plain =
          Proauth2.builder()
              .dataStore(new TinyDataStore(Clock.systemUTC()))
              .issuer(Fixture.ISSUER)
              .resource("http://api.example/mcp")
              .build()) {
        assertThrows(
            IllegalArgumentException.class,
            () -> ProtectedResource.builder(plain, "http://api.example/mcp"));
      }
    }
  }

  @Nested
  @DisplayName("an API that names no resource (ProtectedResource.unbound)")
  class Unbound {

    private final ProtectedResource api = ProtectedResource.unbound(oauth, "api");

    @Test
    @DisplayName("a request without a token is 401 naming the realm and no resource_metadata")
    void missingToken() {
      ProtectedResource.Access access = api.authorize(EndpointRequest.builder("GET").build());
      assertFalse(access.granted());
      assertEquals(401, access.refusal().status());
      assertEquals(
          Optional.of("Bearer realm=\"api\""), access.refusal().header("WWW-Authenticate"));
    }

    @Test
    @DisplayName("a token bound to a resource is 401 invalid_token, so it cannot be replayed here")
    void boundTokenRefused() {
      ProtectedResource.Access access = api.authorize(withToken(boundToken(MCP).accessToken()));
      assertFalse(access.granted());
      assertError(access.refusal(), 401, "invalid_token");
      String challenge = access.refusal().header("WWW-Authenticate").orElseThrow();
      assertTrue(challenge.startsWith("Bearer realm=\"api\", error=\"invalid_token\""), challenge);
      assertFalse(challenge.contains("resource_metadata"), challenge);
    }

    @Test
    @DisplayName("a token bound to no resource is granted, with its subject")
    void unboundTokenGranted() {
      ProtectedResource.Access access = api.authorize(withToken(token().accessToken()));
      assertTrue(access.granted());
      assertEquals("alice", access.subject().userId());
      assertEquals(List.of(), access.subject().audience());
    }

    @Test
    @DisplayName("a token without the scope the call needs is 403 insufficient_scope naming it")
    void insufficientScope() {
      ProtectedResource.Access access = api.authorize(withToken(token().accessToken()), "write");
      assertError(access.refusal(), 403, "insufficient_scope");
      assertEquals(
          Optional.of(
              "Bearer realm=\"api\", error=\"insufficient_scope\", error_description=\"the"
                  + " access token lacks the scope write\", scope=\"write\""),
          access.refusal().header("WWW-Authenticate"));
    }

    @Test
    @DisplayName("serves no metadata: no path is its document, a request for one is 404")
    void noMetadata() {
      assertFalse(api.servesMetadataAt(ProtectedResource.WELL_KNOWN));
      assertError(
          api.handleMetadata(EndpointRequest.builder("GET").build()), 404, "invalid_request");
      assertThrows(IllegalStateException.class, api::wellKnownPath);
      assertThrows(IllegalStateException.class, api::resource);
    }

    @Test
    @DisplayName("a blank realm is refused when the guard is made")
    void blankRealm() {
      assertThrows(IllegalArgumentException.class, () -> ProtectedResource.unbound(oauth, " "));
      assertThrows(
          IllegalArgumentException.class,
          () ->
              ProtectedResource.unbound(oauth, "a".repeat(ProtectedResource.MAX_REALM_LENGTH + 1)));
    }
  }
}

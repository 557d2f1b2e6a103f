package dev.proauth2.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.SignIn;
import dev.proauth2.endpoint.AuthorizationCheck;
import dev.proauth2.endpoint.AuthorizationEndpoint;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.TokenEndpoint;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The OpenID Foundation's "Basic OP" test modules that the other tests left uncovered, each run
 * here through the endpoint helpers as a relying party would meet them.
 */
class ConformanceGapsTest {

  private final String verifier = OpenIdEngine.newVerifier();

  /** A relying party that authenticates with client_secret_post, registered beside the app. */
  private static ClientRegistration postClient(OpenIdEngine engine) {
    return engine.oauth.registerApp(
        RegistrationRequest.builder("Relying party, client_secret_post")
            .redirectUri(OpenIdEngine.REDIRECT)
            .grantType(GrantType.AUTHORIZATION_CODE)
            .scope("openid profile email address phone")
            .authMethod("client_secret_post")
            .build());
  }

  private static String form(Map<String, String> parameters) {
    StringBuilder form = new StringBuilder();
    parameters.forEach(
        (name, value) ->
            form.append(form.length() == 0 ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return form.toString();
  }

  private Map<String, String> authorization(ClientRegistration client, String scope) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("response_type", "code");
    parameters.put("client_id", client.clientId());
    parameters.put("redirect_uri", OpenIdEngine.REDIRECT);
    parameters.put("scope", scope);
    parameters.put("state", "st-1");
    parameters.put("nonce", "n-1");
    parameters.put("code_challenge", SecretHashes.sha256(verifier));
    parameters.put("code_challenge_method", "S256");
    return parameters;
  }

  /** Approves an authorization request through the helper and returns the redirect's code. */
  private static String approve(OpenIdEngine engine, Map<String, String> parameters) {
    EndpointRequest request = EndpointRequest.builder("GET").query(form(parameters)).build();
    AuthorizationEndpoint endpoint = new AuthorizationEndpoint(engine.oauth);
    AuthorizationCheck check = endpoint.check(request);
    assertTrue(check.isValid(), () -> check.error().orElseThrow().getMessage());
    EndpointResponse response = endpoint.approve(request, OpenIdEngine.USER, SignIn.unknown());
    assertEquals(302, response.status(), response.body());
    String query = URI.create(response.header("Location").orElseThrow()).getRawQuery();
    for (String pair : query.split("&")) {
      if (pair.startsWith("code=")) {
        return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no code in " + query);
  }

  /** Redeems a code at the token endpoint with client_secret_post; the JSON answer. */
  private Map<String, Object> redeemWithSecretPost(
      OpenIdEngine engine, ClientRegistration client, String code) throws Exception {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("grant_type", "authorization_code");
    parameters.put("code", code);
    parameters.put("redirect_uri", OpenIdEngine.REDIRECT);
    parameters.put("code_verifier", verifier);
    parameters.put("client_id", client.clientId());
    parameters.put("client_secret", client.clientSecret());
    EndpointResponse response =
        new TokenEndpoint(engine.oauth)
            .handle(
                EndpointRequest.builder("POST")
                    .header("Content-Type", EndpointRequest.FORM)
                    .body(form(parameters))
                    .build());
    assertEquals(200, response.status(), response.body());
    return JSONObjectUtils.parse(response.body());
  }

  private static Map<String, Object> userInfo(OpenIdEngine engine, Object accessToken)
      throws Exception {
    EndpointResponse response =
        new UserInfoEndpoint(engine.oauth, engine.provider)
            .handle(
                EndpointRequest.builder("GET")
                    .header("Authorization", "Bearer " + accessToken)
                    .build());
    assertEquals(200, response.status(), response.body());
    return JSONObjectUtils.parse(response.body());
  }

  @Test
  @DisplayName(
      "oidcc-server-client-secret-post: a code redeemed with client_secret_post gets its ID token")
  void clientSecretPost() throws Exception {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      ClientRegistration client = postClient(engine);
      Map<String, Object> tokens =
          redeemWithSecretPost(engine, client, approve(engine, authorization(client, "openid")));
      SignedJWT idToken = SignedJWT.parse((String) tokens.get("id_token"));
      assertEquals("n-1", idToken.getJWTClaimsSet().getStringClaim("nonce"));
      assertEquals(client.clientId(), idToken.getJWTClaimsSet().getAudience().get(0));
    }
  }

  @Test
  @DisplayName(
      "oidcc-ensure-other-scope-order-succeeds: openid need not come first, and the scopes' claims"
          + " follow")
  void otherScopeOrder() throws Exception {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      ClientRegistration client = postClient(engine);
      Map<String, Object> tokens =
          redeemWithSecretPost(
              engine, client, approve(engine, authorization(client, "email profile openid")));
      assertTrue(tokens.containsKey("id_token"), tokens.keySet().toString());
      Map<String, Object> claims = userInfo(engine, tokens.get("access_token"));
      assertEquals("demo-user@example.com", claims.get("email"));
      assertEquals("Demo User", claims.get("name"));
    }
  }

  @Test
  @DisplayName(
      "oidcc-ensure-request-with-unknown-parameter-succeeds and oidcc-claims-locales: unknown"
          + " parameters are ignored")
  void unknownParameters() throws Exception {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      ClientRegistration client = postClient(engine);
      Map<String, String> parameters = authorization(client, "openid");
      parameters.put("extra", "foobar");
      parameters.put("claims_locales", "de-CH fr");
      Map<String, Object> tokens =
          redeemWithSecretPost(engine, client, approve(engine, parameters));
      assertTrue(tokens.containsKey("id_token"), tokens.keySet().toString());
    }
  }

  @Test
  @DisplayName(
      "oidcc-response-type-missing: a request without response_type is invalid_request, redirected"
          + " to the client")
  void responseTypeMissing() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      ClientRegistration client = postClient(engine);
      Map<String, String> parameters = authorization(client, "openid");
      parameters.remove("response_type");
      EndpointRequest request = EndpointRequest.builder("GET").query(form(parameters)).build();
      AuthorizationCheck check = new AuthorizationEndpoint(engine.oauth).check(request);
      assertFalse(check.isValid());
      assertEquals(Proauth2Exception.INVALID_REQUEST, check.error().orElseThrow().error());
      EndpointResponse response = check.errorResponse().orElseThrow();
      assertEquals(302, response.status(), response.body());
      String location = response.header("Location").orElseThrow();
      assertTrue(location.startsWith(OpenIdEngine.REDIRECT + "?"), location);
      assertTrue(location.contains("error=invalid_request"), location);
      assertTrue(location.contains("state=st-1"), location);
    }
  }

  @Test
  @DisplayName("oidcc-scope-address: the address scope reveals the structured address, alone")
  void scopeAddress() throws Exception {
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("street_address", "1 Demo Street");
    address.put("locality", "Zurich");
    address.put("country", "CH");
    try (OpenIdEngine engine =
        new OpenIdEngine(
            provider ->
                provider.claims(
                    (user, scopes) -> {
                      Map<String, Object> claims = new LinkedHashMap<>();
                      claims.put("name", "Demo User");
                      claims.put("address", address);
                      return claims;
                    }),
            b -> {})) {
      ClientRegistration client = postClient(engine);
      Map<String, Object> tokens =
          redeemWithSecretPost(
              engine, client, approve(engine, authorization(client, "openid address")));
      Map<String, Object> claims = userInfo(engine, tokens.get("access_token"));
      assertEquals(Map.of("sub", OpenIdEngine.USER, "address", address), claims);
    }
  }
}

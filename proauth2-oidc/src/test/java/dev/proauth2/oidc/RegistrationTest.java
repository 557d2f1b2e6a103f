package dev.proauth2.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.proauth2.ClientRegistration;
import dev.proauth2.SignIn;
import dev.proauth2.TokenRequest;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.RegistrationEndpoint;
import dev.proauth2.endpoint.RegistrationPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The OpenID Connect fields of dynamic client registration (Registration 1.0 section 2). */
class RegistrationTest {

  private static EndpointResponse register(OpenIdEngine engine, String json) {
    RegistrationEndpoint endpoint =
        new RegistrationEndpoint(
            engine.oauth, RegistrationPolicy.builder().scopes("openid profile").build());
    return endpoint.handle(
        EndpointRequest.builder("POST")
            .header("Content-Type", "application/json")
            .body(json)
            .remoteAddress("127.0.0.1")
            .build());
  }

  @Test
  @DisplayName("post_logout_redirect_uris and id_token_signed_response_alg are kept and echoed")
  void echoed() throws Exception {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      EndpointResponse response =
          register(
              engine,
              "{\"redirect_uris\":[\"https://rp.example/cb\"],\"scope\":\"openid\","
                  + "\"post_logout_redirect_uris\":[\"https://rp.example/bye\"],"
                  + "\"id_token_signed_response_alg\":\"ES256\"}");
      assertEquals(201, response.status(), response.body());
      Map<String, Object> body = JSONObjectUtils.parse(response.body());
      assertEquals(List.of("https://rp.example/bye"), body.get("post_logout_redirect_uris"));
      assertEquals("ES256", body.get("id_token_signed_response_alg"));
      ClientRegistration stored =
          engine.oauth.findApp((String) body.get("client_id")).orElseThrow();
      assertEquals(List.of("https://rp.example/bye"), stored.openId().postLogoutRedirectUris());
    }
  }

  @Test
  @DisplayName("an algorithm the provider does not offer is invalid_client_metadata")
  void unknownAlgorithm() {
    try (OpenIdEngine engine = new OpenIdEngine()) {
      for (String alg : List.of("HS256", "none", "RS512")) {
        EndpointResponse response =
            register(
                engine,
                "{\"redirect_uris\":[\"https://rp.example/cb\"],"
                    + "\"id_token_signed_response_alg\":\""
                    + alg
                    + "\"}");
        assertEquals(400, response.status(), alg);
        assertTrue(response.body().contains("invalid_client_metadata"), response.body());
      }
    }
  }

  @Test
  @DisplayName("a client registered for ES256 gets ES256 ID tokens a relying party validates")
  void perClientAlgorithm() throws Exception {
    try (OpenIdEngine engine = new OpenIdEngine()) { // ES256 keys: the access tokens' algorithm
      EndpointResponse response =
          register(
              engine,
              "{\"redirect_uris\":[\""
                  + OpenIdEngine.REDIRECT
                  + "\"],\"scope\":\"openid\",\"id_token_signed_response_alg\":\"ES256\"}");
      Map<String, Object> body = JSONObjectUtils.parse(response.body());
      String clientId = (String) body.get("client_id");
      String secret = (String) body.get("client_secret");
      String verifier = OpenIdEngine.newVerifier();
      var code =
          engine.oauth.requestAuthorization(
              dev.proauth2.AuthorizationRequest.builder()
                  .clientId(clientId)
                  .userId(OpenIdEngine.USER)
                  .redirectUri(OpenIdEngine.REDIRECT)
                  .scope("openid")
                  .codeChallenge(dev.proauth2.spi.SecretHashes.sha256(verifier))
                  .codeChallengeMethod(dev.proauth2.CodeChallengeMethod.S256)
                  .openId(
                      dev.proauth2.OpenIdParameters.parse(
                          "n", null, null, null, null, null, null, null))
                  .signIn(SignIn.unknown())
                  .build());
      String idToken =
          engine
              .oauth
              .requestAccessToken(
                  TokenRequest.authorizationCode(
                      clientId, secret, code.code(), OpenIdEngine.REDIRECT, verifier))
              .parameter("id_token")
              .orElseThrow();
      assertEquals(JWSAlgorithm.ES256, SignedJWT.parse(idToken).getHeader().getAlgorithm());
      new IDTokenValidator(
              new Issuer(OpenIdEngine.ISSUER),
              new ClientID(clientId),
              JWSAlgorithm.ES256,
              engine.jwks())
          .validate(JWTParser.parse(idToken), new Nonce("n"));
    }
  }
}

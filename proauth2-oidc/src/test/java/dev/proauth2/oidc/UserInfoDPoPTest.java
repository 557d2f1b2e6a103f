package dev.proauth2.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.OpenIdParameters;
import dev.proauth2.SignIn;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.jose.JoseDPoP;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.testkit.DPoPProofs;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UserInfo with a token bound to a DPoP key (RFC 9449 section 7): the proof is over its URL. */
class UserInfoDPoPTest {

  private static final String USERINFO = OpenIdEngine.ISSUER + "/userinfo";

  private final DPoPProofs proofs = DPoPProofs.ec();

  /** Signs in through the code flow with a DPoP proof at the token endpoint. */
  private static TokenResponse boundTokens(OpenIdEngine engine, UserInfoDPoPTest test) {
    String verifier = OpenIdEngine.newVerifier();
    AuthorizationCode code =
        engine.authorize(
            verifier,
            "openid email",
            OpenIdParameters.parse("n-1", null, null, null, null, null, null, null),
            SignIn.unknown());
    String tokenUrl = OpenIdEngine.ISSUER + "/token";
    return engine.oauth.requestAccessToken(
        new ClientCredentials(
            "client_secret_basic", engine.app.clientId(), engine.app.clientSecret()),
        new TokenRequest.AuthorizationCode(
            engine.app.clientId(),
            engine.app.clientSecret(),
            code.code(),
            OpenIdEngine.REDIRECT,
            verifier,
            List.of()),
        test.proofs.request("POST", tokenUrl));
  }

  private static EndpointResponse ask(OpenIdEngine engine, String scheme, String token, String p) {
    EndpointRequest.Builder request =
        EndpointRequest.builder("GET").header("Authorization", scheme + " " + token);
    if (p != null) {
      request.header("DPoP", p);
    }
    return new UserInfoEndpoint(engine.oauth, engine.provider).handle(request.build());
  }

  @Test
  @DisplayName("a DPoP-bound token with a proof over the UserInfo URL gets the user's claims")
  void boundTokenWithProof() {
    try (OpenIdEngine engine = new OpenIdEngine(p -> {}, b -> b.dpop(JoseDPoP.verifier()))) {
      TokenResponse tokens = boundTokens(engine, this);
      assertEquals("DPoP", tokens.tokenType());
      EndpointResponse response =
          ask(
              engine,
              "DPoP",
              tokens.accessToken(),
              proofs.proof("GET", USERINFO, tokens.accessToken()));
      assertEquals(200, response.status(), response.body());
      assertTrue(response.body().contains("\"email\":\"demo-user@example.com\""), response.body());
    }
  }

  @Test
  @DisplayName("a DPoP-bound token sent as Bearer, or with a proof for another URL, is refused")
  void boundTokenRefused() {
    try (OpenIdEngine engine = new OpenIdEngine(p -> {}, b -> b.dpop(JoseDPoP.verifier()))) {
      TokenResponse tokens = boundTokens(engine, this);
      EndpointResponse asBearer = ask(engine, "Bearer", tokens.accessToken(), null);
      assertEquals(401, asBearer.status(), asBearer.body());
      EndpointResponse elsewhere =
          ask(
              engine,
              "DPoP",
              tokens.accessToken(),
              proofs.proof("GET", OpenIdEngine.ISSUER + "/other", tokens.accessToken()));
      assertEquals(401, elsewhere.status(), elsewhere.body());
      assertTrue(
          elsewhere.header("WWW-Authenticate").orElseThrow().startsWith("DPoP "),
          elsewhere.header("WWW-Authenticate").orElseThrow());
    }
  }
}

package dev.proauth2.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.jose.JoseDPoP;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.testkit.DPoPProofs;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link BearerTokenFilter} with DPoP (RFC 9449), on Jetty over real HTTP: a DPoP-bound token
 * passes with {@code Authorization: DPoP} and a proof over the request's URL, and is refused as a
 * bearer token or with a replayed proof, with the {@code DPoP} challenge.
 */
@DisplayName("the bearer-token filter with DPoP")
class ServletDPoPTest {

  private final RawHttp http =
      new RawHttp(new JettyServer("", engine -> engine.dpop(JoseDPoP.verifier())));
  private final DPoPProofs proofs = DPoPProofs.ec();
  private final String mcp = http.server.base() + "/mcp";

  @AfterEach
  void close() {
    http.close();
  }

  private String boundToken() throws Exception {
    ClientRegistration service =
        http.server
            .oauth()
            .registerApp(
                RegistrationRequest.builder("svc").grantType(GrantType.CLIENT_CREDENTIALS).build());
    String tokenUrl = http.server.issuer() + "/token";
    return http.server
        .oauth()
        .requestAccessToken(
            new ClientCredentials(
                "client_secret_basic", service.clientId(), service.clientSecret()),
            new TokenRequest.ClientCredentials(
                service.clientId(), null, null, List.of(http.server.issuer() + "/mcp")),
            proofs.request("POST", tokenUrl))
        .accessToken();
  }

  @Test
  @DisplayName("a bound token passes with its proof; as Bearer or with a replayed proof it is 401")
  void passesOnlyWithItsProof() throws Exception {
    String token = boundToken();
    String proof = proofs.proof("GET", mcp, token);
    HttpResponse<String> passed = http.get("/mcp", "Authorization", "DPoP " + token, "DPoP", proof);
    assertEquals(200, passed.statusCode(), passed.body());

    HttpResponse<String> replayed =
        http.get("/mcp", "Authorization", "DPoP " + token, "DPoP", proof);
    assertEquals(401, replayed.statusCode());
    String challenge = replayed.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.startsWith("DPoP "), challenge);
    assertTrue(challenge.contains("error=\"invalid_dpop_proof\""), challenge);
    assertTrue(challenge.contains("algs=\"ES256 RS256 PS256 EdDSA\""), challenge);

    HttpResponse<String> asBearer = http.get("/mcp", "Authorization", "Bearer " + token);
    assertEquals(401, asBearer.statusCode());

    HttpResponse<String> otherUrl =
        http.get(
            "/mcp",
            "Authorization",
            "DPoP " + token,
            "DPoP",
            proofs.proof("GET", http.server.base() + "/api", token));
    assertEquals(401, otherUrl.statusCode());
  }
}

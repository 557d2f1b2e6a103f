package dev.proauth2.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.OpenIdClientMetadata;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.oidc.OpenIdProvider;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.testkit.Browser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect through the servlet on Jetty: discovery, sign-in, UserInfo, prompt=none, logout.
 */
class ServletOpenIdTest {

  private static final String REDIRECT = "https://rp.example/cb";
  private static final String BYE = "https://rp.example/bye";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  private final OpenIdProvider provider =
      OpenIdProvider.builder(JoseSigning.builder().algorithm("RS256").build())
          .claims((user, scopes) -> Map.of("name", "Test User", "email", "user@example.com"))
          .build();

  private final RawHttp http =
      new RawHttp(
          new JettyServer(
              port ->
                  provider
                      .applyTo(
                          Proauth2.builder()
                              .dataStore("memory:")
                              .issuer("http://localhost:" + port)
                              .resource("http://localhost:" + port + "/mcp") // JettyServer's
                              .discoverListeners(false))
                      .build(),
              "",
              servlet -> servlet.openId(provider)));

  private final ClientRegistration client =
      http.server
          .oauth()
          .registerApp(
              RegistrationRequest.builder("relying party")
                  .redirectUri(REDIRECT)
                  .grantType(GrantType.AUTHORIZATION_CODE)
                  .scope("openid profile email")
                  .openId(new OpenIdClientMetadata(List.of(BYE), null))
                  .build());

  @AfterEach
  void close() {
    http.close();
  }

  private String authorize(String extra) {
    return "/authorize?response_type=code&scope=openid%20profile&client_id="
        + Browser.encode(client.clientId())
        + "&redirect_uri="
        + Browser.encode(REDIRECT)
        + "&state=st&nonce=n-1&code_challenge="
        + SecretHashes.sha256(VERIFIER)
        + "&code_challenge_method=S256"
        + extra;
  }

  @Test
  @DisplayName("the configuration document is served and names the servlet's UserInfo and logout")
  void discovery() throws Exception {
    HttpResponse<String> document = http.get("/.well-known/openid-configuration");
    assertEquals(200, document.statusCode(), document.body());
    OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(document.body());
    assertEquals(http.server.issuer() + "/userinfo", metadata.getUserInfoEndpointURI().toString());
    assertEquals(
        http.server.issuer() + "/connect/logout", metadata.getEndSessionEndpointURI().toString());
    assertEquals(
        Browser.json(http.get("/.well-known/oauth-authorization-server")), Browser.json(document));
  }

  @Test
  @DisplayName("sign-in through the consent page: an ID token, then UserInfo by the scopes")
  void signIn() throws Exception {
    assertEquals(204, http.get("/login").statusCode());
    HttpResponse<String> page = http.get(authorize(""));
    assertEquals(200, page.statusCode(), page.body());
    Map<String, String> fields = Browser.hiddenFields(page.body());
    fields.put(ConsentPrompt.CONSENT, ConsentPrompt.APPROVE);
    HttpResponse<String> redirect =
        http.form(
            "/authorize",
            Browser.formBody(fields),
            "Origin",
            http.base,
            "Sec-Fetch-Site",
            "same-origin");
    assertEquals(302, redirect.statusCode(), redirect.body());
    String code = Browser.locationParameters(redirect).get("code");
    HttpResponse<String> token =
        http.form(
            "/token",
            "grant_type=authorization_code&code="
                + code
                + "&redirect_uri="
                + Browser.encode(REDIRECT)
                + "&code_verifier="
                + VERIFIER,
            "Authorization",
            Browser.basic(client.clientId(), client.clientSecret()));
    assertEquals(200, token.statusCode(), token.body());
    Map<String, Object> tokens = Browser.json(token);
    new IDTokenValidator(
            new Issuer(http.server.issuer()),
            new ClientID(client.clientId()),
            JWSAlgorithm.RS256,
            JWKSet.parse(http.server.oauth().publicKeys().orElseThrow().json()))
        .validate(JWTParser.parse((String) tokens.get("id_token")), new Nonce("n-1"));
    HttpResponse<String> userInfo =
        http.get("/userinfo", "Authorization", "Bearer " + tokens.get("access_token"));
    assertEquals(200, userInfo.statusCode(), userInfo.body());
    assertEquals(Map.of("sub", JettyServer.USER, "name", "Test User"), Browser.json(userInfo));
  }

  @Test
  @DisplayName("prompt=none without a session: login_required by redirect, never the login page")
  void promptNone() {
    HttpResponse<String> redirect = http.get(authorize("&prompt=none"));
    assertEquals(302, redirect.statusCode(), redirect.body());
    Map<String, String> parameters = Browser.locationParameters(redirect);
    assertEquals("login_required", parameters.get("error"));
    assertEquals("st", parameters.get("state"));
    assertTrue(redirect.headers().firstValue("Location").orElseThrow().startsWith(REDIRECT));
  }

  @Test
  @DisplayName("prompt=none signed in but without remembered consent: consent_required")
  void consentRequired() {
    assertEquals(204, http.get("/login").statusCode());
    HttpResponse<String> redirect = http.get(authorize("&prompt=none"));
    assertEquals("consent_required", Browser.locationParameters(redirect).get("error"));
  }

  @Test
  @DisplayName("logout to a registered URI ends the session and goes back with the state")
  void logout() {
    assertEquals(204, http.get("/login").statusCode());
    HttpResponse<String> back =
        http.get(
            "/connect/logout?client_id="
                + Browser.encode(client.clientId())
                + "&post_logout_redirect_uri="
                + Browser.encode(BYE)
                + "&state=s1");
    assertEquals(302, back.statusCode(), back.body());
    assertEquals(BYE + "?state=s1", back.headers().firstValue("Location").orElseThrow());
    assertEquals(
        "login_required",
        Browser.locationParameters(http.get(authorize("&prompt=none"))).get("error"),
        "the session is gone");
    assertEquals(
        400,
        http.get(
                "/connect/logout?client_id="
                    + Browser.encode(client.clientId())
                    + "&post_logout_redirect_uri="
                    + Browser.encode("https://evil.example/"))
            .statusCode());
  }
}

package dev.proauth2.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.oidc.OpenIdProvider;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spring.authserver.AuthServerApplication;
import dev.proauth2.spring.oidcclient.OidcClientApplication;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter with an {@code OpenIdProvider} bean: the engine issues ID tokens and the servlet
 * serves discovery, UserInfo and {@code prompt=none}, on a real port; and another Spring Boot
 * application signs its user in with Spring Security's {@code oauth2Login} against it.
 */
@SpringBootTest(
    classes = {AuthServerApplication.class, StarterOpenIdTest.OpenIdBeans.class},
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "proauth2.datastore=memory:",
      "spring.autoconfigure.exclude="
          + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    })
class StarterOpenIdTest {

  private static final String REDIRECT = "https://rp.example/cb";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
  private static final int PORT = freePort();
  private static final String ISSUER = "http://localhost:" + PORT;

  @Autowired private Proauth2 oauth;

  private final HttpClient browser =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** The application's provider: RS256 ID tokens, the user's name for the profile scope. */
  @TestConfiguration
  static class OpenIdBeans {
    @Bean
    OpenIdProvider openIdProvider() {
      return OpenIdProvider.builder(JoseSigning.builder().algorithm("RS256").build())
          .claims((user, scopes) -> Map.of("name", "Alice"))
          .build();
    }
  }

  @DynamicPropertySource
  static void port(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("proauth2.issuer", () -> ISSUER);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ISSUER + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(ISSUER + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private ClientRegistration client() {
    return oauth.registerApp(
        RegistrationRequest.builder("relying party")
            .redirectUri(REDIRECT)
            .grantType(GrantType.AUTHORIZATION_CODE)
            .scope("openid profile")
            .build());
  }

  private static String authorize(ClientRegistration client, String extra) {
    return "/authorize?response_type=code&scope=openid%20profile&client_id="
        + encode(client.clientId())
        + "&redirect_uri="
        + encode(REDIRECT)
        + "&state=st&nonce=n-1&code_challenge="
        + SecretHashes.sha256(VERIFIER)
        + "&code_challenge_method=S256"
        + extra;
  }

  @Test
  @DisplayName("discovery names UserInfo and agrees with the RFC 8414 document")
  void discovery() throws Exception {
    HttpResponse<String> document = get("/.well-known/openid-configuration");
    assertEquals(200, document.statusCode(), document.body());
    OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(ISSUER));
    assertEquals(ISSUER + "/userinfo", metadata.getUserInfoEndpointURI().toString());
    assertEquals(
        JSONObjectUtils.parse(get("/.well-known/oauth-authorization-server").body()),
        JSONObjectUtils.parse(document.body()));
  }

  @Test
  @DisplayName("Spring Security's oauth2Login signs a user in to another application")
  void oauth2Login() throws Exception {
    int clientPort = freePort();
    String clientBase = "http://127.0.0.1:" + clientPort;
    ClientRegistration client =
        oauth.registerApp(
            RegistrationRequest.builder("Spring client")
                .redirectUri(clientBase + "/login/oauth2/code/proauth2")
                .grantType(GrantType.AUTHORIZATION_CODE)
                .scope("openid profile")
                .build());
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(OidcClientApplication.class)
            .properties(
                "server.port=" + clientPort,
                "spring.autoconfigure.exclude=dev.proauth2.spring.Proauth2AutoConfiguration,"
                    + "dev.proauth2.spring.Proauth2HealthAutoConfiguration,"
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "spring.security.oauth2.client.registration.proauth2.client-id="
                    + client.clientId(),
                "spring.security.oauth2.client.registration.proauth2.client-secret="
                    + client.clientSecret(),
                "spring.security.oauth2.client.registration.proauth2.scope=openid,profile",
                "spring.security.oauth2.client.provider.proauth2.issuer-uri=" + ISSUER)
            .run()) {
      assertEquals(204, get("/login").statusCode()); // signed in at the provider
      HttpResponse<String> step = send(clientBase + "/me");
      // the client sends the browser to the provider, which asks for consent
      while (step.statusCode() == 302
          && !step.headers().firstValue("Location").orElseThrow().contains("/authorize")) {
        step = send(absolute(clientBase, step.headers().firstValue("Location").orElseThrow()));
      }
      step = send(step.headers().firstValue("Location").orElseThrow());
      assertEquals(200, step.statusCode(), step.body());
      Map<String, String> fields = new LinkedHashMap<>();
      Matcher hidden = HIDDEN.matcher(step.body());
      while (hidden.find()) {
        fields.put(hidden.group(1), hidden.group(2).replace("&amp;", "&"));
      }
      StringBuilder form = new StringBuilder("consent=approve");
      fields.forEach(
          (name, value) -> form.append('&').append(name).append('=').append(encode(value)));
      step = post("/authorize", form.toString(), "Origin", ISSUER, "Sec-Fetch-Site", "same-origin");
      // back at the client with the code, then to /me once it has checked the ID token
      while (step.statusCode() == 302) {
        step = send(absolute(clientBase, step.headers().firstValue("Location").orElseThrow()));
      }
      assertEquals(200, step.statusCode(), step.body());
      Map<String, Object> me = JSONObjectUtils.parse(step.body());
      assertEquals(AuthServerApplication.USER, me.get("sub"));
      assertEquals("Alice", me.get("name"), "from UserInfo");
      assertEquals(ISSUER, me.get("issuer"));
      assertEquals("true", me.get("nonce"));
    }
  }

  private HttpResponse<String> send(String url) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String absolute(String base, String location) {
    return location.startsWith("/") ? base + location : location;
  }

  @Test
  @DisplayName("prompt=none without a session is login_required by redirect")
  void promptNone() throws Exception {
    HttpResponse<String> redirect = get(authorize(client(), "&prompt=none"));
    assertEquals(302, redirect.statusCode(), redirect.body());
    assertTrue(
        redirect.headers().firstValue("Location").orElseThrow().contains("error=login_required"));
  }

  @Test
  @DisplayName("sign-in through the application's consent page: an ID token, then UserInfo")
  void signIn() throws Exception {
    ClientRegistration client = client();
    assertEquals(204, get("/login").statusCode());
    HttpResponse<String> page = get(authorize(client, ""));
    assertEquals(200, page.statusCode(), page.body());
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher hidden = HIDDEN.matcher(page.body());
    while (hidden.find()) {
      fields.put(hidden.group(1), hidden.group(2).replace("&amp;", "&"));
    }
    assertTrue(fields.containsKey(ConsentGuard.FIELD));
    StringBuilder form = new StringBuilder("consent=approve");
    fields.forEach(
        (name, value) -> form.append('&').append(name).append('=').append(encode(value)));
    HttpResponse<String> redirect =
        post("/authorize", form.toString(), "Origin", ISSUER, "Sec-Fetch-Site", "same-origin");
    assertEquals(302, redirect.statusCode(), redirect.body());
    String location = redirect.headers().firstValue("Location").orElseThrow();
    Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
    assertTrue(code.find(), location);
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (encode(client.clientId()) + ":" + encode(client.clientSecret()))
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> token =
        post(
            "/token",
            "grant_type=authorization_code&code="
                + code.group(1)
                + "&redirect_uri="
                + encode(REDIRECT)
                + "&code_verifier="
                + VERIFIER,
            "Authorization",
            "Basic " + basic);
    assertEquals(200, token.statusCode(), token.body());
    Map<String, Object> tokens = JSONObjectUtils.parse(token.body());
    new IDTokenValidator(
            new Issuer(ISSUER),
            new ClientID(client.clientId()),
            JWSAlgorithm.RS256,
            JWKSet.parse(oauth.publicKeys().orElseThrow().json()))
        .validate(JWTParser.parse((String) tokens.get("id_token")), new Nonce("n-1"));
    HttpResponse<String> userInfo =
        get("/userinfo", "Authorization", "Bearer " + tokens.get("access_token"));
    assertEquals(200, userInfo.statusCode(), userInfo.body());
    assertEquals(
        Map.of("sub", AuthServerApplication.USER, "name", "Alice"),
        JSONObjectUtils.parse(userInfo.body()));
  }
}

package dev.proauth2.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.proauth2.AccessTokenFormat;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.JwksEndpoint;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.jose.ManagedSigningKeys;
import dev.proauth2.jose.MovingClock;
import dev.proauth2.spring.jwtresourceserver.JwtResourceServerApplication;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName(
    "Spring Security's resource server in JWT mode verifies proauth2's JWT access tokens alone,"
        + " against the jwks_uri, checks aud, and keeps accepting them across a key rotation")
class JwtResourceServerTest {

  private static final String API = "https://api.example/orders";
  private static final Duration ROTATION = Duration.ofHours(1);

  private final MovingClock clock = new MovingClock();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final HttpClient http = HttpClient.newHttpClient();
  private Proauth2 oauth;
  private HttpServer jwksServer;
  private ConfigurableApplicationContext resourceServer;
  private ClientRegistration client;
  private String api;

  @BeforeAll
  void start() throws Exception {
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    String issuer = "http://localhost:" + jwksServer.getAddress().getPort();
    oauth =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:", clock))
            .clock(clock)
            .issuer(issuer)
            .resource(API)
            .signing(JoseSigning.builder().keys(ManagedSigningKeys.rotatingEvery(ROTATION)).build())
            .accessTokenFormat(AccessTokenFormat.JWT)
            .discoverListeners(false)
            .build();
    JwksEndpoint jwks = new JwksEndpoint(oauth);
    jwksServer.createContext(
        "/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          EndpointResponse response = jwks.handle(EndpointRequest.builder("GET").build());
          byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
          response.headers().forEach(exchange.getResponseHeaders()::add);
          exchange.sendResponseHeaders(response.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwksServer.start();
    client =
        oauth.registerApp(
            RegistrationRequest.builder("orders client")
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .scope("orders:read")
                .resource(API)
                .build());
    resourceServer =
        new SpringApplicationBuilder(JwtResourceServerApplication.class)
            .properties(
                "server.port=0",
                "spring.autoconfigure.exclude=dev.proauth2.spring.Proauth2AutoConfiguration,"
                    + "dev.proauth2.spring.Proauth2HealthAutoConfiguration,"
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "orders.jwks-uri=" + issuer + "/jwks",
                "orders.issuer=" + issuer,
                "orders.audience=" + API)
            .run();
    api =
        "http://127.0.0.1:"
            + resourceServer.getEnvironment().getProperty("local.server.port")
            + "/api/orders";
  }

  @AfterAll
  void stop() {
    if (resourceServer != null) {
      resourceServer.close();
    }
    if (jwksServer != null) {
      jwksServer.stop(0);
    }
    if (oauth != null) {
      oauth.close();
    }
  }

  private String token(List<String> resources) {
    return oauth
        .requestAccessToken(
            new TokenRequest.ClientCredentials(client.clientId(), client.clientSecret(), null)
                .withResources(resources))
        .accessToken();
  }

  private HttpResponse<String> call(String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("a token for the API is accepted, one for no resource is refused by its aud")
  void audience() throws Exception {
    HttpResponse<String> ok = call(token(List.of(API)));
    assertEquals(200, ok.statusCode(), ok.headers().map().toString());
    assertTrue(ok.body().contains("\"sub\":\"" + client.clientId() + "\""), ok.body());
    assertTrue(ok.body().contains("\"client_id\":\"" + client.clientId() + "\""), ok.body());

    HttpResponse<String> other = call(token(List.of()));
    assertEquals(401, other.statusCode(), "aud is the issuer, not the API");
    assertEquals(401, call("not-a-jwt").statusCode());
  }

  @Test
  @DisplayName("across a rotation: the token of the retired key and the new key's both pass")
  void rotation() throws Exception {
    String before = token(List.of(API));
    assertEquals(200, call(before).statusCode());

    clock.advance(ROTATION);
    String after = token(List.of(API));
    assertNotEquals(
        SignedJWT.parse(before).getHeader().getKeyID(),
        SignedJWT.parse(after).getHeader().getKeyID(),
        "the new key signs after one period");
    assertEquals(200, call(after).statusCode(), "the new key was published a period ahead");
    assertEquals(200, call(before).statusCode(), "the retired key stays published");
    assertEquals(
        1, jwksFetches.get(), "one fetch: the key set already held the new key before it signed");
  }
}

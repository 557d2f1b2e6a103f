package dev.proauth2.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.DeviceAuthorization;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.servlet.ConsentPage;
import dev.proauth2.servlet.ConsentPrompt;
import dev.proauth2.servlet.DeviceCodeForm;
import dev.proauth2.servlet.DevicePage;
import dev.proauth2.servlet.DevicePrompt;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** What the auto-configuration builds from which properties, in real application contexts. */
class AutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  Proauth2AutoConfiguration.class, Proauth2HealthAutoConfiguration.class));

  @Test
  @DisplayName("the engine is built from proauth2.* properties: store, issuer, token lifetime")
  void fromProperties() {
    runner
        .withPropertyValues(
            "proauth2.datastore=memory:",
            "proauth2.issuer=https://auth.example",
            "proauth2.access-token-ttl=5m",
            "proauth2.client-failure-limit=3")
        .run(
            context -> {
              Proauth2 oauth = context.getBean(Proauth2.class);
              assertEquals(Optional.of("https://auth.example"), oauth.issuer());
              ClientRegistration client =
                  oauth.registerApp(
                      RegistrationRequest.builder("m2m")
                          .grantType(GrantType.CLIENT_CREDENTIALS)
                          .build());
              long expiresIn =
                  oauth
                      .requestAccessToken(
                          TokenRequest.clientCredentials(
                              client.clientId(), client.clientSecret(), null))
                      .expiresIn();
              assertEquals(300, expiresIn);
            });
  }

  @Test
  @DisplayName("an application's DevicePage bean draws the device page the servlet serves")
  void devicePageBean() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Proauth2AutoConfiguration.class))
        .withUserConfiguration(OwnDevicePage.class)
        .withPropertyValues("proauth2.datastore=memory:", "proauth2.issuer=https://auth.example")
        .run(
            context -> {
              ServletRegistrationBean<?> registration =
                  context.getBean("proauth2Servlet", ServletRegistrationBean.class);
              MockHttpServletRequest request = new MockHttpServletRequest("GET", "/device");
              request.setServletPath("/device");
              MockHttpServletResponse response = new MockHttpServletResponse();
              registration.getServlet().service(request, response);
              assertEquals(200, response.getStatus());
              assertEquals("the application's code form at /device", response.getContentAsString());
            });
  }

  @Test
  @DisplayName(
      "proauth2.device-code-ttl and device-polling-interval are what a device is told to keep to")
  void deviceSettings() {
    runner
        .withPropertyValues(
            "proauth2.datastore=memory:",
            "proauth2.issuer=https://auth.example",
            "proauth2.device-code-ttl=3m",
            "proauth2.device-polling-interval=8s")
        .run(
            context -> {
              Proauth2 oauth = context.getBean(Proauth2.class);
              ClientRegistration tv =
                  oauth.registerApp(
                      RegistrationRequest.builder("tv")
                          .authMethod("none")
                          .grantType(GrantType.DEVICE_CODE)
                          .build());
              DeviceAuthorization started =
                  oauth.requestDeviceAuthorization(tv.clientId(), null, null);
              assertEquals(180, started.expiresIn());
              assertEquals(8, started.interval());
            });
  }

  @Test
  @DisplayName(
      "proauth2.access-token-format=jwt signs JWT access tokens with the key-rotation and algorithm"
          + " given, and the engine publishes its keys")
  void jwtAccessTokens() {
    runner
        .withPropertyValues(
            "proauth2.datastore=memory:",
            "proauth2.issuer=https://auth.example",
            "proauth2.access-token-format=jwt",
            "proauth2.jwt-access-token-ttl=2m",
            "proauth2.signing.key-rotation=1d",
            "proauth2.signing.access-token-algorithm=RS256")
        .run(
            context -> {
              Proauth2 oauth = context.getBean(Proauth2.class);
              ClientRegistration client =
                  oauth.registerApp(
                      RegistrationRequest.builder("m2m")
                          .grantType(GrantType.CLIENT_CREDENTIALS)
                          .build());
              TokenResponse token =
                  oauth.requestAccessToken(
                      TokenRequest.clientCredentials(
                          client.clientId(), client.clientSecret(), null));
              assertEquals(120, token.expiresIn());
              SignedJWT jwt = SignedJWT.parse(token.accessToken());
              assertEquals("RS256", jwt.getHeader().getAlgorithm().getName());
              assertEquals("at+jwt", jwt.getHeader().getType().getType());
              assertEquals(Optional.of("/jwks"), oauth.endpoints().jwks());
              assertEquals(
                  Duration.ofHours(6), oauth.publicKeys().orElseThrow().maxAge(), "a quarter day");
            });
  }

  @Test
  @DisplayName("without proauth2.signing.* or a JWT format, the engine signs nothing")
  void noSigningByDefault() {
    runner
        .withPropertyValues("proauth2.datastore=memory:", "proauth2.issuer=https://auth.example")
        .run(
            context ->
                assertEquals(Optional.empty(), context.getBean(Proauth2.class).publicKeys()));
  }

  @Test
  @DisplayName(
      "a client taken out of proauth2.clients stays until proauth2.removed-clients names it; an id"
          + " both declared and removed stops the start")
  void removedClients() {
    DataStore store = DataStores.open("memory:");
    ApplicationContextRunner onStore =
        runner
            .withBean(DataStore.class, () -> store)
            .withPropertyValues("proauth2.issuer=https://auth.example");
    String secret = "s".repeat(40);
    onStore
        .withPropertyValues(
            "proauth2.clients.a.client-secret=" + secret,
            "proauth2.clients.a.grant-types=client_credentials",
            "proauth2.clients.b.client-secret=" + secret,
            "proauth2.clients.b.grant-types=client_credentials")
        .run(context -> assertTrue(context.getBean(Proauth2.class).findApp("b").isPresent()));
    onStore
        .withPropertyValues(
            "proauth2.clients.a.client-secret=" + secret,
            "proauth2.clients.a.grant-types=client_credentials")
        .run(context -> assertTrue(context.getBean(Proauth2.class).findApp("b").isPresent()));
    onStore
        .withPropertyValues(
            "proauth2.clients.a.client-secret=" + secret,
            "proauth2.clients.a.grant-types=client_credentials",
            "proauth2.removed-clients=b")
        .run(
            context -> {
              Proauth2 oauth = context.getBean(Proauth2.class);
              assertTrue(oauth.findApp("a").isPresent());
              assertFalse(oauth.findApp("b").isPresent());
            });
    onStore
        .withPropertyValues(
            "proauth2.clients.a.client-secret=" + secret,
            "proauth2.clients.a.grant-types=client_credentials",
            "proauth2.removed-clients=a")
        .run(context -> assertTrue(context.getStartupFailure() != null));
    store.close();
  }

  @Test
  @DisplayName("an application's own Proauth2 bean replaces the auto-configured one")
  void backsOff() {
    runner
        .withUserConfiguration(OwnEngine.class)
        .withPropertyValues("proauth2.datastore=memory:")
        .run(
            context -> {
              assertEquals(1, context.getBeansOfType(Proauth2.class).size());
              assertSame(context.getBean("ownEngine"), context.getBean(Proauth2.class));
            });
  }

  @Test
  @DisplayName("without proauth2.datastore the application does not start, and says what to set")
  void noStore() {
    runner.run(
        context -> {
          assertTrue(context.getStartupFailure() != null, "the context must not start");
          Throwable cause = context.getStartupFailure();
          while (cause.getCause() != null) {
            cause = cause.getCause();
          }
          assertTrue(cause.getMessage().contains("proauth2.datastore"), cause.getMessage());
        });
  }

  @Test
  @DisplayName("the health indicator is UP on a store that answers, DOWN on one that fails")
  void health() {
    runner
        .withPropertyValues("proauth2.datastore=memory:")
        .run(
            context ->
                assertEquals(
                    Status.UP,
                    context.getBean(Proauth2HealthIndicator.class).health().getStatus()));
    runner
        .withUserConfiguration(BrokenStore.class)
        .run(
            context -> {
              Health health = context.getBean(Proauth2HealthIndicator.class).health();
              assertEquals(Status.DOWN, health.getStatus());
              assertEquals(
                  DataStoreUnavailableException.class.getName(), health.getDetails().get("error"));
            });
  }

  @Test
  @DisplayName("management.health.proauth2.enabled=false leaves the health indicator out")
  void healthOff() {
    runner
        .withPropertyValues(
            "proauth2.datastore=memory:", "management.health.proauth2.enabled=false")
        .run(context -> assertFalse(context.containsBean("proauth2HealthIndicator")));
  }

  @Test
  @DisplayName(
      "in a servlet application the endpoints are mapped to their paths, and the bearer filter to"
          + " the url-patterns, written as a list or comma-separated")
  void servletRegistrations() {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Proauth2AutoConfiguration.class))
            .withUserConfiguration(SignedOutConsentPage.class)
            .withPropertyValues(
                "proauth2.datastore=memory:",
                "proauth2.issuer=https://auth.example",
                "proauth2.endpoints.token=/oauth2/token",
                "proauth2.endpoints.pushed-authorization-request=/oauth2/par",
                "proauth2.endpoints.device-verification=/oauth2/device",
                "proauth2.endpoints.revocation=");
    web.run(
        context -> {
          ServletRegistrationBean<?> servlet =
              context.getBean("proauth2Servlet", ServletRegistrationBean.class);
          assertEquals(
              Set.of(
                  "/authorize",
                  "/oauth2/token",
                  "/oauth2/par",
                  "/introspect",
                  "/device_authorization",
                  "/oauth2/device",
                  AuthorizationServerMetadata.WELL_KNOWN),
              Set.copyOf(servlet.getUrlMappings()));
          assertFalse(context.containsBean("proauth2BearerTokenFilter"));
        });
    for (String patterns :
        List.of(
            "proauth2.resource-server.url-patterns=/api/*,/me",
            "proauth2.resource-server.url-patterns[0]=/api/*")) {
      web.withPropertyValues(patterns)
          .run(
              context ->
                  assertTrue(
                      context
                          .getBean("proauth2BearerTokenFilter", FilterRegistrationBean.class)
                          .getUrlPatterns()
                          .contains("/api/*"),
                      patterns));
    }
  }

  @Test
  @DisplayName(
      "proauth2.resources reach the engine, and resource-server.resource guards them with the"
          + " metadata path mapped too")
  void resources() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Proauth2AutoConfiguration.class))
        .withUserConfiguration(SignedOutConsentPage.class)
        .withPropertyValues(
            "proauth2.datastore=memory:",
            "proauth2.issuer=https://auth.example",
            "proauth2.resources=https://api.example/mcp,https://api.example/files",
            "proauth2.default-resource=https://api.example/mcp",
            "proauth2.resource-server.url-patterns=/mcp",
            "proauth2.resource-server.resource=https://api.example/mcp")
        .run(
            context -> {
              Proauth2 oauth = context.getBean(Proauth2.class);
              assertEquals(
                  Set.of("https://api.example/mcp", "https://api.example/files"),
                  oauth.capabilities().resources());
              assertEquals(
                  Set.of("/mcp", "/.well-known/oauth-protected-resource/mcp"),
                  Set.copyOf(
                      context
                          .getBean("proauth2BearerTokenFilter", FilterRegistrationBean.class)
                          .getUrlPatterns()));
            });
  }

  /** A host whose users are never signed in: enough to mount the endpoints. */
  @Configuration(proxyBeanMethods = false)
  static class SignedOutConsentPage {
    @Bean
    ConsentPage consentPage() {
      return new ConsentPage() {
        @Override
        public Optional<String> userId(HttpServletRequest request) {
          return Optional.empty();
        }

        @Override
        public void login(HttpServletRequest request, HttpServletResponse response) {
          response.setStatus(403);
        }

        @Override
        public void render(
            ConsentPrompt prompt, HttpServletRequest request, HttpServletResponse response) {
          response.setStatus(403);
        }
      };
    }
  }

  /** A signed-in user, and a device page of the application's own. */
  @Configuration(proxyBeanMethods = false)
  static class OwnDevicePage {
    @Bean
    ConsentPage consentPage() {
      return new ConsentPage() {
        @Override
        public Optional<String> userId(HttpServletRequest request) {
          return Optional.of("alice");
        }

        @Override
        public void login(HttpServletRequest request, HttpServletResponse response) {
          response.setStatus(403);
        }

        @Override
        public void render(
            ConsentPrompt prompt, HttpServletRequest request, HttpServletResponse response) {
          response.setStatus(403);
        }
      };
    }

    @Bean
    DevicePage devicePage() {
      return new DevicePage() {
        @Override
        public void enterCode(
            DeviceCodeForm form, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
          response.getWriter().write("the application's code form at " + form.action());
        }

        @Override
        public void render(
            DevicePrompt prompt, HttpServletRequest request, HttpServletResponse response) {
          response.setStatus(500);
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnEngine {
    @Bean
    Proauth2 ownEngine() {
      return Proauth2.builder().dataStore("memory:").build();
    }
  }

  /** An engine on a store whose backend is down: every call fails as a real outage does. */
  @Configuration(proxyBeanMethods = false)
  static class BrokenStore {
    @Bean
    Proauth2 brokenEngine() {
      return Proauth2.builder().dataStore(new UnreachableStore()).build();
    }
  }

  /** A store whose backend cannot be reached. */
  static final class UnreachableStore implements DataStore {
    private static DataStoreUnavailableException down() {
      return new DataStoreUnavailableException("the backend does not answer", null);
    }

    @Override
    public Optional<Record> fetch(Table table, String key) {
      throw down();
    }

    @Override
    public Optional<Record> put(Table table, Record record) {
      throw down();
    }

    @Override
    public Optional<Record> replace(Table table, Record record) {
      throw down();
    }

    @Override
    public boolean remove(Table table, String key) {
      throw down();
    }

    @Override
    public long removeAll(Table table, String field, String value) {
      throw down();
    }
  }
}

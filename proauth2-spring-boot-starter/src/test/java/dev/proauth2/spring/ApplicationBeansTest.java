package dev.proauth2.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Listener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/** The application's own beans reach the engine, and its patterns are read as it means them. */
class ApplicationBeansTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(Proauth2AutoConfiguration.class))
          .withPropertyValues("proauth2.datastore=memory:");

  @Configuration(proxyBeanMethods = false)
  static class Beans {
    static final List<Proauth2Event> EVENTS = new CopyOnWriteArrayList<>();

    @Bean
    Proauth2Listener events() {
      return EVENTS::add;
    }

    @Bean
    Proauth2BuilderCustomizer shortTokens() {
      return builder -> builder.accessTokenTtl(Duration.ofSeconds(42));
    }
  }

  @Test
  @DisplayName(
      "a Proauth2Listener bean hears the engine, and a customizer bean changes the builder while"
          + " the properties still apply")
  void listenerAndCustomizer() {
    runner
        .withUserConfiguration(Beans.class)
        .withPropertyValues("proauth2.issuer=https://auth.example")
        .run(
            context -> {
              Proauth2 oauth = context.getBean(Proauth2.class);
              var client =
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
              assertEquals(42, expiresIn);
              assertEquals("https://auth.example", oauth.issuer().orElseThrow());
              assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
              assertTrue(
                  Beans.EVENTS.stream().anyMatch(Proauth2Event.TokensIssued.class::isInstance));
            });
  }

  @Test
  @DisplayName(
      "the introspector bean answers a live token with its subject and SCOPE_ authorities, and a"
          + " dead one with BadOpaqueTokenException")
  void introspector() {
    runner
        .withPropertyValues(
            "proauth2.clients.worker.client-secret=worker-secret-worker-secret-worker-01",
            "proauth2.clients.worker.grant-types=client_credentials",
            "proauth2.clients.worker.scopes=orders.read,orders.write")
        .run(
            context -> {
              Proauth2 oauth = context.getBean(Proauth2.class);
              String token =
                  oauth
                      .requestAccessToken(
                          TokenRequest.clientCredentials(
                              "worker", "worker-secret-worker-secret-worker-01", "orders.read"))
                      .accessToken();
              OpaqueTokenIntrospector introspector = context.getBean(OpaqueTokenIntrospector.class);
              assertInstanceOf(Proauth2OpaqueTokenIntrospector.class, introspector);
              OAuth2AuthenticatedPrincipal principal = introspector.introspect(token);
              assertEquals("worker", principal.getName());
              assertEquals(
                  List.of("SCOPE_orders.read"),
                  principal.getAuthorities().stream().map(Object::toString).toList());
              oauth.revokeToken(token);
              assertThrows(BadOpaqueTokenException.class, () -> introspector.introspect(token));
            });
  }

  @Test
  @DisplayName("grant-types takes the device grant's URI and an installed extension grant's URI")
  void grantTypeUris() {
    runner
        .withPropertyValues(
            "proauth2.clients.tv.auth-method=none",
            "proauth2.clients.tv.grant-types=urn:ietf:params:oauth:grant-type:device_code",
            "proauth2.clients.svc.client-secret=svc-secret-svc-secret-svc-secret-svc-01",
            "proauth2.clients.svc.grant-types=urn:ietf:params:oauth:grant-type:token-exchange")
        .run(
            context -> {
              Proauth2 oauth = context.getBean(Proauth2.class);
              assertEquals(
                  List.of(dev.proauth2.GrantType.DEVICE_CODE),
                  oauth.findApp("tv").orElseThrow().grantTypes());
              assertEquals(
                  8, oauth.requestDeviceAuthorization("tv", null, null).userCode().length() - 1);
              assertEquals(
                  List.of("urn:ietf:params:oauth:grant-type:token-exchange"),
                  oauth.findApp("svc").orElseThrow().extensionGrantTypes());
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class StoreDown {
    @Bean
    DataStore unreachable() {
      return new AutoConfigurationTest.UnreachableStore();
    }
  }

  @Test
  @DisplayName(
      "a store that does not answer at start, and a missing ConsentPage bean, are each reported"
          + " with what to do")
  void failureAnalysis() {
    Proauth2FailureAnalyzer analyzer = new Proauth2FailureAnalyzer();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Proauth2AutoConfiguration.class))
        .withUserConfiguration(StoreDown.class)
        .withPropertyValues(
            "proauth2.clients.worker.client-secret=worker-secret-worker-secret-worker-01",
            "proauth2.clients.worker.grant-types=client_credentials")
        .run(
            context -> {
              FailureAnalysis analysis = analyzer.analyze(context.getStartupFailure());
              assertTrue(analysis.getDescription().contains("store did not answer"));
              assertTrue(analysis.getAction().contains("proauth2.datastore"));
            });
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Proauth2AutoConfiguration.class))
        .withPropertyValues("proauth2.datastore=memory:", "proauth2.issuer=https://auth.example")
        .run(
            context -> {
              FailureAnalysis analysis = analyzer.analyze(context.getStartupFailure());
              assertTrue(analysis.getDescription().contains("no ConsentPage bean"));
              assertTrue(analysis.getAction().contains("dev.proauth2.servlet.ConsentPage"));
            });
  }

  @Test
  @DisplayName(
      "Spring's /api/** becomes the servlet's /api/*, which guards /api and all below it; exact"
          + " paths and extensions stay as written")
  void springPatterns() {
    UrlPatterns patterns =
        UrlPatterns.of(List.of("/api/**", "/me", "*.json", "/**"), "proauth2.resource-server.x");
    assertEquals(List.of("/api/*", "/me", "*.json", "/*"), patterns.servletPatterns());
    UrlPatterns api = UrlPatterns.of(List.of("/api/**"), "p");
    assertTrue(api.matches("/api"));
    assertTrue(api.matches("/api/orders/1"));
    assertFalse(api.matches("/apix"));
    assertFalse(api.matches("/me"));
  }

  @Test
  @DisplayName(
      "a pattern a servlet filter cannot honour is refused, naming the property and the accepted"
          + " syntax")
  void unguardablePatterns() {
    for (String pattern : List.of("/api/*/orders", "/api/{id}", "api/**", "/a/**/b", "/api?", "")) {
      Proauth2StartupException refused =
          assertThrows(
              Proauth2StartupException.class,
              () -> UrlPatterns.of(List.of(pattern), "proauth2.resource-server.url-patterns"),
              pattern);
      assertTrue(refused.getMessage().contains("proauth2.resource-server.url-patterns"));
      assertTrue(refused.action().contains("/api/**"));
    }
  }
}

package dev.proauth2.spring;

import dev.proauth2.AccessTokenFormat;
import dev.proauth2.ClientIdMetadataDocuments;
import dev.proauth2.KeyEncryptionKeys;
import dev.proauth2.Proauth2;
import dev.proauth2.datastore.jdbc.JdbcDataStores;
import dev.proauth2.endpoint.ProtectedResource;
import dev.proauth2.endpoint.RegistrationPolicy;
import dev.proauth2.jose.JoseDPoP;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.jose.ManagedSigningKeys;
import dev.proauth2.micrometer.MicrometerListener;
import dev.proauth2.oidc.OpenIdProvider;
import dev.proauth2.servlet.BearerTokenFilter;
import dev.proauth2.servlet.ConsentPage;
import dev.proauth2.servlet.DevicePage;
import dev.proauth2.servlet.Proauth2Servlet;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Listener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Builds the application's one {@link Proauth2} from {@code proauth2.*} properties, unless the
 * application defines its own, and, in a servlet web application, serves the endpoints with {@link
 * Proauth2Servlet} and the application's {@link ConsentPage} bean.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@EnableConfigurationProperties(Proauth2Properties.class)
public class Proauth2AutoConfiguration {

  /** The default window of {@code proauth2.client-failure-limit}, the engine's own default. */
  private static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

  /** The default of {@code proauth2.client-failure-limit}, the engine's own default. */
  private static final int FAILURE_LIMIT = 10;

  /** The bearer filter's order: just before Spring Security's, at -100. */
  static final int BEFORE_SPRING_SECURITY = -101;

  /**
   * The engine, closed with the application context: {@code proauth2.*} properties first, then the
   * application's {@link Proauth2BuilderCustomizer} beans, its {@link Proauth2Listener} beans as
   * listeners, and then the declared clients of {@code proauth2.clients}.
   *
   * @throws Proauth2StartupException when there is no store, or a declared client is refused; an
   *     engine already built is closed first, so nothing is left running
   */
  @Bean
  @ConditionalOnMissingBean
  public Proauth2 proauth2(
      Proauth2Properties properties,
      ObjectProvider<DataStore> dataStore,
      ObjectProvider<Proauth2Listener> listeners,
      ObjectProvider<Proauth2BuilderCustomizer> customizers) {
    boolean configString =
        properties.getDatastore() != null && !properties.getDatastore().isBlank();
    DataStore store = configString ? null : dataStore.getIfAvailable();
    if (!configString && store == null) {
      throw new Proauth2StartupException(
          "proauth2 needs a store, and neither proauth2.datastore nor a DataSource for the JDBC"
              + " store is there.",
          "Set proauth2.datastore, such as proauth2.datastore=memory: or"
              + " proauth2.datastore=redis://cache:6379/0; or add dev.proauth2:datastore-jdbc and"
              + " a DataSource (spring.datasource.url) to keep proauth2's tables in your database.");
    }
    Proauth2.Builder builder =
        Proauth2.builder()
            .issuer(properties.getIssuer())
            .requirePkce(properties.isRequirePkce())
            .allowPlainPkce(properties.isAllowPlainPkce())
            .discoverListeners(properties.isDiscoverListeners());
    if (configString) {
      builder.dataStore(properties.getDatastore());
    } else {
      builder.dataStore(store);
    }
    // The endpoints are set once, on the engine: the servlet, the metadata and client assertions
    // all read them from there.
    Proauth2Properties.Endpoints paths = properties.getEndpoints();
    builder
        .authorizationEndpoint(paths.getAuthorization())
        .tokenEndpoint(paths.getToken())
        .introspectionEndpoint(blankToNull(paths.getIntrospection()))
        .revocationEndpoint(blankToNull(paths.getRevocation()))
        .registrationEndpoint(blankToNull(paths.getRegistration()))
        .jwksEndpoint(paths.getJwks())
        .pushedAuthorizationRequestEndpoint(blankToNull(paths.getPushedAuthorizationRequest()))
        .deviceAuthorizationEndpoint(paths.getDeviceAuthorization())
        .deviceVerificationUri(paths.getDeviceVerification())
        .requirePushedAuthorizationRequests(properties.isRequirePushedAuthorizationRequests());
    builder.accessTokenFormat(AccessTokenFormat.of(properties.getAccessTokenFormat()));
    if (properties.getJwtAccessTokenTtl() != null) {
      builder.jwtAccessTokenTtl(properties.getJwtAccessTokenTtl());
    }
    Proauth2Properties.ClientIdMetadataDocuments documents =
        properties.getClientIdMetadataDocuments();
    if (documents.isEnabled()) {
      ClientIdMetadataDocuments.Builder settings = ClientIdMetadataDocuments.builder();
      if (blankToNull(documents.getScopes()) != null) {
        settings.scopes(documents.getScopes());
      }
      builder.clientIdMetadataDocuments(settings.build());
    }
    properties.getResources().forEach(builder::resource);
    if (properties.getDefaultResource() != null) {
      builder.defaultResource(properties.getDefaultResource());
    }
    if (properties.getCodeTtl() != null) {
      builder.codeTtl(properties.getCodeTtl());
    }
    if (properties.getAccessTokenTtl() != null) {
      builder.accessTokenTtl(properties.getAccessTokenTtl());
    }
    if (properties.getRefreshTokenTtl() != null) {
      builder.refreshTokenTtl(properties.getRefreshTokenTtl());
    }
    if (properties.getDeviceCodeTtl() != null) {
      builder.deviceCodeTtl(properties.getDeviceCodeTtl());
    }
    if (properties.getDevicePollingInterval() != null) {
      builder.devicePollingInterval(properties.getDevicePollingInterval());
    }
    if (properties.getClientFailureLimit() != null || properties.getClientFailureWindow() != null) {
      builder.clientFailureLimit(
          properties.getClientFailureLimit() != null
              ? properties.getClientFailureLimit()
              : FAILURE_LIMIT,
          properties.getClientFailureWindow() != null
              ? properties.getClientFailureWindow()
              : FAILURE_WINDOW);
    }
    listeners.orderedStream().forEach(builder::listener);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    Proauth2 oauth = builder.build();
    try {
      DeclaredClients.apply(oauth, properties.getClients(), properties.getRemovedClients());
    } catch (RuntimeException e) {
      oauth.close();
      throw e;
    }
    return oauth;
  }

  /**
   * The JDBC store on the application's DataSource, when {@code proauth2.datastore} is unset:
   * Boot's pool, its settings and its {@code hikaricp_*} meters. Closed with the context, after the
   * engine; the DataSource stays the application's.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({JdbcDataStores.class, DataSource.class})
  @ConditionalOnBean(DataSource.class)
  @Conditional(DatastoreUnset.class)
  static class ApplicationDataSource {

    @Bean
    @ConditionalOnMissingBean(DataStore.class)
    DataStore proauth2DataStore(DataSource dataSource) {
      return JdbcDataStores.builder(dataSource).build();
    }
  }

  /**
   * proauth2's meters in the application's {@code MeterRegistry}: the listener is a {@code
   * MeterBinder}, which Boot binds to every registry, and a {@link Proauth2Listener} bean, which
   * the engine hears through.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MicrometerListener.class, MeterRegistry.class})
  @ConditionalOnBean(MeterRegistry.class)
  static class Metrics {

    @Bean
    @ConditionalOnMissingBean
    MicrometerListener proauth2MicrometerListener() {
      return new MicrometerListener();
    }
  }

  /**
   * Signing from {@code proauth2.signing.*}, when proauth2-jose is on the class path: managed keys
   * rotated every {@code key-rotation}, JWT access tokens signed with {@code
   * access-token-algorithm}. It runs before the application's customizers, which may replace it.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(JoseSigning.class)
  static class Signing {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    Proauth2BuilderCustomizer proauth2Signing(Proauth2Properties properties) {
      return builder -> {
        Proauth2Properties.Signing signing = properties.getSigning();
        boolean jwt =
            AccessTokenFormat.of(properties.getAccessTokenFormat()) == AccessTokenFormat.JWT;
        if (!signing.isEnabled() && !jwt) {
          return;
        }
        builder.signing(
            JoseSigning.builder()
                .keys(ManagedSigningKeys.rotatingEvery(signing.getKeyRotation()))
                .accessTokenAlgorithm(signing.getAccessTokenAlgorithm())
                .build());
        if (blankToNull(signing.getKeyEncryptionKey()) != null) {
          builder.keyEncryptionKey(KeyEncryptionKeys.parse(signing.getKeyEncryptionKey()));
        }
      };
    }
  }

  /**
   * OpenID Connect, when proauth2-oidc is on the class path and the application defines an {@code
   * OpenIdProvider} bean: the provider is applied to the engine (its signer replaces the one of
   * {@code proauth2.signing.*}) and the servlet serves UserInfo, logout and discovery.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(OpenIdProvider.class)
  @ConditionalOnBean(OpenIdProvider.class)
  static class OpenId {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    Proauth2BuilderCustomizer proauth2OpenId(OpenIdProvider provider) {
      return provider::applyTo;
    }

    @Bean
    Proauth2ServletCustomizer proauth2OpenIdRoutes(OpenIdProvider provider) {
      return servlet -> servlet.openId(provider);
    }
  }

  /**
   * DPoP from {@code proauth2.dpop.*}, when proauth2-jose is on the class path: proofs checked by
   * {@code JoseDPoP}, an optional proof window and server nonces.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(JoseDPoP.class)
  static class DPoP {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    Proauth2BuilderCustomizer proauth2Dpop(Proauth2Properties properties) {
      return builder -> {
        Proauth2Properties.Dpop dpop = properties.getDpop();
        if (!dpop.isEnabled()) {
          return;
        }
        builder.dpop(JoseDPoP.verifier());
        if (dpop.getProofWindow() != null) {
          builder.dpopProofWindow(dpop.getProofWindow());
        }
        builder.dpopNonces(dpop.getNonceLifetime());
      };
    }
  }

  /** Spring Security's resource server on the engine in-process, when Spring Security is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(OpaqueTokenIntrospector.class)
  static class Security {

    @Bean
    @ConditionalOnMissingBean
    Proauth2OpaqueTokenIntrospector proauth2OpaqueTokenIntrospector(
        Proauth2 oauth, Proauth2Properties properties) {
      return new Proauth2OpaqueTokenIntrospector(
          oauth, blankToNull(properties.getResourceServer().getResource()));
    }
  }

  /** The endpoints and the resource-server filter, in a servlet web application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({ServletRegistrationBean.class, Proauth2Servlet.class})
  static class Endpoints {

    /**
     * Every endpoint in one servlet, mapped to exactly the paths it answers.
     *
     * @param consentPage the application's login and consent page; the application must define one
     * @param devicePage the application's device verification page, if it defines one; the servlet
     *     draws a plain one otherwise
     */
    @Bean
    @ConditionalOnMissingBean(name = "proauth2Servlet")
    ServletRegistrationBean<Proauth2Servlet> proauth2Servlet(
        Proauth2 oauth,
        Proauth2Properties properties,
        ConsentPage consentPage,
        ObjectProvider<DevicePage> devicePage,
        ObjectProvider<RegistrationPolicy> registrationPolicy,
        ObjectProvider<Proauth2ServletCustomizer> servletCustomizers) {
      if (oauth.issuer().isEmpty()) {
        throw new Proauth2StartupException(
            "proauth2 serves its endpoints and their metadata document (RFC 8414), which name the"
                + " issuer, and proauth2.issuer is not set.",
            "Set proauth2.issuer to the URL clients reach this application at, such as"
                + " proauth2.issuer=https://auth.example (or http://localhost:8080 on your"
                + " machine).");
      }
      Proauth2Servlet.Builder builder =
          Proauth2Servlet.builder(oauth, consentPage)
              .scopesSupported(properties.getScopesSupported())
              .registrationPolicy(registrationPolicy.getIfAvailable(RegistrationPolicy::strict));
      devicePage.ifAvailable(builder::devicePage);
      servletCustomizers.orderedStream().forEach(customizer -> customizer.customize(builder));
      Proauth2Servlet servlet = builder.build();
      ServletRegistrationBean<Proauth2Servlet> registration =
          new ServletRegistrationBean<>(servlet, servlet.paths().toArray(String[]::new));
      registration.setName("proauth2");
      return registration;
    }

    /**
     * Checks bearer tokens on {@code proauth2.resource-server.url-patterns}; with {@code
     * proauth2.resource-server.resource}, only tokens issued for that resource, and the filter
     * serves its metadata too.
     */
    @Bean
    @Conditional(UrlPatternsSet.class)
    @ConditionalOnMissingBean(name = "proauth2BearerTokenFilter")
    FilterRegistrationBean<BearerTokenFilter> proauth2BearerTokenFilter(
        Proauth2 oauth, Proauth2Properties properties) {
      String resource = properties.getResourceServer().getResource();
      List<String> patterns =
          new ArrayList<>(
              UrlPatterns.of(
                      properties.getResourceServer().getUrlPatterns(),
                      "proauth2.resource-server.url-patterns")
                  .servletPatterns());
      ProtectedResource guard;
      if (resource == null || resource.isBlank()) {
        guard = ProtectedResource.unbound(oauth, oauth.issuer().orElse("proauth2"));
      } else {
        guard = ProtectedResource.builder(oauth, resource).build();
        patterns.add(guard.wellKnownPath());
      }
      FilterRegistrationBean<BearerTokenFilter> registration =
          new FilterRegistrationBean<>(new BearerTokenFilter(guard));
      registration.setUrlPatterns(patterns);
      registration.setName("proauth2BearerTokenFilter");
      // Before Spring Security's filter chain (order -100): a guarded path without a live token is
      // refused here, whatever the application's security rules say.
      registration.setOrder(BEFORE_SPRING_SECURITY);
      return registration;
    }
  }

  /**
   * Whether {@code proauth2.resource-server.url-patterns} names at least one pattern, written as a
   * list or as one comma-separated value: a filter registration without patterns would guard every
   * path.
   */
  static final class UrlPatternsSet extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      boolean set =
          Binder.get(context.getEnvironment())
              .bind("proauth2.resource-server.url-patterns", Bindable.listOf(String.class))
              .map(patterns -> !patterns.isEmpty())
              .orElse(false);
      return set
          ? ConditionOutcome.match("proauth2.resource-server.url-patterns is set")
          : ConditionOutcome.noMatch("proauth2.resource-server.url-patterns is not set");
    }
  }

  /**
   * Whether {@code proauth2.datastore} is unset or blank: then the application's DataSource is
   * used.
   */
  static final class DatastoreUnset extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      String datastore = context.getEnvironment().getProperty("proauth2.datastore");
      return datastore == null || datastore.isBlank()
          ? ConditionOutcome.match("proauth2.datastore is not set")
          : ConditionOutcome.noMatch("proauth2.datastore is set");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

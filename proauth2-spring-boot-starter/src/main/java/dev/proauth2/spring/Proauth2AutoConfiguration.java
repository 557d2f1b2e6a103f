package dev.proauth2.spring;

import dev.proauth2.ClientIdMetadataDocuments;
import dev.proauth2.Proauth2;
import dev.proauth2.endpoint.ProtectedResource;
import dev.proauth2.endpoint.RegistrationPolicy;
import dev.proauth2.servlet.BearerTokenFilter;
import dev.proauth2.servlet.ConsentPage;
import dev.proauth2.servlet.Proauth2Servlet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
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
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Builds the application's one {@link Proauth2} from {@code proauth2.*} properties, unless the
 * application defines its own, and, in a servlet web application, serves the endpoints with {@link
 * Proauth2Servlet} and the application's {@link ConsentPage} bean.
 */
@AutoConfiguration
@EnableConfigurationProperties(Proauth2Properties.class)
public class Proauth2AutoConfiguration {

  /** The default window of {@code proauth2.client-failure-limit}, the engine's own default. */
  private static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

  /** The default of {@code proauth2.client-failure-limit}, the engine's own default. */
  private static final int FAILURE_LIMIT = 10;

  /**
   * The engine, closed with the application context.
   *
   * @throws IllegalStateException when {@code proauth2.datastore} is not set
   */
  @Bean
  @ConditionalOnMissingBean
  public Proauth2 proauth2(Proauth2Properties properties) {
    if (properties.getDatastore() == null || properties.getDatastore().isBlank()) {
      throw new IllegalStateException(
          "proauth2 needs a store: set the property proauth2.datastore, such as"
              + " proauth2.datastore=memory: or proauth2.datastore=redis://cache:6379/0,"
              + " or define your own Proauth2 bean");
    }
    Proauth2.Builder builder =
        Proauth2.builder()
            .dataStore(properties.getDatastore())
            .issuer(properties.getIssuer())
            .requirePkce(properties.isRequirePkce())
            .allowPlainPkce(properties.isAllowPlainPkce());
    // The endpoints are set once, on the engine: the servlet, the metadata and client assertions
    // all read them from there.
    Proauth2Properties.Endpoints paths = properties.getEndpoints();
    builder
        .authorizationEndpoint(paths.getAuthorization())
        .tokenEndpoint(paths.getToken())
        .introspectionEndpoint(blankToNull(paths.getIntrospection()))
        .revocationEndpoint(blankToNull(paths.getRevocation()))
        .registrationEndpoint(blankToNull(paths.getRegistration()));
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
    if (properties.getClientFailureLimit() != null || properties.getClientFailureWindow() != null) {
      builder.clientFailureLimit(
          properties.getClientFailureLimit() != null
              ? properties.getClientFailureLimit()
              : FAILURE_LIMIT,
          properties.getClientFailureWindow() != null
              ? properties.getClientFailureWindow()
              : FAILURE_WINDOW);
    }
    return builder.build();
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
     */
    @Bean
    @ConditionalOnMissingBean(name = "proauth2Servlet")
    ServletRegistrationBean<Proauth2Servlet> proauth2Servlet(
        Proauth2 oauth,
        Proauth2Properties properties,
        ConsentPage consentPage,
        ObjectProvider<RegistrationPolicy> registrationPolicy) {
      Proauth2Servlet servlet =
          Proauth2Servlet.builder(oauth, consentPage)
              .scopesSupported(properties.getScopesSupported())
              .registrationPolicy(registrationPolicy.getIfAvailable(RegistrationPolicy::strict))
              .build();
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
      List<String> patterns = new ArrayList<>(properties.getResourceServer().getUrlPatterns());
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

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

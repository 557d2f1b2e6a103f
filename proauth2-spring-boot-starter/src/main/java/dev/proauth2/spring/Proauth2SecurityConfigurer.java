package dev.proauth2.spring;

import dev.proauth2.Endpoints;
import dev.proauth2.Proauth2;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * Fits proauth2's endpoints into the application's {@code SecurityFilterChain} with one call, as
 * Spring Authorization Server's configurer does:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
 *     .formLogin(Customizer.withDefaults())
 *     .with(Proauth2SecurityConfigurer.authorizationServer(), Customizer.withDefaults());
 * }</pre>
 *
 * <ul>
 *   <li>The token, introspection, revocation and registration endpoints and the metadata document
 *       are open to every caller, whatever the application's own rules say (they authenticate
 *       clients themselves); the authorization endpoint and the device grant's verification page
 *       need a signed-in user, so Spring Security sends the browser to the login page and, once
 *       signed in, back to the request it saved.
 *   <li>CSRF protection leaves proauth2's endpoints to proauth2 (its consent and device forms carry
 *       their own guard) and the bearer-token APIs of {@code proauth2.resource-server.url-patterns}
 *       alone.
 *   <li>Only a browser's GET outside those endpoints and APIs is saved for after the login.
 *   <li>Unless the chain already configures a resource server, the guarded APIs get Spring's
 *       resource server on {@link Proauth2OpaqueTokenIntrospector}: {@code SCOPE_} authorities and
 *       {@code @PreAuthorize} work there.
 * </ul>
 */
public final class Proauth2SecurityConfigurer
    extends AbstractHttpConfigurer<Proauth2SecurityConfigurer, HttpSecurity> {

  private static final boolean RESOURCE_SERVER =
      ClassUtils.isPresent(
          "org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector",
          Proauth2SecurityConfigurer.class.getClassLoader());

  private Proauth2SecurityConfigurer() {}

  /** The configurer, for {@code http.with(...)}. */
  public static Proauth2SecurityConfigurer authorizationServer() {
    return new Proauth2SecurityConfigurer();
  }

  @Override
  public void init(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    Proauth2 oauth = context.getBean(Proauth2.class);
    Proauth2Properties properties = context.getBean(Proauth2Properties.class);
    Set<String> endpoints = endpointPaths(context, oauth);
    // The pages a user answers, the consent of /authorize and the device grant's verification
    // page, where proauth2 serves them; a full URL is another application's page, left alone.
    Set<String> signInPaths = new HashSet<>();
    for (String page :
        List.of(oauth.endpoints().authorization(), oauth.endpoints().deviceVerification())) {
      if (Endpoints.isPath(page) && endpoints.contains(page)) {
        signInPaths.add(page);
      }
    }
    UrlPatterns apis =
        UrlPatterns.of(
            properties.getResourceServer().getUrlPatterns(),
            "proauth2.resource-server.url-patterns");

    RequestMatcher open =
        request -> {
          String path = pathWithin(request);
          return endpoints.contains(path) && !signInPaths.contains(path);
        };
    RequestMatcher authorize = request -> signInPaths.contains(pathWithin(request));
    RequestMatcher api = apis::matches;

    http.csrf(
        csrf ->
            csrf.ignoringRequestMatchers(
                r -> open.matches(r) || authorize.matches(r) || api.matches(r)));

    AuthorizeHttpRequestsConfigurer<?> rules =
        http.getConfigurer(AuthorizeHttpRequestsConfigurer.class);
    if (rules != null) {
      rules.withObjectPostProcessor(new EndpointRules(open, authorize));
    }

    if (http.getSharedObject(RequestCache.class) == null) {
      HttpSessionRequestCache cache = new HttpSessionRequestCache();
      cache.setRequestMatcher(
          request ->
              "GET".equals(request.getMethod())
                  && !"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
                  && !open.matches(request)
                  && !api.matches(request));
      http.requestCache(requests -> requests.requestCache(cache));
    }

    if (RESOURCE_SERVER
        && !apis.servletPatterns().isEmpty()
        && http.getConfigurer(OAuth2ResourceServerConfigurer.class) == null) {
      ObjectProvider<OpaqueTokenIntrospector> introspector =
          context.getBeanProvider(OpaqueTokenIntrospector.class);
      OpaqueTokenIntrospector chosen =
          introspector.getIfAvailable(
              () ->
                  new Proauth2OpaqueTokenIntrospector(
                      oauth, properties.getResourceServer().getResource()));
      http.oauth2ResourceServer(
          resourceServer -> resourceServer.opaqueToken(opaque -> opaque.introspector(chosen)));
    }
  }

  /** Every path proauth2's servlet answers, as mapped; from the engine when it is not mapped. */
  private static Set<String> endpointPaths(ApplicationContext context, Proauth2 oauth) {
    Set<String> paths = new HashSet<>();
    if (context.containsBean("proauth2Servlet")
        && context.getBean("proauth2Servlet") instanceof ServletRegistrationBean<?> servlet) {
      paths.addAll(servlet.getUrlMappings());
      return paths;
    }
    addPath(paths, oauth.endpoints().authorization());
    addPath(paths, oauth.endpoints().token());
    oauth.endpoints().introspection().ifPresent(endpoint -> addPath(paths, endpoint));
    oauth.endpoints().revocation().ifPresent(endpoint -> addPath(paths, endpoint));
    oauth.endpoints().registration().ifPresent(endpoint -> addPath(paths, endpoint));
    oauth.endpoints().pushedAuthorizationRequest().ifPresent(endpoint -> addPath(paths, endpoint));
    addPath(paths, oauth.endpoints().deviceAuthorization());
    addPath(paths, oauth.endpoints().deviceVerification());
    paths.add(AuthorizationServerMetadata.WELL_KNOWN);
    return paths;
  }

  /** Adds an endpoint this application serves: a path; a full URL is served elsewhere. */
  private static void addPath(Set<String> paths, String endpoint) {
    if (Endpoints.isPath(endpoint)) {
      paths.add(endpoint);
    }
  }

  private static String pathWithin(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  /**
   * Puts proauth2's rules before the application's, wherever {@code with(...)} was called: the open
   * endpoints are granted, the authorization endpoint needs a signed-in user, and every other
   * request is the application's rules' to decide.
   */
  private static final class EndpointRules
      implements ObjectPostProcessor<AuthorizationManager<HttpServletRequest>> {

    private final RequestMatcher open;
    private final RequestMatcher authorize;

    EndpointRules(RequestMatcher open, RequestMatcher authorize) {
      this.open = open;
      this.authorize = authorize;
    }

    @Override
    public <O extends AuthorizationManager<HttpServletRequest>> O postProcess(O rules) {
      AuthorizationManager<HttpServletRequest> signedIn =
          AuthenticatedAuthorizationManager.authenticated();
      AuthorizationManager<HttpServletRequest> ordered =
          new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(
                Supplier<? extends Authentication> authentication, HttpServletRequest request) {
              if (open.matches(request)) {
                return new AuthorizationDecision(true);
              }
              if (authorize.matches(request)) {
                return signedIn.authorize(authentication, request);
              }
              return rules.authorize(authentication, request);
            }
          };
      @SuppressWarnings("unchecked")
      O wrapped = (O) ordered;
      return wrapped;
    }
  }
}

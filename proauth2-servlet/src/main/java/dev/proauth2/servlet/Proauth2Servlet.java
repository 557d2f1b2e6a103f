package dev.proauth2.servlet;

import dev.proauth2.Endpoints;
import dev.proauth2.Proauth2;
import dev.proauth2.endpoint.AuthorizationCheck;
import dev.proauth2.endpoint.AuthorizationEndpoint;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.endpoint.DeviceAuthorizationEndpoint;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.IntrospectionEndpoint;
import dev.proauth2.endpoint.JwksEndpoint;
import dev.proauth2.endpoint.PushedAuthorizationEndpoint;
import dev.proauth2.endpoint.RegistrationEndpoint;
import dev.proauth2.endpoint.RegistrationPolicy;
import dev.proauth2.endpoint.RequestBody;
import dev.proauth2.endpoint.RevocationEndpoint;
import dev.proauth2.endpoint.TokenEndpoint;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every proauth2 endpoint in one servlet: {@code /authorize}, {@code /token}, {@code /introspect},
 * {@code /revoke}, {@code /par}, the device grant's {@code /device_authorization} and its
 * verification page {@code /device}, {@code /jwks} when the engine signs, optionally {@code
 * /register}, and the RFC 8414 metadata document, which advertises exactly the paths this servlet
 * answers. Map it to each of {@link #paths()} (or to {@code /*}):
 *
 * <pre>{@code
 * Proauth2Servlet servlet = Proauth2Servlet.builder(oauth, new MyConsentPage()).build();
 * servletContext.addServlet("proauth2", servlet).addMapping(servlet.paths().toArray(String[]::new));
 * }</pre>
 *
 * <p>One servlet rather than one per endpoint, so the paths are configured once and the metadata
 * document cannot disagree with the mapping. The consent step is built in: the host's {@link
 * ConsentPage} only says who is signed in and draws the page, and the answer is acted on only with
 * the page's one-time {@link ConsentGuard} nonce, bound to the {@link HttpSession} and checked
 * against {@code Origin} and {@code Sec-Fetch-Site}; the device verification page ({@link
 * DevicePage}) is guarded the same way.
 */
public final class Proauth2Servlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private static final System.Logger LOG = System.getLogger(Proauth2Servlet.class.getName());

  private final transient Map<String, Route> routes;
  private final transient ConsentPage consentPage;
  private final transient AuthorizationEndpoint authorization;
  private final transient ConsentGuard guard;

  /** OpenID Connect, when the host added it; {@code null} otherwise. */
  private final transient OpenIdRoutes openId;

  /** What a path leads to. */
  private interface Route {
    void serve(HttpServletRequest req, HttpServletResponse resp, EndpointRequest request)
        throws IOException;
  }

  private Proauth2Servlet(Builder builder) {
    Proauth2 oauth = builder.oauth;
    this.consentPage = builder.consentPage;
    this.authorization = new AuthorizationEndpoint(oauth);
    this.guard = builder.guard;
    AuthorizationServerMetadata metadata =
        AuthorizationServerMetadata.builder(oauth).scopesSupported(builder.scopesSupported).build();
    // Every path comes from the engine, which the metadata and client assertions read too; an
    // endpoint set to a full URL is served elsewhere, so this servlet leaves it out.
    Endpoints endpoints = oauth.endpoints();
    TokenEndpoint token = new TokenEndpoint(oauth);
    Map<String, Route> routes = new LinkedHashMap<>();
    add(routes, endpoints.authorization(), this::authorize);
    add(routes, endpoints.token(), (req, resp, request) -> send(resp, token.handle(request)));
    DeviceAuthorizationEndpoint devices = new DeviceAuthorizationEndpoint(oauth);
    add(
        routes,
        endpoints.deviceAuthorization(),
        (req, resp, request) -> send(resp, devices.handle(request)));
    DeviceRoute device = new DeviceRoute(oauth, guard, consentPage, builder.devicePage);
    add(routes, endpoints.deviceVerification(), device::serve);
    endpoints
        .introspection()
        .ifPresent(
            path -> {
              IntrospectionEndpoint introspection = new IntrospectionEndpoint(oauth);
              add(routes, path, (req, resp, request) -> send(resp, introspection.handle(request)));
            });
    endpoints
        .revocation()
        .ifPresent(
            path -> {
              RevocationEndpoint revocation = new RevocationEndpoint(oauth);
              add(routes, path, (req, resp, request) -> send(resp, revocation.handle(request)));
            });
    endpoints
        .registration()
        .ifPresent(
            path -> {
              RegistrationEndpoint registration =
                  new RegistrationEndpoint(oauth, builder.registrationPolicy);
              add(routes, path, (req, resp, request) -> send(resp, registration.handle(request)));
            });
    endpoints
        .pushedAuthorizationRequest()
        .ifPresent(
            path -> {
              PushedAuthorizationEndpoint par = new PushedAuthorizationEndpoint(oauth);
              add(routes, path, (req, resp, request) -> send(resp, par.handle(request)));
            });
    Route document = (req, resp, request) -> send(resp, metadata.handle(request));
    endpoints
        .jwks()
        .ifPresent(
            path -> {
              JwksEndpoint jwks = new JwksEndpoint(oauth);
              add(routes, path, (req, resp, request) -> send(resp, jwks.handle(request)));
            });
    add(routes, AuthorizationServerMetadata.WELL_KNOWN, document);
    if (!metadata.wellKnownPath().equals(AuthorizationServerMetadata.WELL_KNOWN)) {
      add(routes, metadata.wellKnownPath(), document);
    }
    this.openId = builder.openId == null ? null : new OpenIdRoutes(oauth, builder.openId);
    if (openId != null) {
      openId.addTo(metadata, (path, endpoint) -> add(routes, path, endpoint::serve));
    }
    this.routes = Map.copyOf(routes);
  }

  private static void add(Map<String, Route> routes, String path, Route route) {
    if (!Endpoints.isPath(path)) {
      return;
    }
    if (routes.putIfAbsent(path, route) != null) {
      throw new IllegalArgumentException("two endpoints share the path " + path);
    }
  }

  /**
   * Starts a servlet for an engine built with an issuer, with the host's login and consent page.
   */
  public static Builder builder(Proauth2 oauth, ConsentPage consentPage) {
    return new Builder(oauth, consentPage);
  }

  /** Every path this servlet answers, to map it to. */
  public Set<String> paths() {
    return routes.keySet();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    Route route = routes.get(path);
    if (route == null) {
      send(resp, ServletExchange.text(404, "not found\n"));
      return;
    }
    EndpointRequest request;
    try {
      request = ServletExchange.read(req);
    } catch (RequestBody.Refused e) {
      send(resp, e.response());
      return;
    }
    try {
      route.serve(req, resp, request);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "proauth2 endpoint " + path + " failed", e);
      if (!resp.isCommitted()) {
        resp.reset();
        send(resp, EndpointResponse.error(500, "server_error", "the server failed; try again"));
      }
    }
  }

  /**
   * {@code GET} (or a {@code POST} without an answer) asks the host's page for consent; a {@code
   * POST} with {@value ConsentPrompt#CONSENT} is acted on only when {@link ConsentGuard} accepts
   * it.
   */
  private void authorize(HttpServletRequest req, HttpServletResponse resp, EndpointRequest request)
      throws IOException {
    AuthorizationCheck check = authorization.check(request);
    if (!check.isValid()) {
      send(resp, check.errorResponse().orElseThrow());
      return;
    }
    Optional<String> user = consentPage.userId(req);
    if (openId != null && check.isOpenId()) {
      Optional<OpenIdRoutes.Answer> answered =
          openId.beforeConsent(
              authorization,
              check,
              request,
              user.orElse(null),
              user.isEmpty() ? dev.proauth2.SignIn.unknown() : consentPage.signIn(req),
              () -> consentPage.consented(req, check));
      if (answered.isPresent()) {
        if (answered.get().signInAgain()) {
          consentPage.login(req, resp);
        } else {
          send(resp, answered.get().response());
        }
        return;
      }
    }
    if (user.isEmpty()) {
      consentPage.login(req, resp);
      return;
    }
    String consent =
        request.method().equals("POST") ? check.parameters().get(ConsentPrompt.CONSENT) : null;
    if (consent != null) {
      HttpSession session = req.getSession(false);
      Optional<EndpointResponse> refused =
          session == null
              ? Optional.of(
                  ServletExchange.text(
                      403,
                      "the consent form was not shown to this browser (no session); go back to"
                          + " the application and start again\n"))
              : guard.refuse(request, check, session.getId());
      if (refused.isPresent()) {
        send(resp, refused.get());
        return;
      }
      send(
          resp,
          consent.equals(ConsentPrompt.APPROVE)
              ? authorization.approve(request, user.get(), consentPage.signIn(req))
              : authorization.deny(request));
      return;
    }
    String nonce = guard.issue(check, req.getSession(true).getId());
    Pages.secure(resp);
    consentPage.render(
        new ConsentPrompt(check, user.get(), req.getContextPath() + req.getServletPath(), nonce),
        req,
        resp);
  }

  private static void send(HttpServletResponse resp, EndpointResponse response) throws IOException {
    ServletExchange.send(resp, response);
  }

  /**
   * Configures a {@link Proauth2Servlet}. The endpoints' paths are the engine's ({@link
   * Proauth2.Builder#tokenEndpoint} and its siblings), so they are set once, there.
   */
  public static final class Builder {
    private final Proauth2 oauth;
    private final ConsentPage consentPage;
    private RegistrationPolicy registrationPolicy = RegistrationPolicy.strict();
    private List<String> scopesSupported = List.of();
    private ConsentGuard guard = new ConsentGuard();
    private DevicePage devicePage = new PlainDevicePage();
    private dev.proauth2.oidc.OpenIdProvider openId;

    private Builder(Proauth2 oauth, ConsentPage consentPage) {
      this.oauth = Objects.requireNonNull(oauth, "oauth");
      this.consentPage = Objects.requireNonNull(consentPage, "consentPage");
    }

    /**
     * What a client registering itself may ask for, at the engine's registration endpoint ({@link
     * Proauth2.Builder#registrationEndpoint}), which is off unless the engine names one; default
     * {@link RegistrationPolicy#strict()}.
     */
    public Builder registrationPolicy(RegistrationPolicy policy) {
      this.registrationPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The scopes the metadata document advertises; none by default. */
    public Builder scopesSupported(List<String> scopes) {
      this.scopesSupported = List.copyOf(scopes);
      return this;
    }

    /**
     * Makes the servlet an OpenID Provider's too: it serves UserInfo, RP-Initiated Logout and
     * {@code /.well-known/openid-configuration} at the provider's paths, answers {@code
     * prompt=none} without a page, asks for a new sign-in past {@code max_age}, and passes the
     * {@link ConsentPage#signIn} to the ID token. The engine must have been built with {@code
     * provider.applyTo(...)}; needs {@code proauth2-oidc} on the class path.
     */
    public Builder openId(dev.proauth2.oidc.OpenIdProvider provider) {
      this.openId = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * The device grant's verification page (RFC 8628), served at the engine's {@link
     * dev.proauth2.Endpoints#deviceVerification()} path; by default a plain page of the servlet's
     * own. The user signs in through the {@link ConsentPage}, and the answer is guarded as consent
     * is.
     */
    public Builder devicePage(DevicePage page) {
      this.devicePage = Objects.requireNonNull(page, "page");
      return this;
    }

    /**
     * The guard for consent and device forms, for a test that moves its clock; one is made by
     * default.
     */
    public Builder consentGuard(ConsentGuard guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    /**
     * Builds the servlet.
     *
     * @throws IllegalArgumentException when the engine has no issuer, or two endpoints share a path
     */
    public Proauth2Servlet build() {
      return new Proauth2Servlet(this);
    }
  }
}

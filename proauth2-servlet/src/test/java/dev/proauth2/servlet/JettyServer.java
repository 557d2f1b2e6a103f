package dev.proauth2.servlet;

import dev.proauth2.Proauth2;
import dev.proauth2.TokenSubject;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.ProtectedResource;
import dev.proauth2.endpoint.RegistrationPolicy;
import dev.proauth2.testkit.AdapterContract;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The servlet and the bearer-token filter on an embedded Jetty 12, on a free port of 127.0.0.1,
 * wired as a host would: a {@code /login} that signs the browser in as {@value #USER}, a consent
 * page, open registration under the demo server's policy, a protected {@code /me}, and {@code
 * /mcp}, a resource that takes only tokens issued for it and publishes its metadata (RFC 8707, RFC
 * 9728).
 */
final class JettyServer implements AutoCloseable {

  static final String USER = AdapterContract.USER;

  /** The demo server's registration policy, which the adapter contract asks for too. */
  static final RegistrationPolicy POLICY = AdapterContract.REGISTRATION_POLICY;

  private final Server server;
  private final Proauth2 oauth;
  private final ProtectedResource mcp;
  private final String issuer;
  private final String base;

  /** The servlet mapped to each of its paths, at the root context. */
  JettyServer() {
    this("");
  }

  /**
   * The servlet at a context path; with a context path it is mapped to {@code /*} instead, as a
   * host that gives the authorization server its own context would.
   */
  JettyServer(String contextPath) {
    this(contextPath, settings -> settings);
  }

  /** The servlet at a context path, on an engine the test configures further. */
  JettyServer(String contextPath, UnaryOperator<Proauth2.Builder> settings) {
    this(engine(contextPath, settings), contextPath);
  }

  /**
   * The test engine for the bound port: in memory, its issuer on localhost at the context path,
   * with the resource {@code /mcp} and registration at {@code /register}.
   */
  static IntFunction<Proauth2> engine(
      String contextPath, UnaryOperator<Proauth2.Builder> settings) {
    return port -> {
      // http is for localhost only; the endpoints resolve against the issuer, context path included
      String issuer = "http://localhost:" + port + contextPath;
      return settings
          .apply(
              Proauth2.builder()
                  .dataStore("memory:")
                  .issuer(issuer)
                  .resource(issuer + "/mcp")
                  .registrationEndpoint("/register"))
          .build();
    };
  }

  /** The servlet at a context path, on the engine built for the bound port. */
  JettyServer(IntFunction<Proauth2> engine, String contextPath) {
    this(engine, contextPath, servlet -> servlet);
  }

  /** As above, with the servlet configured further, such as with OpenID Connect. */
  JettyServer(
      IntFunction<Proauth2> engine,
      String contextPath,
      UnaryOperator<Proauth2Servlet.Builder> servletSettings) {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    // A client that stops short of its Content-Length holds a thread no longer than this
    connector.setIdleTimeout(5_000);
    try {
      connector.open(); // bound now, so the issuer can name the port
      base = "http://127.0.0.1:" + connector.getLocalPort();
      server.addConnector(connector);
      oauth = engine.apply(connector.getLocalPort());
      issuer = oauth.issuer().orElseThrow();
      mcp = ProtectedResource.builder(oauth, issuer + "/mcp").build();
      Proauth2Servlet servlet =
          servletSettings
              .apply(
                  Proauth2Servlet.builder(oauth, new TestConsentPage()).registrationPolicy(POLICY))
              .build();
      ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
      context.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
      ServletHolder proauth2 = new ServletHolder("proauth2", servlet);
      if (contextPath.isEmpty()) {
        for (String path : servlet.paths()) {
          context.addServlet(proauth2, path);
        }
      } else {
        context.addServlet(proauth2, "/*");
      }
      context.addServlet(new ServletHolder(new LoginServlet()), "/login");
      context.addServlet(new ServletHolder(new MeServlet()), "/me");
      context.addFilter(
          new FilterHolder(new BearerTokenFilter(oauth, issuer)),
          "/me",
          EnumSet.of(DispatcherType.REQUEST));
      // The metadata path has no servlet of its own: the filter answers it.
      context.addServlet(new ServletHolder(new MeServlet()), "/mcp");
      context.addServlet(new ServletHolder(new MeServlet()), mcp.wellKnownPath());
      FilterHolder mcpFilter = new FilterHolder(new BearerTokenFilter(mcp));
      context.addFilter(mcpFilter, "/mcp", EnumSet.of(DispatcherType.REQUEST));
      context.addFilter(mcpFilter, mcp.wellKnownPath(), EnumSet.of(DispatcherType.REQUEST));
      server.setHandler(context);
      server.start();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("Jetty did not start", e);
    }
  }

  String issuer() {
    return issuer;
  }

  /** Where the tests send requests: 127.0.0.1, which the connector is bound to. */
  String base() {
    return base;
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  Proauth2 oauth() {
    return oauth;
  }

  ProtectedResource mcp() {
    return mcp;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      if (oauth != null) {
        oauth.close();
      }
    }
  }

  /** Signs the browser in: the session remembers the user, as a host's login would. */
  static final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      req.getSession(true).setAttribute("user", USER);
      resp.setStatus(204);
    }
  }

  /** The host's consent page: the signed-in user from the session, a plain form. */
  static final class TestConsentPage implements ConsentPage {
    @Override
    public Optional<String> userId(HttpServletRequest request) {
      HttpSession session = request.getSession(false);
      return session == null
          ? Optional.empty()
          : Optional.ofNullable((String) session.getAttribute("user"));
    }

    @Override
    public void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.sendRedirect(
          "/login?next="
              + URLEncoder.encode(ConsentPage.currentUrl(request), StandardCharsets.UTF_8));
    }

    @Override
    public void render(ConsentPrompt prompt, HttpServletRequest request, HttpServletResponse resp)
        throws IOException {
      resp.setContentType("text/html;charset=UTF-8");
      resp.getWriter()
          .write(
              AdapterContract.consentPage(
                  prompt.action(), prompt.hiddenInputs(), prompt.clientName(), prompt.userId()));
    }
  }

  /** A protected resource: the subject the filter put on the request. */
  static final class MeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      TokenSubject subject = BearerTokenFilter.subject(req).orElseThrow();
      Map<String, Object> body = new LinkedHashMap<>();
      subject.user().ifPresent(user -> body.put("sub", user));
      body.put("client_id", subject.clientId());
      ServletExchange.send(resp, EndpointResponse.json(200, body));
    }
  }
}

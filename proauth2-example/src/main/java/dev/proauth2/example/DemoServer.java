package dev.proauth2.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.proauth2.AccessTokenFormat;
import dev.proauth2.AuditLog;
import dev.proauth2.ClientIdMetadataDocuments;
import dev.proauth2.GrantType;
import dev.proauth2.KeyEncryptionKeys;
import dev.proauth2.Proauth2;
import dev.proauth2.SignIn;
import dev.proauth2.TokenSubject;
import dev.proauth2.endpoint.AuthorizationCheck;
import dev.proauth2.endpoint.AuthorizationEndpoint;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.endpoint.DeviceAuthorizationEndpoint;
import dev.proauth2.endpoint.DeviceCheck;
import dev.proauth2.endpoint.DeviceVerification;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.IntrospectionEndpoint;
import dev.proauth2.endpoint.JwksEndpoint;
import dev.proauth2.endpoint.ProtectedResource;
import dev.proauth2.endpoint.PushedAuthorizationEndpoint;
import dev.proauth2.endpoint.RegistrationEndpoint;
import dev.proauth2.endpoint.RegistrationPolicy;
import dev.proauth2.endpoint.RequestBody;
import dev.proauth2.endpoint.RevocationEndpoint;
import dev.proauth2.endpoint.TokenEndpoint;
import dev.proauth2.jose.JoseDPoP;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.jose.ManagedSigningKeys;
import dev.proauth2.oidc.EndSessionEndpoint;
import dev.proauth2.oidc.OpenIdConfiguration;
import dev.proauth2.oidc.OpenIdProvider;
import dev.proauth2.oidc.SignInCheck;
import dev.proauth2.oidc.UserInfoEndpoint;
import dev.proauth2.spi.Proauth2Exception;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real OAuth 2.1 authorization server on the JDK's {@code com.sun.net.httpserver}, wired to the
 * endpoint helpers of {@code dev.proauth2.endpoint}. Each route is a few lines: turn the exchange
 * into an {@link EndpointRequest}, call the endpoint, copy the {@link EndpointResponse} out.
 *
 * <p>It listens on 127.0.0.1 only, has one user ({@value #DEMO_USER}) who is always signed in, and
 * logs one line per request: method, path, status and time, never a query or a body.
 */
final class DemoServer implements AutoCloseable {

  /** The one user of the demo, always signed in. */
  static final String DEMO_USER = "demo-user";

  /**
   * The JDK server's setting for how long, in seconds, a client may take to send a whole request: a
   * client that stops short of its {@code Content-Length}, or sends its headers a byte at a time,
   * would otherwise hold one of the server's four threads for as long as it keeps the connection.
   */
  static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";

  /** The value of {@link #MAX_REQUEST_TIME_PROPERTY} unless the JVM was started with one. */
  static final String MAX_REQUEST_SECONDS = "5";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Proauth2 oauth;
  private final String issuer;
  private final boolean autoApprove;
  private final PrintStream log;
  private final AuthorizationServerMetadata metadata;
  private final AuthorizationEndpoint authorization;
  private final TokenEndpoint token;
  private final PushedAuthorizationEndpoint par;
  private final IntrospectionEndpoint introspection;
  private final RevocationEndpoint revocation;
  private final RegistrationEndpoint registration;
  private final JwksEndpoint jwks;
  private final ProtectedResource mcp;
  private final DeviceAuthorizationEndpoint deviceAuthorization;
  private final DeviceVerification deviceVerification;

  /** OpenID Connect, when the demo signs: {@code null} otherwise. */
  private final OpenIdProvider openId;

  private final UserInfoEndpoint userInfo;
  private final EndSessionEndpoint endSession;
  private final OpenIdConfiguration openIdConfiguration;

  /** The guard of {@code /me}, an API that names no resource: it takes unbound tokens only. */
  private final ProtectedResource api;

  private final ConsentGuard consentGuard = new ConsentGuard();

  /** The meters {@code /metrics} serves, or {@code null} without {@code --metrics}. */
  private final DemoMetrics metrics;

  /**
   * What a client may register for itself at {@code /register}: the demo opens {@code
   * client_credentials} (machine-to-machine clients register without redirect URIs) and the scopes
   * {@code read} and {@code write}, and nothing else.
   */
  /**
   * Token exchange (RFC 8693), which the demo's registration opens when its plugin, {@code
   * grant-token-exchange}, is on the path; named here, not imported, so the demo runs without it.
   */
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

  static final RegistrationPolicy REGISTRATION_POLICY =
      RegistrationPolicy.builder()
          .grantTypes(
              GrantType.AUTHORIZATION_CODE,
              GrantType.REFRESH_TOKEN,
              GrantType.CLIENT_CREDENTIALS,
              GrantType.DEVICE_CODE)
          .extensionGrantTypes(TOKEN_EXCHANGE)
          .scopes("read write openid profile email")
          .build();

  private DemoServer(
      HttpServer server,
      Proauth2 oauth,
      String issuer,
      boolean autoApprove,
      PrintStream log,
      DemoMetrics metrics,
      OpenIdProvider openId) {
    this.server = server;
    this.openId = openId;
    this.userInfo = openId == null ? null : new UserInfoEndpoint(oauth, openId);
    this.endSession = openId == null ? null : new EndSessionEndpoint(oauth, openId);
    this.metrics = metrics;
    this.oauth = oauth;
    this.issuer = issuer;
    this.autoApprove = autoApprove;
    this.log = log;
    this.metadata = AuthorizationServerMetadata.builder(oauth).build();
    this.openIdConfiguration = openId == null ? null : OpenIdConfiguration.of(metadata);
    this.authorization = new AuthorizationEndpoint(oauth);
    this.token = new TokenEndpoint(oauth);
    this.par = new PushedAuthorizationEndpoint(oauth);
    this.introspection = new IntrospectionEndpoint(oauth);
    this.revocation = new RevocationEndpoint(oauth);
    this.registration = new RegistrationEndpoint(oauth, REGISTRATION_POLICY);
    this.jwks = new JwksEndpoint(oauth);
    this.deviceAuthorization = new DeviceAuthorizationEndpoint(oauth);
    this.deviceVerification = new DeviceVerification(oauth, consentGuard);
    this.mcp =
        ProtectedResource.builder(oauth, mcpResource(issuer))
            .scopesSupported(List.of("read", "write"))
            .resourceName("proauth2 demo MCP server")
            .build();
    this.api = ProtectedResource.unbound(oauth, issuer);
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "proauth2-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.createContext("/", this::handle);
    server.setExecutor(executor);
  }

  /**
   * The JDK server's switch for {@code TCP_NODELAY}. Without it every response waited about 40 ms:
   * the server writes headers and body in separate packets, and Nagle's algorithm holds the body
   * until the client's delayed ACK of the headers.
   */
  static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

  /**
   * Binds 127.0.0.1 on the port, opens the store and starts serving.
   *
   * @param log where the one line per request goes
   * @throws IOException when the port cannot be bound
   * @throws Proauth2Exception when the store cannot be opened
   * @throws IllegalArgumentException when the issuer is not one the engine accepts
   */
  static DemoServer start(ServeOptions options, PrintStream log) throws IOException {
    // The clients file is read whole, and checked, before anything starts.
    List<ClientsFile.Declared> clients =
        options.clients() == null ? List.of() : ClientsFile.read(options.clients());
    HttpServer server = bind(options.port());
    DemoServer demo;
    try {
      int port = server.getAddress().getPort();
      String issuer = options.issuer() != null ? options.issuer() : "http://localhost:" + port;
      // Security events go to the log as audit lines; meters only with --metrics.
      DemoMetrics metrics = options.metrics() ? new DemoMetrics() : null;
      Proauth2.Builder builder =
          Proauth2.builder()
              .dataStore(options.store())
              .issuer(issuer)
              .resource(mcpResource(issuer))
              .registrationEndpoint("/register")
              // MCP clients may name themselves by their Client ID Metadata Document's URL.
              .clientIdMetadataDocuments(
                  ClientIdMetadataDocuments.builder()
                      .scopes("read write openid profile email")
                      .build())
              .discoverListeners(false)
              // Tokens requested with a DPoP proof are bound to its key (RFC 9449).
              .dpop(JoseDPoP.verifier())
              .listener(new AuditLog(line -> log.println("audit " + line)));
      if (metrics != null) {
        builder.listener(metrics.listener());
      }
      OpenIdProvider openId = null;
      if (signs(options)) {
        JoseSigning signing =
            JoseSigning.builder()
                .keys(
                    options.signingKeyRotation() == null
                        ? ManagedSigningKeys.rotatingEveryWeek()
                        : ManagedSigningKeys.rotatingEvery(options.signingKeyRotation()))
                .algorithm("RS256") // ID tokens
                .build();
        openId = OpenIdProvider.builder(signing).claims(DemoServer::demoClaims).build();
        openId.applyTo(builder).accessTokenFormat(options.accessTokenFormat());
      } else {
        log.println(
            "signing off: on this store the signing keys need a key-encryption key; set "
                + KeyEncryptionKeys.ENVIRONMENT
                + " (openssl rand -base64 32) to serve /jwks and JWT access tokens");
      }
      Proauth2 oauth = builder.build();
      try {
        if (!clients.isEmpty()) {
          ClientsFile.apply(oauth, clients);
          log.println("applied " + clients.size() + " clients from " + options.clients());
        }
        demo = new DemoServer(server, oauth, issuer, options.autoApprove(), log, metrics, openId);
      } catch (RuntimeException e) {
        oauth.close();
        throw e;
      }
    } catch (RuntimeException e) {
      server.stop(0);
      throw e;
    }
    server.start();
    return demo;
  }

  /**
   * Whether the demo signs (serves {@code /jwks}): always when asked for JWT access tokens or a
   * rotation period (the engine then says what it needs), else when it needs no key-encryption key
   * (the memory store) or has one, so that {@code serve --store redis://...} starts as before.
   */
  private static boolean signs(ServeOptions options) {
    return options.accessTokenFormat() == AccessTokenFormat.JWT
        || options.signingKeyRotation() != null
        || options.store().toLowerCase(Locale.ROOT).startsWith("memory:")
        || options.store().contains(KeyEncryptionKeys.OPTION + "=")
        || KeyEncryptionKeys.fromEnvironment().isPresent();
  }

  /**
   * Binds 127.0.0.1 on a free port and serves the engine that {@code engine} builds for that port,
   * without consent shortcuts or meters: how the testkit's adapter contract runs the demo server.
   *
   * @param engine builds the engine from the bound port; its issuer names that port
   * @throws IOException when no port can be bound
   */
  static DemoServer serve(IntFunction<Proauth2> engine, PrintStream log) throws IOException {
    HttpServer server = bind(0);
    DemoServer demo;
    try {
      Proauth2 oauth = engine.apply(server.getAddress().getPort());
      demo = new DemoServer(server, oauth, oauth.issuer().orElseThrow(), false, log, null, null);
    } catch (RuntimeException e) {
      server.stop(0);
      throw e;
    }
    server.start();
    return demo;
  }

  /** Binds 127.0.0.1 on the port, 0 for a free one, with the JDK server's settings made first. */
  private static HttpServer bind(int port) throws IOException {
    // Both are read once, when the JDK's first HttpServer starts.
    if (System.getProperty(MAX_REQUEST_TIME_PROPERTY) == null) {
      System.setProperty(MAX_REQUEST_TIME_PROPERTY, MAX_REQUEST_SECONDS);
    }
    if (System.getProperty(NO_DELAY_PROPERTY) == null) {
      System.setProperty(NO_DELAY_PROPERTY, "true");
    }
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
  }

  /**
   * The identifier of the demo's MCP-style protected resource, served at {@code /mcp}: tokens for
   * it must be asked with {@code resource} set to it (RFC 8707).
   */
  static String mcpResource(String issuer) {
    return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/mcp";
  }

  /** The port the server listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** The issuer identifier, which is also the base of every endpoint URL. */
  String issuer() {
    return issuer;
  }

  /** Stops accepting requests, lets running ones finish for up to a second, closes the store. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    oauth.close();
  }

  private void handle(HttpExchange exchange) {
    long started = System.nanoTime();
    int status = 500;
    try {
      EndpointResponse response;
      try {
        String path = exchange.getRequestURI().getRawPath();
        response = route(path == null ? "" : path, read(exchange));
      } catch (RequestBody.Refused e) {
        response = e.response();
      }
      status = response.status();
      send(exchange, response);
    } catch (IOException | RuntimeException e) {
      log.println("request failed: " + e.getClass().getName());
      trySendServerError(exchange);
    } finally {
      exchange.close();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      log.println(
          printable(exchange.getRequestMethod(), 16)
              + " "
              + printable(String.valueOf(exchange.getRequestURI().getRawPath()), 128)
              + " "
              + status
              + " "
              + millis
              + "ms");
    }
  }

  private EndpointResponse route(String path, EndpointRequest request) {
    if (path.equals(AuthorizationServerMetadata.WELL_KNOWN)
        || path.equals(metadata.wellKnownPath())) {
      return metadata.handle(request);
    }
    if (path.equals(mcp.wellKnownPath())) {
      return mcp.handleMetadata(request);
    }
    if (openIdConfiguration != null && path.equals(openIdConfiguration.wellKnownPath())) {
      return openIdConfiguration.handle(request);
    }
    switch (path) {
      case "/authorize":
        return authorize(request);
      case "/token":
        return token.handle(request);
      case "/par":
        return par.handle(request);
      case "/introspect":
        return introspection.handle(request);
      case "/revoke":
        return revocation.handle(request);
      case "/register":
        return registration.handle(request);
      case "/jwks":
        return jwks.handle(request);
      case "/connect/logout":
        return logout(request);
      case "/userinfo":
        return userInfo == null
            ? text(404, "not found: this server signs nothing\n")
            : userInfo.handle(request);
      case "/me":
        return me(request);
      case "/device_authorization":
        return deviceAuthorization.handle(request);
      case "/device":
        return device(request);
      case "/mcp":
        return mcp(request, null);
      case "/mcp/write":
        return mcp(request, "write");
      case "/metrics":
        return metrics(request);
      case "/":
        return text(
            200,
            "proauth2 demo authorization server\nmetadata: "
                + issuer
                + metadata.wellKnownPath()
                + "\nprotected resource: "
                + mcp.resource()
                + " (metadata: "
                + mcp.metadataUrl()
                + ")\n");
      default:
        return text(404, "not found\n");
    }
  }

  /**
   * {@code GET} shows the consent page; its form posts back here with {@code consent}. The answer
   * counts only with the page's one-time nonce, from this browser (its consent cookie) and this
   * origin (see {@link ConsentGuard}). With {@code --auto-approve} every valid request is approved
   * at once for the demo user.
   */
  private EndpointResponse authorize(EndpointRequest request) {
    AuthorizationCheck check = authorization.check(request);
    if (!check.isValid()) {
      return check.errorResponse().orElseThrow();
    }
    if (openId != null && check.isOpenId()) {
      // The demo user is always signed in; approving counts as signing in again.
      SignInCheck steps = SignInCheck.of(oauth, openId, check);
      Optional<Proauth2Exception> refused = steps.error();
      if (refused.isEmpty() && check.openId().promptNone()) {
        refused = steps.promptNone(DEMO_USER, demoSignIn(), autoApprove);
        if (refused.isEmpty()) {
          return authorization.approve(request, DEMO_USER, demoSignIn());
        }
      }
      if (refused.isPresent()) {
        return authorization.refuse(request, refused.get());
      }
    }
    if (autoApprove) {
      return authorization.approve(request, DEMO_USER, demoSignIn());
    }
    Optional<String> session = ConsentCookie.read(request);
    String consent = request.method().equals("POST") ? check.parameters().get("consent") : null;
    if (consent != null) {
      Optional<EndpointResponse> refused =
          session.isPresent()
              ? consentGuard.refuse(request, check, session.get())
              : Optional.of(ConsentCookie.missing());
      if (refused.isPresent()) {
        return refused.get();
      }
      return consent.equals("approve")
          ? authorization.approve(request, DEMO_USER, demoSignIn())
          : authorization.deny(request);
    }
    String browser = session.orElseGet(ConsentCookie::newSession);
    EndpointResponse page =
        ConsentPage.render(check, DEMO_USER, consentGuard.issue(check, browser));
    return session.isPresent() ? page : page.withHeader("Set-Cookie", ConsentCookie.set(browser));
  }

  /**
   * RP-Initiated Logout: the demo user is always signed in, so there is no session to end; the
   * request is checked and answered as a real server would (back to a registered post-logout URI
   * with the state, or a signed-out page).
   */
  private EndpointResponse logout(EndpointRequest request) {
    if (endSession == null) {
      return text(404, "not found: this server signs nothing\n");
    }
    EndSessionEndpoint.LogoutRequest asked = endSession.check(request);
    return asked.isValid() ? asked.signedOut() : asked.errorResponse();
  }

  /** The demo user's sign-in: now, since approving on the demo counts as signing in. */
  private static SignIn demoSignIn() {
    return SignIn.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * The demo user's claims for UserInfo: exactly a name and a verified email; the provider passes
   * on only what the granted scopes allow.
   */
  static Map<String, Object> demoClaims(String userId, Set<String> scopes) {
    if (!userId.equals(DEMO_USER)) {
      return Map.of();
    }
    return Map.of("name", "Demo User", "email", "demo-user@example.com", "email_verified", true);
  }

  /**
   * The device grant's verification page (RFC 8628 section 3.3): {@code GET} without a code shows
   * the form to type one; with a code ({@code verification_uri_complete} carries it), the consent
   * page for what the device asks; its form posts back here with {@code consent}, guarded as {@code
   * /authorize} is. With {@code --auto-approve} a valid code is approved at once for the demo user.
   */
  private EndpointResponse device(EndpointRequest request) {
    if (!request.method().equals("GET") && !request.method().equals("POST")) {
      return text(405, "GET or POST\n").withHeader("Allow", "GET, POST");
    }
    if (request.method().equals("GET") && !request.queryParameters().containsKey("user_code")) {
      return DevicePage.enterCode();
    }
    DeviceCheck check = deviceVerification.check(request);
    if (!check.isValid()) {
      return check.errorResponse().orElseThrow();
    }
    if (autoApprove) {
      try {
        oauth.approveDevice(
            check.request().userCode(), DEMO_USER, request.remoteAddress().orElse(null));
      } catch (Proauth2Exception e) {
        return text(400, e.description() + "\n");
      }
      return text(200, "The device is signed in as " + DEMO_USER + "; return to your device.\n");
    }
    Optional<String> session = ConsentCookie.read(request);
    if (request.method().equals("POST") && check.parameters().containsKey("consent")) {
      return session.isPresent()
          ? deviceVerification.decide(request, check, session.get(), DEMO_USER)
          : ConsentCookie.missing();
    }
    String browser = session.orElseGet(ConsentCookie::newSession);
    EndpointResponse page =
        DevicePage.consent(check.request(), DEMO_USER, consentGuard.issue(check, browser));
    return session.isPresent()
        ? page
        : page.withHeader("Set-Cookie", ConsentCookie.set(browser, "/device"));
  }

  /** The engine's meters in Prometheus's text format, with {@code --metrics}; else 404. */
  private EndpointResponse metrics(EndpointRequest request) {
    if (metrics == null) {
      return text(404, "not found: start the server with --metrics\n");
    }
    if (!request.method().equals("GET")) {
      return text(405, "GET only\n").withHeader("Allow", "GET");
    }
    return new EndpointResponse(
        200, Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8"), metrics.scrape());
  }

  /**
   * The MCP-style protected resource: it accepts only tokens issued for it (RFC 8707), and refuses
   * any other request with a 401 whose challenge names its metadata (RFC 9728), from where a client
   * finds this authorization server. It answers who the token speaks for and what it may do. {@code
   * /mcp/write} stands for a tool that writes: it needs the scope {@code write} and answers a token
   * without it with 403 {@code insufficient_scope}, from where a client steps up (asks the user
   * again, for more scope).
   */
  private EndpointResponse mcp(EndpointRequest request, String scope) {
    if (!request.method().equals("GET") && !request.method().equals("POST")) {
      return text(405, "GET or POST\n").withHeader("Allow", "GET, POST");
    }
    ProtectedResource.Access access =
        mcp.authorize(
            request, URI.create(issuer + (scope == null ? "/mcp" : "/mcp/" + scope)), scope);
    if (!access.granted()) {
      return access.refusal();
    }
    TokenSubject subject = access.subject();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("resource", mcp.resource());
    subject.user().ifPresent(user -> body.put("sub", user));
    body.put("client_id", subject.clientId());
    if (subject.scope() != null) {
      body.put("scope", subject.scope());
    }
    return EndpointResponse.json(200, body);
  }

  /**
   * A protected resource: who the bearer token was issued for: {@code sub} for a user's token,
   * {@code client_id} alone for a client's own.
   */
  private EndpointResponse me(EndpointRequest request) {
    if (!request.method().equals("GET")) {
      return text(405, "GET only\n").withHeader("Allow", "GET");
    }
    ProtectedResource.Access access = api.authorize(request, URI.create(issuer + "/me"), null);
    if (!access.granted()) {
      return access.refusal();
    }
    TokenSubject subject = access.subject();
    Map<String, Object> body = new LinkedHashMap<>();
    subject.user().ifPresent(user -> body.put("sub", user));
    body.put("client_id", subject.clientId());
    return EndpointResponse.json(200, body);
  }

  private static EndpointRequest read(HttpExchange exchange) throws RequestBody.Refused {
    String text = RequestBody.read(exchange.getRequestBody(), declaredLength(exchange));
    return EndpointRequest.builder(exchange.getRequestMethod())
        .headers(exchange.getRequestHeaders())
        .query(exchange.getRequestURI().getRawQuery())
        .body(text)
        .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
        .build();
  }

  /** The request's Content-Length, which the JDK's server has checked, or -1 when it has none. */
  private static long declaredLength(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void send(HttpExchange exchange, EndpointResponse response) throws IOException {
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void trySendServerError(HttpExchange exchange) {
    try {
      exchange.sendResponseHeaders(500, -1);
    } catch (IOException | RuntimeException e) {
      // the response was already under way; closing the exchange is all that is left
    }
  }

  private static EndpointResponse text(int status, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/plain;charset=UTF-8");
    return new EndpointResponse(status, headers, body);
  }

  /** Keeps a logged value on one line and short: a client chooses the method and path. */
  private static String printable(String value, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < max; i++) {
      char c = value.charAt(i);
      out.append(c > 0x20 && c < 0x7F ? c : '?');
    }
    return out.toString();
  }
}

package dev.proauth2.testkit;

import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.endpoint.Html;
import dev.proauth2.endpoint.RegistrationPolicy;
import java.util.Objects;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The HTTP behaviour every adapter of the engine keeps (a framework's way of serving the endpoint
 * helpers: the demo server, the servlet, the Spring Boot starter, a Quarkus or Vert.x extension),
 * checked over real HTTP on loopback. To test an adapter, extend this class and implement {@link
 * #start(IntFunction)}:
 *
 * <pre>{@code
 * class MyAdapterContractTest extends AdapterContract {
 *   @Override
 *   protected AdapterServer start(IntFunction<Proauth2> engine) throws Exception {
 *     MyServer server = MyServer.bind("127.0.0.1", 0);         // a free port, bound first
 *     Proauth2 oauth = engine.apply(server.port());            // the engine names that port
 *     server.serve(oauth, new MyConsentPage(), AdapterContract.REGISTRATION_POLICY);
 *     server.guard("/me", oauth);                               // answers the token's subject
 *     server.start();
 *     return new AdapterServer() {
 *       public URI baseUrl() { return URI.create("http://127.0.0.1:" + server.port()); }
 *       public void close() { server.stop(); }
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p>Then run it with JUnit 5, with {@code dev.proauth2:datastore-memory} and {@code
 * dev.proauth2:authmethod-basic} on the test class path: the contract's engine keeps its records in
 * memory and its clients authenticate with {@code client_secret_basic} and {@code
 * client_secret_post}. The host that {@code start} builds around the adapter keeps these rules:
 *
 * <ol>
 *   <li>The server listens on a free port of 127.0.0.1, bound before {@code engine.apply(port)} is
 *       called once, and serves the engine that call returns.
 *   <li>The adapter serves the engine's endpoints at their default paths: {@code /authorize},
 *       {@code /token}, {@code /introspect}, {@code /revoke}, {@code /register}, {@code
 *       /device_authorization}, {@code /device} and {@code
 *       /.well-known/oauth-authorization-server}.
 *   <li>Anyone may register a client at {@code /register}, within {@link #REGISTRATION_POLICY}.
 *   <li>A browser opening {@link AdapterServer#loginPath()} is signed in as {@link #USER}, kept by
 *       a cookie.
 *   <li>The consent page of a signed-in browser names the client and the user, and its form posts
 *       the adapter's hidden inputs to {@code /authorize} with a button {@code consent} valued
 *       {@code approve} or {@code deny}; {@link #consentPage} renders such a page.
 *   <li>The device page at {@code /device} of a signed-in browser, opened with a {@code user_code}
 *       of a pending device authorization, names the client and shows the user code, and its form
 *       posts the adapter's hidden inputs to {@code /device} with a button {@code consent} valued
 *       {@code approve} or {@code deny}; the answer taken gets a 200 page, a forged one 403, and an
 *       unknown code a 400 page.
 *   <li>{@code GET /me} with a bearer token the adapter accepted answers the token's subject as a
 *       JSON object of {@code sub} (the user, absent for a client's own token) and {@code
 *       client_id}, and any other method is 405.
 * </ol>
 *
 * <p>Each concern below is a {@code @Nested} group on a server of its own, started by {@code start}
 * and closed, with its engine, when the group is done:
 *
 * <ul>
 *   <li>the flows, driven by the Nimbus OAuth 2.0 SDK: a client library no one here wrote runs the
 *       code flow with PKCE, refresh rotation, a public client, client credentials and a denial;
 *   <li>every error path: status, {@code error} code and the headers each RFC asks for;
 *   <li>hostile bytes at the adapter's socket, where no HTTP client library tidies them first,
 *       after each of which the server still issues and honours a token;
 *   <li>the consent form against cross-site request forgery: only the browser shown the form,
 *       posting from the same origin, once, gets a code;
 *   <li>registration within the policy: a machine-to-machine client registers without redirect
 *       URIs, and nothing beyond the policy is handed out;
 *   <li>the device grant through the device page: a device polls while the user decides, gets the
 *       user's tokens once, and a forged answer decides nothing.
 * </ul>
 *
 * <p>What a container decides before the adapter sees a request (the status for a request line or
 * header too long, a control character in a header) is held only to a refusal here; an adapter's
 * own tests may pin the exact status its container gives. A host whose server refuses more
 * malformed requests itself says so with {@link #containerMayRefuse()}.
 */
public abstract class AdapterContract {

  /** The user a signed-in browser is, whose consent the contract gives or refuses. */
  public static final String USER = "demo-user";

  /**
   * What a client may register for itself at {@code /register}: the code flow with refresh tokens,
   * {@code client_credentials}, the device grant, and the scopes {@code read} and {@code write}.
   */
  public static final RegistrationPolicy REGISTRATION_POLICY =
      RegistrationPolicy.builder()
          .grantTypes(
              GrantType.AUTHORIZATION_CODE,
              GrantType.REFRESH_TOKEN,
              GrantType.CLIENT_CREDENTIALS,
              GrantType.DEVICE_CODE)
          .scopes("read write")
          .build();

  /**
   * A consent page that keeps the contract's rule, for a host to render as its own: it names the
   * client and the user, and its form posts the adapter's hidden inputs to the action with a button
   * {@code consent} valued {@code approve} or {@code deny}.
   *
   * @param action where the form posts, as the adapter gives it
   * @param hiddenInputs the adapter's hidden inputs, already HTML
   * @param clientName the client's name, escaped here
   * @param userId the signed-in user, escaped here
   * @return the page's HTML
   */
  public static String consentPage(
      String action, String hiddenInputs, String clientName, String userId) {
    return "<!doctype html><title>Consent</title><form method=\"post\" action=\""
        + Html.escape(action)
        + "\">\n"
        + Objects.requireNonNull(hiddenInputs, "hiddenInputs")
        + "<p>"
        + Html.escape(clientName)
        + " asks "
        + Html.escape(userId)
        + "</p><button name=\"consent\" value=\"approve\">Allow</button>"
        + "<button name=\"consent\" value=\"deny\">Deny</button></form>";
  }

  /**
   * Starts your adapter on a free port of 127.0.0.1, serving the engine that {@code engine} builds
   * for that port, and returns it running; it is called once per concern.
   *
   * @param engine builds, once, the engine to serve from the port the server is bound to; its
   *     issuer is {@code http://localhost:PORT}, it registers clients at {@code /register}, and the
   *     resource {@code http://localhost:PORT/mcp} is one of its own
   * @return the running server; the contract closes it, then the engine
   * @throws Exception when the server cannot start, which fails the concern's tests
   */
  protected abstract AdapterServer start(IntFunction<Proauth2> engine) throws Exception;

  /**
   * Whether the server in front of the adapter may answer a malformed request itself, before or
   * while the adapter reads it, instead of the adapter's {@code invalid_request}: a request line
   * with raw bytes that are not UTF-8, a method the server does not know, a body cut short. It is
   * {@code false} by default, so an adapter that sees every request answers each in OAuth's terms;
   * a host whose server or firewall refuses such requests first (Tomcat, Spring Security's {@code
   * StrictHttpFirewall}) returns {@code true}, saying why in its override, and is then held to a
   * 4xx that redirects nowhere and issues nothing.
   *
   * @return whether a container's own 4xx may stand for the adapter's answer to a malformed request
   */
  protected boolean containerMayRefuse() {
    return false;
  }

  /** The engine the contract serves on a port: in memory, with open registration at /register. */
  static Proauth2 engine(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "the port must be the bound one, from 1 to 65535, not " + port);
    }
    String issuer = "http://localhost:" + port;
    return Proauth2.builder()
        .dataStore("memory:")
        .issuer(issuer)
        .resource(issuer + "/mcp")
        .registrationEndpoint("/register")
        .build();
  }

  @Nested
  @DisplayName("the flows, driven by the Nimbus OAuth 2.0 SDK")
  class Flows extends NimbusFlowContract {
    Flows() {
      super(AdapterContract.this);
    }
  }

  @Nested
  @DisplayName("every error path")
  class Errors extends HttpErrorsContract {
    Errors() {
      super(AdapterContract.this);
    }
  }

  @Nested
  @DisplayName("hostile bytes at the adapter's socket")
  class Hostile extends HostileHttpContract {
    Hostile() {
      super(AdapterContract.this);
    }
  }

  @Nested
  @DisplayName("the consent form against cross-site request forgery")
  class ConsentCsrf extends ConsentCsrfContract {
    ConsentCsrf() {
      super(AdapterContract.this);
    }
  }

  @Nested
  @DisplayName("registration within the policy")
  class Registration extends RegistrationContract {
    Registration() {
      super(AdapterContract.this);
    }
  }

  @Nested
  @DisplayName("the device grant through the device page")
  class Device extends DeviceContract {
    Device() {
      super(AdapterContract.this);
    }
  }
}

import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.endpoint.RegistrationPolicy;
import dev.proauth2.servlet.ConsentPage;
import dev.proauth2.servlet.ConsentPrompt;
import dev.proauth2.servlet.Proauth2Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * proauth2-servlet on Jetty 12 for the HTTP benchmark: the same store, registration policy and
 * loopback binding as the demo server, so the two rows differ only in the HTTP layer. Run with
 * {@code java -cp CLASSPATH JettyBenchServer.java PORT}; run.sh builds the class path.
 */
public final class JettyBenchServer {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String issuer = "http://localhost:" + port;
    Proauth2 oauth =
        Proauth2.builder()
            .dataStore("memory:")
            .issuer(issuer)
            .registrationEndpoint("/register")
            .build();
    ConsentPage noUsers =
        new ConsentPage() {
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
    Proauth2Servlet servlet =
        Proauth2Servlet.builder(oauth, noUsers)
            .registrationPolicy(
                RegistrationPolicy.builder()
                    .grantTypes(
                        GrantType.AUTHORIZATION_CODE,
                        GrantType.REFRESH_TOKEN,
                        GrantType.CLIENT_CREDENTIALS)
                    .scopes("read write")
                    .build())
            .build();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder("proauth2", servlet);
    for (String path : servlet.paths()) {
      context.addServlet(holder, path);
    }
    server.setHandler(context);
    server.start();
    System.out.println("proauth2-servlet on Jetty at " + issuer);
    server.join();
  }
}

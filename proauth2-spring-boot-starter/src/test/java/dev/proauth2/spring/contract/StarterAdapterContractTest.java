package dev.proauth2.spring.contract;

import dev.proauth2.Proauth2;
import dev.proauth2.testkit.AdapterContract;
import dev.proauth2.testkit.AdapterServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.function.IntFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The testkit's adapter contract on the Spring Boot starter: {@link ContractApplication} on its
 * embedded web server, with the starter's servlet and bearer-token filter auto-configured around
 * the contract's engine.
 */
class StarterAdapterContractTest extends AdapterContract {

  /**
   * Spring Boot binds its port when the context starts, after the engine is built: pick it first.
   */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Tomcat refuses a request line with raw bytes that are not UTF-8 and answers a body cut short
   * with its own 400; Spring Security's firewall refuses a method it does not know. None of these
   * reaches the starter.
   */
  @Override
  protected boolean containerMayRefuse() {
    return true;
  }

  @Override
  protected AdapterServer start(IntFunction<Proauth2> engine) throws IOException {
    int port = freePort();
    Proauth2 oauth = engine.apply(port);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ContractApplication.class)
            .initializers(
                application -> application.getBeanFactory().registerSingleton("proauth2", oauth))
            .properties(
                "server.address=127.0.0.1",
                "server.port=" + port,
                "proauth2.resource-server.url-patterns=/me",
                // Tomcat's default holds a client that stalls mid-body for 60 s
                "server.tomcat.connection-timeout=5s",
                "spring.main.banner-mode=off",
                // The starter's tests carry a JDBC driver-less DataSource starter for others.
                "spring.autoconfigure.exclude="
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
            .run();
    return new AdapterServer() {
      @Override
      public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
      }

      @Override
      public void close() {
        context.close();
      }
    };
  }
}

package dev.proauth2.servlet;

import dev.proauth2.Proauth2;
import dev.proauth2.testkit.AdapterContract;
import dev.proauth2.testkit.AdapterServer;
import java.net.URI;
import java.util.function.IntFunction;

/**
 * The testkit's adapter contract on the servlet and its bearer-token filter, on an embedded Jetty
 * 12 wired as a host would wire them ({@link JettyServer}).
 */
class ServletAdapterContractTest extends AdapterContract {

  @Override
  protected AdapterServer start(IntFunction<Proauth2> engine) {
    JettyServer jetty = new JettyServer(engine, "");
    return new AdapterServer() {
      @Override
      public URI baseUrl() {
        return URI.create(jetty.base());
      }

      @Override
      public void close() {
        jetty.close();
      }
    };
  }
}

package dev.proauth2.example;

import dev.proauth2.Proauth2;
import dev.proauth2.testkit.AdapterContract;
import dev.proauth2.testkit.AdapterServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The testkit's adapter contract on the demo server: the JDK's {@code com.sun.net.httpserver} with
 * the demo's own routes, consent page and {@code /me}, whose one user is always signed in.
 */
class DemoServerAdapterContractTest extends AdapterContract {

  @Override
  protected AdapterServer start(IntFunction<Proauth2> engine) throws IOException {
    DemoServer demo = DemoServer.serve(engine, new PrintStream(OutputStream.nullOutputStream()));
    return new AdapterServer() {
      @Override
      public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + demo.port());
      }

      @Override
      public Optional<String> loginPath() {
        return Optional.empty(); // the demo user is always signed in
      }

      @Override
      public void close() {
        demo.close();
      }
    };
  }
}

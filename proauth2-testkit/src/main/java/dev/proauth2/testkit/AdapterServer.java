package dev.proauth2.testkit;

import java.net.URI;
import java.util.Optional;

/**
 * An adapter's HTTP server that {@link AdapterContract#start} started for the contract, on
 * 127.0.0.1, serving the contract's engine.
 */
public interface AdapterServer extends AutoCloseable {

  /**
   * Where the contract sends its requests: {@code http://127.0.0.1:PORT}, without a trailing slash.
   *
   * @return the scheme, loopback address and port the server listens on
   */
  URI baseUrl();

  /**
   * The path a browser opens with {@code GET} to be signed in as {@link AdapterContract#USER}, its
   * session kept in a cookie; empty when the host has every browser signed in as that user already.
   *
   * @return {@code /login} unless the adapter's test says otherwise
   */
  default Optional<String> loginPath() {
    return Optional.of("/login");
  }

  /** Stops the server; the contract closes the engine itself afterwards. */
  @Override
  void close() throws Exception;
}

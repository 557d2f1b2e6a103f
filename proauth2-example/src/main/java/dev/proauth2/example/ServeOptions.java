package dev.proauth2.example;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of {@code serve}, parsed from the command line.
 *
 * @param port the TCP port on 127.0.0.1; 0 picks a free one
 * @param store the DataStore config string
 * @param issuer the issuer URL, or {@code null} for {@code http://localhost:PORT}
 * @param autoApprove whether {@code /authorize} skips the consent page and approves at once
 * @param metrics whether {@code /metrics} serves the engine's meters in Prometheus's format
 * @param clients the JSON file of clients to apply at start ({@link ClientsFile}), or {@code null}
 */
record ServeOptions(
    int port, String store, String issuer, boolean autoApprove, boolean metrics, Path clients) {

  /** The options without metrics. */
  ServeOptions(int port, String store, String issuer, boolean autoApprove) {
    this(port, store, issuer, autoApprove, false);
  }

  /** The options without a clients file. */
  ServeOptions(int port, String store, String issuer, boolean autoApprove, boolean metrics) {
    this(port, store, issuer, autoApprove, metrics, null);
  }

  /**
   * Parses the arguments after {@code serve}.
   *
   * @throws IllegalArgumentException saying which argument is wrong
   */
  static ServeOptions parse(List<String> args) {
    int port = 8080;
    String store = "memory:";
    String issuer = null;
    boolean autoApprove = false;
    boolean metrics = false;
    Path clients = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      boolean hasValue = i + 1 < args.size();
      switch (arg) {
        case "--port":
          if (!hasValue) {
            throw new IllegalArgumentException("--port needs a number");
          }
          port = parsePort(args.get(++i));
          break;
        case "--store":
          if (!hasValue) {
            throw new IllegalArgumentException("--store needs a config string such as memory:");
          }
          store = args.get(++i);
          break;
        case "--issuer":
          if (!hasValue) {
            throw new IllegalArgumentException("--issuer needs a URL");
          }
          issuer = args.get(++i);
          break;
        case "--auto-approve":
          autoApprove = true;
          break;
        case "--metrics":
          metrics = true;
          break;
        case "--clients":
          if (!hasValue) {
            throw new IllegalArgumentException("--clients needs a JSON file of clients");
          }
          clients = Path.of(args.get(++i));
          break;
        default:
          throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return new ServeOptions(port, store, issuer, autoApprove, metrics, clients);
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--port must be a number from 0 to 65535, not '" + value + "'");
  }
}

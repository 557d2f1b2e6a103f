package dev.proauth2.example;

import dev.proauth2.AccessTokenFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The options of {@code serve}, parsed from the command line.
 *
 * @param port the TCP port on 127.0.0.1; 0 picks a free one
 * @param store the DataStore config string
 * @param issuer the issuer URL, or {@code null} for {@code http://localhost:PORT}
 * @param autoApprove whether {@code /authorize} skips the consent page and approves at once
 * @param metrics whether {@code /metrics} serves the engine's meters in Prometheus's format
 * @param accessTokenFormat opaque or JWT access tokens
 * @param signingKeyRotation how often the signing keys rotate, or {@code null} for the default
 * @param clients the JSON file of clients to apply at start ({@link ClientsFile}), or {@code null}
 */
record ServeOptions(
    int port,
    String store,
    String issuer,
    boolean autoApprove,
    boolean metrics,
    AccessTokenFormat accessTokenFormat,
    Duration signingKeyRotation,
    Path clients) {

  /** The options without metrics, with opaque access tokens and weekly key rotation. */
  ServeOptions(int port, String store, String issuer, boolean autoApprove) {
    this(port, store, issuer, autoApprove, false, AccessTokenFormat.OPAQUE, null, null);
  }

  /** The options without a clients file. */
  ServeOptions(
      int port,
      String store,
      String issuer,
      boolean autoApprove,
      boolean metrics,
      AccessTokenFormat accessTokenFormat,
      Duration signingKeyRotation) {
    this(port, store, issuer, autoApprove, metrics, accessTokenFormat, signingKeyRotation, null);
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
    AccessTokenFormat format = AccessTokenFormat.OPAQUE;
    Duration rotation = null;
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
        case "--access-token-format":
          if (!hasValue) {
            throw new IllegalArgumentException("--access-token-format needs jwt or opaque");
          }
          format = parseFormat(args.get(++i));
          break;
        case "--signing-key-rotation":
          if (!hasValue) {
            throw new IllegalArgumentException("--signing-key-rotation needs a number of seconds");
          }
          rotation = parseRotation(args.get(++i));
          break;
        default:
          throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return new ServeOptions(port, store, issuer, autoApprove, metrics, format, rotation, clients);
  }

  private static AccessTokenFormat parseFormat(String value) {
    if (!value.equals("jwt") && !value.equals("opaque")) {
      throw new IllegalArgumentException("--access-token-format must be jwt or opaque");
    }
    return AccessTokenFormat.of(value);
  }

  private static Duration parseRotation(String value) {
    try {
      long seconds = Long.parseLong(value);
      if (seconds >= 10 && seconds <= 365L * 24 * 3600) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--signing-key-rotation must be a number of seconds from 10 to 31536000 (365 days)");
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

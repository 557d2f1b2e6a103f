package dev.proauth2.endpoint;

import java.net.URI;

/**
 * Where a metadata document is served: its well-known URI inserted between the host and the path of
 * the identifier it describes (RFC 8615). The authorization server's and the protected resource's
 * metadata share the insertion and differ on one slash, so both rules live here.
 */
final class WellKnown {

  private WellKnown() {}

  /**
   * The path for an issuer's document (RFC 8414 section 3.1): any terminating {@code /} of the
   * issuer's path is removed, so {@code https://as.example/tenant/} is served at {@code
   * <wellKnown>/tenant}.
   */
  static String forIssuer(String wellKnown, URI issuer) {
    String path = rawPath(issuer);
    return wellKnown + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
  }

  /**
   * The path for a resource's document (RFC 9728 section 3.1): only the {@code /} right after the
   * host is removed, and any other path is kept as spelled, since the document's {@code resource}
   * must be the identifier exactly; so {@code https://api.example/} is served at {@code
   * <wellKnown>} and {@code https://api.example/mcp/} at {@code <wellKnown>/mcp/}.
   */
  static String forResource(String wellKnown, URI resource) {
    String path = rawPath(resource);
    return wellKnown + (path.equals("/") ? "" : path);
  }

  private static String rawPath(URI identifier) {
    return identifier.getRawPath() == null ? "" : identifier.getRawPath();
  }
}

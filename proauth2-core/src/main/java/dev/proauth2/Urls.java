package dev.proauth2;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Endpoint URLs as the builder takes them: a path under the issuer, or a full URL. */
final class Urls {

  private Urls() {}

  /**
   * A path starting with {@code /} appended to the issuer, or an absolute http(s) URL as given.
   *
   * @throws IllegalArgumentException for anything else
   */
  static String resolve(String issuer, String pathOrUrl) {
    if (check(pathOrUrl).startsWith("/")) {
      String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
      return base + pathOrUrl;
    }
    return pathOrUrl;
  }

  /**
   * Checks that a value is a path starting with {@code /} or an absolute http(s) URL.
   *
   * @throws IllegalArgumentException for anything else
   */
  static String check(String pathOrUrl) {
    if (pathOrUrl.startsWith("/")) {
      return pathOrUrl;
    }
    try {
      URI uri = new URI(pathOrUrl);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
        return pathOrUrl;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "an endpoint must be a path starting with '/' or an absolute http(s) URL: " + pathOrUrl);
  }
}

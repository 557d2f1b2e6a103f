package dev.proauth2;

import dev.proauth2.internal.Loopback;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Redirect URI rules: what may be registered (RFC 9700 section 2.1, RFC 8252 section 7) and how a
 * requested URI is matched against the registered ones (exact string match, except the port of a
 * loopback URI, RFC 8252 section 7.3).
 */
final class RedirectUris {

  /** The most redirect URIs one client may register. */
  static final int MAX_PER_CLIENT = 10;

  private RedirectUris() {}

  /**
   * Checks a URI for registration: absolute, no fragment, no user info; {@code https}, {@code http}
   * on a loopback IP literal, or a private-use scheme with a dot in it (RFC 8252 section 7.1).
   */
  static String checkRegistrable(String uri) {
    Inputs.visibleAscii(
        uri, Table.REDIRECT_URI, Table.MAX_URI, Proauth2Exception.INVALID_REDIRECT_URI);
    URI parsed = parse(uri, Proauth2Exception.INVALID_REDIRECT_URI);
    if (!parsed.isAbsolute()) {
      throw invalid("is not an absolute URI: " + uri);
    }
    if (parsed.getRawFragment() != null || uri.contains("#")) {
      throw invalid("has a fragment, which redirect URIs must not have (RFC 6749 section 3.1.2)");
    }
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      requireHostAndNoUserInfo(parsed, uri);
    } else if (scheme.equals("http")) {
      requireHostAndNoUserInfo(parsed, uri);
      if (!Loopback.isLoopbackHost(parsed.getHost())) {
        throw invalid(
            "uses http on a host other than localhost, 127.0.0.1 or [::1]: use https, or a"
                + " loopback host for native apps (RFC 8252 section 7.3): "
                + uri);
      }
    } else if (!scheme.contains(".")) {
      throw invalid(
          "uses scheme '"
              + scheme
              + "'; only https, loopback http and private-use schemes in reverse domain form"
              + " (such as com.example.app:/callback) are allowed");
    }
    return uri;
  }

  /**
   * Finds which registered URI a requested one matches.
   *
   * @return the requested URI when it matches one of the registered ones
   */
  static Optional<String> match(String requested, List<String> registered) {
    for (String candidate : registered) {
      if (candidate.equals(requested) || sameExceptLoopbackPort(candidate, requested)) {
        return Optional.of(requested);
      }
    }
    return Optional.empty();
  }

  private static boolean sameExceptLoopbackPort(String registered, String requested) {
    if (!registered.startsWith("http://") || !requested.startsWith("http://")) {
      return false;
    }
    URI a;
    URI b;
    try {
      a = new URI(registered);
      b = new URI(requested);
    } catch (URISyntaxException e) {
      return false;
    }
    return a.getHost() != null
        && Loopback.isLoopbackHost(a.getHost())
        && a.getHost().equals(b.getHost())
        && b.getRawUserInfo() == null
        && b.getRawFragment() == null
        && equal(a.getRawPath(), b.getRawPath())
        && equal(a.getRawQuery(), b.getRawQuery());
  }

  private static boolean equal(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  /**
   * Checks an issuer identifier, a builder setting: an https URL without query or fragment (RFC
   * 8414 section 2), or http on a loopback host for development.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static String checkIssuer(String issuer) {
    URI parsed;
    try {
      Inputs.visibleAscii(issuer, "issuer", Table.MAX_URI, Proauth2Exception.SERVER_ERROR);
      parsed = new URI(issuer);
    } catch (Proauth2Exception e) {
      throw new IllegalArgumentException(e.description(), e);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("issuer is not a valid URI: " + e.getMessage(), e);
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    boolean local = scheme.equals("http") && Loopback.isLoopbackHost(parsed.getHost());
    if (!(scheme.equals("https") || local)
        || parsed.getHost() == null
        || parsed.getRawQuery() != null
        || parsed.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "issuer must be an https URL without query or fragment (http only on localhost for"
              + " development): "
              + issuer);
    }
    return issuer;
  }

  private static void requireHostAndNoUserInfo(URI parsed, String uri) {
    if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
      throw invalid("has no host: " + uri);
    }
    if (parsed.getRawUserInfo() != null) {
      throw invalid("has user information before the host, which is not allowed");
    }
  }

  private static URI parse(String uri, String error) {
    try {
      return new URI(uri);
    } catch (URISyntaxException e) {
      throw new Proauth2Exception(error, "redirect URI is not a valid URI: " + e.getReason());
    }
  }

  private static Proauth2Exception invalid(String problem) {
    return new Proauth2Exception(Proauth2Exception.INVALID_REDIRECT_URI, "redirect URI " + problem);
  }
}

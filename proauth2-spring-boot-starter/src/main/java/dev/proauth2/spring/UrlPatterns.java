package dev.proauth2.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The guarded paths of {@code proauth2.resource-server.url-patterns}, as servlet URL patterns: the
 * servlet syntax ({@code /api/*}, {@code /me}, {@code *.json}) as it is, and Spring's path patterns
 * where a servlet pattern means the same or guards more ({@code /api/**} becomes {@code /api/*}).
 * Any other Spring pattern stops the start, so that a configured path is never left unguarded.
 */
final class UrlPatterns {

  /** What the start failure says is accepted. */
  static final String ACCEPTED =
      "an exact path (/me), a path prefix (/api/* or Spring's /api/**, which guard /api and"
          + " everything below it), or an extension (*.json)";

  private final List<String> patterns;

  private UrlPatterns(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /**
   * Reads the patterns of a property.
   *
   * @throws Proauth2StartupException naming the property, the pattern and the accepted syntax
   */
  static UrlPatterns of(List<String> configured, String property) {
    List<String> patterns = new ArrayList<>();
    for (String pattern : configured) {
      patterns.add(servletPattern(pattern == null ? "" : pattern.strip(), property));
    }
    return new UrlPatterns(patterns);
  }

  private static String servletPattern(String pattern, String property) {
    String servlet = pattern;
    if (pattern.equals("/**")) {
      servlet = "/*";
    } else if (pattern.endsWith("/**")) {
      servlet = pattern.substring(0, pattern.length() - 3) + "/*";
    }
    boolean valid;
    if (servlet.startsWith("*.")) {
      valid = servlet.length() > 2 && servlet.indexOf('/') < 0 && servlet.indexOf('*', 1) < 0;
    } else if (servlet.startsWith("/")) {
      String prefix = servlet.endsWith("/*") ? servlet.substring(0, servlet.length() - 2) : servlet;
      valid =
          prefix.indexOf('*') < 0
              && prefix.indexOf('{') < 0
              && prefix.indexOf('?') < 0
              && !prefix.contains("//");
    } else {
      valid = false;
    }
    if (!valid) {
      throw new Proauth2StartupException(
          property + " has the pattern '" + pattern + "', which would leave paths unguarded",
          "Write each pattern of "
              + property
              + " as "
              + ACCEPTED
              + ". Wildcards inside a path (/api/*/orders) and {variables} are not accepted.");
    }
    return servlet;
  }

  /** The servlet URL patterns, for the filter's registration. */
  List<String> servletPatterns() {
    return patterns;
  }

  /** Whether a request's path within the application is one these patterns guard. */
  boolean matches(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return matches(path);
  }

  /** Whether a path is one these patterns guard, as a servlet container maps it. */
  boolean matches(String path) {
    for (String pattern : patterns) {
      if (pattern.startsWith("*.")) {
        if (path.endsWith(pattern.substring(1))) {
          return true;
        }
      } else if (pattern.endsWith("/*")) {
        String prefix = pattern.substring(0, pattern.length() - 2);
        if (path.equals(prefix) || path.startsWith(prefix + "/")) {
          return true;
        }
      } else if (path.equals(pattern)) {
        return true;
      }
    }
    return false;
  }
}

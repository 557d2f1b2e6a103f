package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.util.LinkedHashSet;
import java.util.Set;

/** Parsing and comparing scope strings (RFC 6749 section 3.3). */
final class Scopes {

  /** The most scope values one string may hold. */
  static final int MAX_VALUES = 64;

  private Scopes() {}

  /**
   * Parses a space-separated scope string into its distinct values, in order.
   *
   * @return the values, empty for {@code null}
   * @throws Proauth2Exception with the given code when the string is malformed
   */
  static Set<String> parse(String scope, String error) {
    Set<String> values = new LinkedHashSet<>();
    if (scope == null) {
      return values;
    }
    if (scope.isEmpty() || scope.length() > Table.MAX_SCOPE) {
      throw new Proauth2Exception(error, "scope must have 1 to " + Table.MAX_SCOPE + " characters");
    }
    int start = 0;
    while (start <= scope.length()) {
      int space = scope.indexOf(' ', start);
      int end = space < 0 ? scope.length() : space;
      String value = scope.substring(start, end);
      start = end + 1;
      if (value.isEmpty()) {
        throw new Proauth2Exception(
            error,
            "scope values must be separated by single spaces, with none leading or trailing");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
          throw new Proauth2Exception(
              error, "scope values may only contain visible ASCII other than '\"' and '\\'");
        }
      }
      values.add(value);
    }
    if (values.size() > MAX_VALUES) {
      throw new Proauth2Exception(error, "scope has more than " + MAX_VALUES + " values");
    }
    return values;
  }

  /**
   * Whether a space-separated list (a scope, a client's grant types) holds a value, scanned in
   * place rather than split: every authorization and token request asks this.
   */
  static boolean contains(String list, String value) {
    int at = list.indexOf(value);
    while (at >= 0) {
      int end = at + value.length();
      if ((at == 0 || list.charAt(at - 1) == ' ')
          && (end == list.length() || list.charAt(end) == ' ')) {
        return true;
      }
      at = list.indexOf(value, at + 1);
    }
    return false;
  }

  /** Joins values back into a scope string, or {@code null} when there are none. */
  static String join(Set<String> values) {
    return values.isEmpty() ? null : String.join(" ", values);
  }

  /**
   * Decides the granted scope: what was asked for, which must lie within what is allowed; or, when
   * nothing was asked for, everything allowed. Nothing allowed means no scope, never any scope.
   *
   * @param requested the parsed request
   * @param allowed the allowed scope string, or {@code null} when none is
   * @return the granted scope string, or {@code null}
   */
  static String grant(Set<String> requested, String allowed) {
    if (requested.isEmpty()) {
      return allowed;
    }
    if (allowed == null) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_SCOPE,
          "this client or grant has no scope, so it may not ask for one; register the client with"
              + " the scopes it may ask for");
    }
    for (String value : requested) {
      if (!contains(allowed, value)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_SCOPE,
            "scope '" + value + "' is not among those this client or grant allows: " + allowed);
      }
    }
    return join(requested);
  }
}

package dev.proauth2;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * Takes the engine's own options out of a config string before its store sees it, so a store that
 * refuses unknown options never meets them and its logs never show them.
 */
final class ConfigOptions {

  /**
   * A config string without one option, and that option's decoded value.
   *
   * @param uri the config string without the option
   * @param value the option's value, or {@code null} when it was absent
   */
  record Split(String uri, String value) {}

  private ConfigOptions() {}

  /** Removes every {@code name=value} parameter from the query of a config string. */
  static Split take(String uri, String name) {
    int query = uri.indexOf('?');
    if (query < 0) {
      return new Split(uri, null);
    }
    StringJoiner kept = new StringJoiner("&");
    String value = null;
    for (String parameter : uri.substring(query + 1).split("&", -1)) {
      int equals = parameter.indexOf('=');
      String key = equals < 0 ? parameter : parameter.substring(0, equals);
      if (decode(key).equals(name)) {
        value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
      } else {
        kept.add(parameter);
      }
    }
    String base = uri.substring(0, query);
    return new Split(kept.length() == 0 ? base : base + "?" + kept, value);
  }

  /** Percent-decodes; a '+' stays a '+', as base64 has it, not a space as in a form. */
  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}

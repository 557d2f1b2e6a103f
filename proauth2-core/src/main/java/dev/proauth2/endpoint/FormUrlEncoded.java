package dev.proauth2.endpoint;

import dev.proauth2.spi.Proauth2Exception;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a form body or a URL query) into
 * parameters, within bounds, so a hostile request cannot make the server do unbounded work.
 */
final class FormUrlEncoded {

  /** The longest form body or query decoded, in characters. */
  static final int MAX_LENGTH = 64 * 1024;

  /** The most parameters one form or query may carry. */
  static final int MAX_PARAMETERS = 100;

  private FormUrlEncoded() {}

  /**
   * Decodes the text; pieces without {@code =} are names with an empty value.
   *
   * @param text the encoded text, or {@code null}
   * @param what {@code form body} or {@code query}, for error messages
   * @return parameter names to their values in the order sent
   * @throws Proauth2Exception {@code invalid_request} when too long, too many or badly encoded
   */
  static Map<String, List<String>> decode(String text, String what) {
    if (text == null || text.isEmpty()) {
      return Map.of();
    }
    if (text.length() > MAX_LENGTH) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "the " + what + " is longer than " + MAX_LENGTH + " characters");
    }
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    int count = 0;
    for (String piece : text.split("&")) {
      if (piece.isEmpty()) {
        continue;
      }
      if (++count > MAX_PARAMETERS) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST,
            "the " + what + " has more than " + MAX_PARAMETERS + " parameters");
      }
      int equals = piece.indexOf('=');
      String name = decodePart(equals < 0 ? piece : piece.substring(0, equals), what);
      String value = equals < 0 ? "" : decodePart(piece.substring(equals + 1), what);
      parameters.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    }
    return freeze(parameters);
  }

  /** Copies a parameter map, keeping its order and making it and its lists unmodifiable. */
  static Map<String, List<String>> freeze(Map<String, ? extends List<String>> parameters) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    parameters.forEach(
        (name, values) -> {
          if (name == null || values == null) {
            throw new IllegalArgumentException("parameter names and values must not be null");
          }
          copy.put(name, List.copyOf(values)); // throws NullPointerException for a null value
        });
    return Collections.unmodifiableMap(copy);
  }

  private static String decodePart(String encoded, String what) {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST, "the " + what + " has a malformed %-escape");
    }
  }
}

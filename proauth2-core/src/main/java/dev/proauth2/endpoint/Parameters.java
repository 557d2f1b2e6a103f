package dev.proauth2.endpoint;

import dev.proauth2.spi.Proauth2Exception;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an OAuth request, each sent at most once (RFC 6749 section 3.1 and 3.2): one
 * sent twice is {@code invalid_request}, and one sent without a value counts as omitted. The one
 * exception is {@code resource}, which RFC 8707 lets a client send several times: its values are
 * kept joined with single spaces, which no URI contains.
 */
final class Parameters {

  /** The parameter RFC 8707 allows more than once. */
  static final String RESOURCE = "resource";

  private final Map<String, String> values;

  private Parameters(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Checks and flattens decoded parameters.
   *
   * @throws Proauth2Exception {@code invalid_request} naming the first parameter sent twice
   */
  static Parameters of(Map<String, List<String>> decoded) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> parameter : decoded.entrySet()) {
      if (parameter.getKey().equals(RESOURCE)) {
        List<String> resources = resources(parameter.getValue());
        if (!resources.isEmpty()) {
          values.put(RESOURCE, String.join(" ", resources));
        }
        continue;
      }
      String value = null;
      for (String candidate : parameter.getValue()) {
        if (candidate.isEmpty()) {
          continue;
        }
        if (value != null) {
          throw duplicate(parameter.getKey());
        }
        value = candidate;
      }
      if (value != null) {
        values.put(parameter.getKey(), value);
      }
    }
    return new Parameters(Collections.unmodifiableMap(values));
  }

  /** Whether a parameter of this name was sent more than once with a value. */
  static boolean isDuplicated(Map<String, List<String>> decoded, String name) {
    List<String> values = decoded.get(name);
    return values != null && values.stream().filter(v -> !v.isEmpty()).count() > 1;
  }

  static Proauth2Exception duplicate(String name) {
    return new Proauth2Exception(
        Proauth2Exception.INVALID_REQUEST,
        "parameter '" + printable(name) + "' is sent more than once (RFC 6749 section 3.1)");
  }

  /**
   * Every {@code resource} value, each sent value split at spaces (a URI has none, so a joined list
   * a consent form sent back comes apart again); empty values are left out.
   */
  static List<String> resources(List<String> values) {
    List<String> resources = new ArrayList<>();
    if (values != null) {
      for (String value : values) {
        for (String part : value.split(" ")) {
          if (!part.isEmpty()) {
            resources.add(part);
          }
        }
      }
    }
    return resources;
  }

  /** The {@code resource} values sent, in order. */
  List<String> resources() {
    String joined = values.get(RESOURCE);
    return joined == null ? List.of() : List.of(joined.split(" "));
  }

  /** A parameter's value, or {@code null} when it was not sent. */
  String get(String name) {
    return values.get(name);
  }

  /** A parameter's value, if sent. */
  Optional<String> find(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** A required parameter's value. */
  String require(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, name + " is missing");
    }
    return value;
  }

  /** Every parameter, in the order sent. */
  Map<String, String> asMap() {
    return values;
  }

  /** The parameters as single-valued lists, the shape {@code ClientAuthRequest} takes. */
  Map<String, List<String>> asLists() {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    values.forEach((name, value) -> lists.put(name, List.of(value)));
    return lists;
  }

  /** A parameter name fit for an error description: short, and only visible ASCII. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && i < 64; i++) {
      char c = name.charAt(i);
      out.append(c > 0x20 && c < 0x7F ? c : '?');
    }
    return out.toString();
  }
}

package dev.proauth2.spi;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of a token, introspection or revocation request that carry client credentials: its HTTP
 * headers and its form parameters. Header names are matched without regard to case.
 *
 * @param headers header names to their values
 * @param parameters form parameter names to their values
 */
public record ClientAuthRequest(
    Map<String, List<String>> headers, Map<String, List<String>> parameters) {

  /** Copies both maps; header names are folded to lower case. */
  public ClientAuthRequest {
    Map<String, List<String>> folded = new TreeMap<>();
    Objects.requireNonNull(headers, "headers")
        .forEach((name, values) -> folded.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    headers = Collections.unmodifiableMap(folded);
    Map<String, List<String>> copied = new TreeMap<>();
    Objects.requireNonNull(parameters, "parameters")
        .forEach((name, values) -> copied.put(name, List.copyOf(values)));
    parameters = Collections.unmodifiableMap(copied);
  }

  /**
   * The one value of a header.
   *
   * @throws Proauth2Exception {@code invalid_request} when the header is sent more than once
   */
  public Optional<String> header(String name) {
    return single(headers.get(name.toLowerCase(Locale.ROOT)), "header " + name);
  }

  /**
   * The one value of a form parameter.
   *
   * @throws Proauth2Exception {@code invalid_request} when the parameter is sent more than once
   *     (RFC 6749 section 3.2)
   */
  public Optional<String> parameter(String name) {
    return single(parameters.get(name), "parameter " + name);
  }

  private static Optional<String> single(List<String> values, String what) {
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST, what + " is sent more than once");
    }
    return Optional.of(values.get(0));
  }
}

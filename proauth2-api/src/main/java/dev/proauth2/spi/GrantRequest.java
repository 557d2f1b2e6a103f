package dev.proauth2.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A token request for an {@link ExtensionGrant}: its {@code grant_type} and every other parameter
 * the client sent, as sent. The client's credentials are not among them; the engine has checked
 * them before the grant sees the request. No {@code toString()} shows a value, since values are
 * tokens.
 *
 * @param grantType the {@code grant_type}, an absolute URI
 * @param parameters every other parameter with its values, in the order sent
 */
public record GrantRequest(String grantType, Map<String, List<String>> parameters) {

  /** The most parameters one request may carry. */
  public static final int MAX_PARAMETERS = 64;

  /**
   * Copies the parameters, leaving out empty values (RFC 6749 section 3.2: a parameter sent without
   * a value is omitted).
   *
   * @throws Proauth2Exception {@code invalid_request} for more than {@link #MAX_PARAMETERS}
   *     parameters, or a {@code null} name or value
   */
  public GrantRequest {
    Objects.requireNonNull(grantType, "grantType");
    Objects.requireNonNull(parameters, "parameters");
    if (parameters.size() > MAX_PARAMETERS) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "a token request may carry at most " + MAX_PARAMETERS + " parameters");
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (parameter.getKey() == null || parameter.getValue() == null) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST, "a parameter has no name or no values");
      }
      List<String> values = new ArrayList<>();
      for (String value : parameter.getValue()) {
        if (value == null) {
          throw new Proauth2Exception(
              Proauth2Exception.INVALID_REQUEST, "a parameter has a null value");
        }
        if (!value.isEmpty()) {
          values.add(value);
        }
      }
      if (!values.isEmpty()) {
        copy.put(parameter.getKey(), List.copyOf(values));
      }
    }
    parameters = Collections.unmodifiableMap(copy);
  }

  /** A request with one value per parameter, as the Java API builds it. */
  public static GrantRequest of(String grantType, Map<String, String> parameters) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    parameters.forEach(
        (name, value) -> lists.put(name, value == null ? List.of() : List.of(value)));
    return new GrantRequest(grantType, lists);
  }

  /**
   * The value of a parameter that may be sent once.
   *
   * @return the value, or empty when it was not sent
   * @throws Proauth2Exception {@code invalid_request} when it was sent more than once
   */
  public Optional<String> single(String name) {
    List<String> values = parameters.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "parameter '" + name + "' is sent more than once (RFC 6749 section 3.1)");
    }
    return values.stream().findFirst();
  }

  /**
   * The value of a required parameter that may be sent once.
   *
   * @throws Proauth2Exception {@code invalid_request} when it is missing or sent more than once
   */
  public String required(String name) {
    return single(name)
        .orElseThrow(
            () -> new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, name + " is missing"));
  }

  /** Every value of a parameter that may be sent several times, such as {@code resource}. */
  public List<String> all(String name) {
    return parameters.getOrDefault(name, List.of());
  }

  @Override
  public String toString() {
    return "GrantRequest[grantType=" + grantType + ", parameters=" + parameters.keySet() + "]";
  }
}

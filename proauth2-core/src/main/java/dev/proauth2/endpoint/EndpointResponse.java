package dev.proauth2.endpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an endpoint answers: the HTTP status, the headers and the body. The host copies all three
 * into its framework's response unchanged; they already follow the RFC the endpoint implements.
 *
 * @param status the HTTP status code
 * @param headers header names to values, in the order to send them
 * @param body the body, empty when there is none; it may hold tokens, so never log it
 */
public record EndpointResponse(int status, Map<String, String> headers, String body) {

  /** The JSON media type of every JSON response. */
  public static final String JSON = "application/json;charset=UTF-8";

  /** Checks the status and copies the headers, keeping their order. */
  public EndpointResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers)));
    body = body == null ? "" : body;
  }

  /**
   * A JSON response that no cache may keep ({@code Cache-Control: no-store}, {@code Pragma:
   * no-cache}), as RFC 6749 section 5.1 asks of anything that carries a token; also right for a
   * protected resource's answer.
   *
   * @param status the HTTP status
   * @param object the JSON object's members: strings, numbers, booleans, {@code null}, lists and
   *     maps of those, written with RFC 8259 escaping
   */
  public static EndpointResponse json(int status, Map<String, ?> object) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", JSON);
    headers.put("Cache-Control", "no-store");
    headers.put("Pragma", "no-cache");
    return new EndpointResponse(status, headers, JsonWriter.write(object));
  }

  /**
   * An OAuth error response (RFC 6749 section 5.2): the JSON object with {@code error} and {@code
   * error_description}, marked as {@link #json} marks it; for an adapter that refuses a request
   * before any endpoint sees it, such as a body too large to read.
   *
   * @param status the HTTP status, 400 to 599
   * @param error the error code, such as {@code invalid_request}
   * @param description what went wrong and what to do next; never a secret or a token
   * @throws IllegalArgumentException when the status is not an error status
   */
  public static EndpointResponse error(int status, String error, String description) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an HTTP error status: " + status);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", Objects.requireNonNull(error, "error"));
    body.put("error_description", Objects.requireNonNull(description, "description"));
    return json(status, body);
  }

  /** The value of a header, matched without regard to case. */
  public Optional<String> header(String name) {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return Optional.of(header.getValue());
      }
    }
    return Optional.empty();
  }

  /** Adds or replaces a header. */
  public EndpointResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
    copy.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
    return new EndpointResponse(status, copy, body);
  }

  /** Shows the status and header names; never the body or a {@code Location}, which carry codes. */
  @Override
  public String toString() {
    return "EndpointResponse[status="
        + status
        + ", headers="
        + headers.keySet()
        + ", body="
        + body.length()
        + " chars]";
  }
}

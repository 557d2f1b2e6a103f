package dev.proauth2;

import java.util.Objects;

/**
 * A DPoP proof as an HTTP request carried it (RFC 9449 section 4.1), with what it must be checked
 * against: the request's method and URL.
 *
 * @param proof the {@code DPoP} header's value
 * @param method the request's HTTP method
 * @param url the URL the client sent the request to, without query or fragment
 */
public record DPoPRequest(String proof, String method, String url) {

  /** Checks the values are present; the engine checks the rest. */
  public DPoPRequest {
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
  }

  /** Keeps the proof out of logs. */
  @Override
  public String toString() {
    return "DPoPRequest[method=" + method + ", url=" + url + "]";
  }
}

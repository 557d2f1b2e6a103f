package dev.proauth2;

import java.util.Objects;

/**
 * The answer to a pushed authorization request (RFC 9126 section 2.2): the {@code request_uri} the
 * client sends to the authorization endpoint with its {@code client_id}, and how long it may.
 *
 * @param requestUri {@code urn:ietf:params:oauth:request_uri:} and a random value, usable once
 * @param expiresIn seconds until it expires
 */
public record PushedAuthorization(String requestUri, long expiresIn) {

  /** Checks the values are present. */
  public PushedAuthorization {
    Objects.requireNonNull(requestUri, "requestUri");
  }

  /** Keeps the reference out of logs: it stands for the request until it is used. */
  @Override
  public String toString() {
    return "PushedAuthorization[requestUri=<redacted>, expiresIn=" + expiresIn + "]";
  }
}

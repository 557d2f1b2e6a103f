package dev.proauth2;

import java.time.Duration;
import java.util.Objects;

/**
 * The engine's public signing keys, as the {@code jwks_uri} serves them.
 *
 * @param json the JSON Web Key Set (RFC 7517): public keys only, each with {@code kid}, {@code use}
 *     and {@code alg}
 * @param maxAge how long a resource server may cache it: shorter than the time a new key is
 *     published before it signs, so every cache holds a key before it meets a token it signed
 */
public record PublicKeys(String json, Duration maxAge) {

  /** Checks both are present. */
  public PublicKeys {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(maxAge, "maxAge");
  }
}

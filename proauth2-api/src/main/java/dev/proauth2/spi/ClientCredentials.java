package dev.proauth2.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What a client presented to prove who it is, as a {@link ClientAuthMethod} extracted it.
 *
 * @param method the {@link ClientAuthMethod#name()} that extracted them
 * @param clientId the client's id
 * @param secret the client secret, or the signed assertion for {@code private_key_jwt}, or {@code
 *     null} for methods without one (such as {@code none}); never shown by {@link #toString()}
 * @param source where the request came from as the host sees it (its network address), or {@code
 *     null}; the engine counts failed authentications per client and source. A method leaves it
 *     out: the endpoint adds it with {@link #from(String)}
 */
public record ClientCredentials(String method, String clientId, String secret, String source) {

  /** The longest client id accepted; anything longer cannot be ours. */
  public static final int MAX_LENGTH = 512;

  /** The longest secret or assertion accepted: room for a JWT signed with a 4096-bit RSA key. */
  public static final int MAX_SECRET_LENGTH = 8 * 1024;

  /** Checks that the id and secret are present, bounded and printable. */
  public ClientCredentials {
    Objects.requireNonNull(method, "method");
    check(clientId, "client_id", MAX_LENGTH);
    if (secret != null) {
      check(secret, "client_secret", MAX_SECRET_LENGTH);
    }
    if (source != null && source.length() > MAX_LENGTH) {
      source = source.substring(0, MAX_LENGTH);
    }
  }

  /** Credentials as a method extracts them, with no source yet. */
  public ClientCredentials(String method, String clientId, String secret) {
    this(method, clientId, secret, null);
  }

  /** The same credentials, presented from {@code source} (or from nowhere known, for null). */
  public ClientCredentials from(String source) {
    return new ClientCredentials(method, clientId, secret, source);
  }

  /** The secret, when the method carries one. */
  public Optional<String> optionalSecret() {
    return Optional.ofNullable(secret);
  }

  private static void check(String value, String name, int maxLength) {
    if (value == null || value.isEmpty()) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_CLIENT, name + " is missing or empty");
    }
    if (value.length() > maxLength) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT, name + " is longer than " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT, name + " contains a control character");
      }
    }
  }

  @Override
  public String toString() {
    return "ClientCredentials[method="
        + method
        + ", clientId="
        + clientId
        + ", secret="
        + (secret == null ? "none" : "REDACTED")
        + ", source="
        + source
        + "]";
  }
}

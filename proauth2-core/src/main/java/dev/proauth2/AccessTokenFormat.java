package dev.proauth2;

import java.util.Locale;
import java.util.Objects;

/**
 * How an access token is written. Either way the engine keeps a record under the token's SHA-256
 * hash, so the token check, introspection and revocation work the same for both.
 */
public enum AccessTokenFormat {

  /** A random string that means nothing outside this server: checked here or by introspection. */
  OPAQUE("opaque"),

  /**
   * A JWT signed by the engine's keys (RFC 9068), which a remote resource server can verify alone
   * against the {@code jwks_uri}; it needs a {@link TokenSigner} ({@code proauth2-jose}).
   */
  JWT("jwt");

  private final String value;

  AccessTokenFormat(String value) {
    this.value = value;
  }

  /** The format's name in configuration: {@code opaque} or {@code jwt}. */
  public String value() {
    return value;
  }

  /**
   * The format a configuration value names.
   *
   * @throws IllegalArgumentException for any other value, naming the two accepted
   */
  public static AccessTokenFormat of(String value) {
    Objects.requireNonNull(value, "value");
    for (AccessTokenFormat format : values()) {
      if (format.value.equals(value.toLowerCase(Locale.ROOT))) {
        return format;
      }
    }
    throw new IllegalArgumentException("unknown access token format; use opaque or jwt");
  }
}

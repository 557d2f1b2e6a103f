package dev.proauth2.authmethod.jwt;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The limits of {@link PrivateKeyJwt}: how long an assertion may live, how much clock skew is
 * forgiven, and how a client's {@code jwks_uri} is fetched and cached.
 *
 * <p>The method found by {@link java.util.ServiceLoader} reads them from system properties named
 * {@code proauth2.private_key_jwt.} followed by the component's name ({@code
 * proauth2.private_key_jwt.maxLifetime=PT2M}); durations are ISO-8601, as {@link Duration#parse}
 * reads them. A host that builds the method itself passes a settings record instead.
 *
 * @param maxLifetime how far ahead of now an assertion's {@code exp} may be; 1 s to 1 h, default 5
 *     min
 * @param clockSkew how much {@code exp}, {@code nbf} and {@code iat} may be off; 0 to 5 min,
 *     default 60 s
 * @param fetchTimeout the most a {@code jwks_uri} fetch may take, connecting and reading together;
 *     1 ms to 30 s, default 3 s
 * @param maxJwksBytes the largest key set read from a {@code jwks_uri}; 1 KiB to 1 MiB, default 64
 *     KiB
 * @param jwksCacheTtl how long a fetched key set is used before it is fetched again; 0 to 1 day,
 *     default 5 min
 * @param refetchInterval the least time between two fetches of one {@code jwks_uri}, when an
 *     assertion names a key the cached set lacks or a fetch failed; 0 to 1 h, default 30 s
 */
public record PrivateKeyJwtSettings(
    Duration maxLifetime,
    Duration clockSkew,
    Duration fetchTimeout,
    int maxJwksBytes,
    Duration jwksCacheTtl,
    Duration refetchInterval) {

  /** The prefix of the system properties {@link #fromSystemProperties()} reads. */
  public static final String PROPERTY_PREFIX = "proauth2.private_key_jwt.";

  /** The defaults: 5 min, 60 s, 3 s, 64 KiB, 5 min, 30 s. */
  public static final PrivateKeyJwtSettings DEFAULTS =
      new PrivateKeyJwtSettings(
          Duration.ofMinutes(5),
          Duration.ofSeconds(60),
          Duration.ofSeconds(3),
          64 * 1024,
          Duration.ofMinutes(5),
          Duration.ofSeconds(30));

  /** Checks every limit against its range. */
  public PrivateKeyJwtSettings {
    within("maxLifetime", maxLifetime, Duration.ofSeconds(1), Duration.ofHours(1));
    within("clockSkew", clockSkew, Duration.ZERO, Duration.ofMinutes(5));
    within("fetchTimeout", fetchTimeout, Duration.ofMillis(1), Duration.ofSeconds(30));
    if (maxJwksBytes < 1024 || maxJwksBytes > 1024 * 1024) {
      throw new IllegalArgumentException(
          "maxJwksBytes must be 1024 to 1048576; got " + maxJwksBytes);
    }
    within("jwksCacheTtl", jwksCacheTtl, Duration.ZERO, Duration.ofDays(1));
    within("refetchInterval", refetchInterval, Duration.ZERO, Duration.ofHours(1));
  }

  /**
   * The defaults, each replaced by its system property when one is set.
   *
   * @throws IllegalArgumentException quoting the property and its value when one cannot be read or
   *     is out of range
   */
  public static PrivateKeyJwtSettings fromSystemProperties() {
    return fromProperties(name -> System.getProperty(PROPERTY_PREFIX + name));
  }

  /** The defaults, each replaced by the value {@code lookup} gives for its component's name. */
  static PrivateKeyJwtSettings fromProperties(UnaryOperator<String> lookup) {
    PrivateKeyJwtSettings d = DEFAULTS;
    return new PrivateKeyJwtSettings(
        duration(lookup, "maxLifetime", d.maxLifetime()),
        duration(lookup, "clockSkew", d.clockSkew()),
        duration(lookup, "fetchTimeout", d.fetchTimeout()),
        integer(lookup, "maxJwksBytes", d.maxJwksBytes()),
        duration(lookup, "jwksCacheTtl", d.jwksCacheTtl()),
        duration(lookup, "refetchInterval", d.refetchInterval()));
  }

  private static Duration duration(UnaryOperator<String> lookup, String name, Duration fallback) {
    String value = lookup.apply(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          PROPERTY_PREFIX + name + "='" + value + "' is not an ISO-8601 duration such as PT30S", e);
    }
  }

  private static int integer(UnaryOperator<String> lookup, String name, int fallback) {
    String value = lookup.apply(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          PROPERTY_PREFIX + name + "='" + value + "' is not a whole number of bytes", e);
    }
  }

  private static void within(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + "; got " + value);
    }
  }
}

package dev.proauth2.authmethod.jwt;

import dev.proauth2.spi.DataStoreConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The limits of {@link PrivateKeyJwt}: how long an assertion may live, how much clock skew is
 * forgiven, how a client's {@code jwks_uri} key set is cached, and which audiences an assertion may
 * name. How long a fetch may take is the engine's ({@code Proauth2.Builder.fetchTimeout}), which
 * bounds every outbound fetch.
 *
 * <p>The method found by {@link java.util.ServiceLoader} reads them from system properties named
 * {@code proauth2.private_key_jwt.} followed by the component's name ({@code
 * proauth2.private_key_jwt.maxLifetime=2m}); durations are written {@code 250ms}, {@code 30s},
 * {@code 5m}, {@code 2h}, {@code 1d} or in ISO-8601 ({@code PT2M}). A host that builds the method
 * itself passes a settings record instead.
 *
 * @param maxLifetime how far ahead of now an assertion's {@code exp} may be; 1 s to 1 h, default 5
 *     min
 * @param clockSkew how much {@code exp}, {@code nbf} and {@code iat} may be off, in whole seconds;
 *     0 to 5 min, default 60 s
 * @param maxJwksBytes the largest key set read from a {@code jwks_uri}; 1 KiB to 1 MiB, default 64
 *     KiB
 * @param jwksCacheTtl how long a fetched key set is used before it is fetched again; 1 s to 1 day,
 *     default 5 min
 * @param refetchInterval the window in which a {@code jwks_uri} is fetched at most twice (its first
 *     fetch, and one more for a {@code kid} the set lacks or after a failure); 0 to {@code
 *     jwksCacheTtl} and at most 1 h, default 30 s
 * @param acceptTokenEndpointAudience whether an assertion's {@code aud} may also be the token
 *     endpoint URL, or an array naming the issuer or that URL, as RFC 7523 allowed; by default only
 *     the issuer, as a single string, is accepted (draft-ietf-oauth-rfc7523bis)
 */
public record PrivateKeyJwtSettings(
    Duration maxLifetime,
    Duration clockSkew,
    int maxJwksBytes,
    Duration jwksCacheTtl,
    Duration refetchInterval,
    boolean acceptTokenEndpointAudience) {

  /** The prefix of the system properties {@link #fromSystemProperties()} reads. */
  public static final String PROPERTY_PREFIX = "proauth2.private_key_jwt.";

  /** The defaults: 5 min, 60 s, 64 KiB, 5 min, 30 s, and the issuer alone as audience. */
  public static final PrivateKeyJwtSettings DEFAULTS =
      new PrivateKeyJwtSettings(
          Duration.ofMinutes(5),
          Duration.ofSeconds(60),
          64 * 1024,
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          false);

  /** Checks every limit against its range. */
  public PrivateKeyJwtSettings {
    within("maxLifetime", maxLifetime, Duration.ofSeconds(1), Duration.ofHours(1));
    within("clockSkew", clockSkew, Duration.ZERO, Duration.ofMinutes(5));
    if (clockSkew.getNano() != 0) {
      throw new IllegalArgumentException(
          "clockSkew must be whole seconds (the JWT claims count seconds); got " + clockSkew);
    }
    if (maxJwksBytes < 1024 || maxJwksBytes > 1024 * 1024) {
      throw new IllegalArgumentException(
          "maxJwksBytes must be 1024 to 1048576; got " + maxJwksBytes);
    }
    within("jwksCacheTtl", jwksCacheTtl, Duration.ofSeconds(1), Duration.ofDays(1));
    within("refetchInterval", refetchInterval, Duration.ZERO, Duration.ofHours(1));
    if (refetchInterval.compareTo(jwksCacheTtl) > 0) {
      throw new IllegalArgumentException(
          "refetchInterval must not be longer than jwksCacheTtl, or a cached set could expire"
              + " while no fetch is allowed; got "
              + refetchInterval
              + " and "
              + jwksCacheTtl);
    }
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
        integer(lookup, "maxJwksBytes", d.maxJwksBytes()),
        duration(lookup, "jwksCacheTtl", d.jwksCacheTtl()),
        duration(lookup, "refetchInterval", d.refetchInterval()),
        bool(lookup, "acceptTokenEndpointAudience", d.acceptTokenEndpointAudience()));
  }

  private static Duration duration(UnaryOperator<String> lookup, String name, Duration fallback) {
    String value = lookup.apply(name);
    if (value == null) {
      return fallback;
    }
    return DataStoreConfig.parseDuration(value.trim())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    PROPERTY_PREFIX
                        + name
                        + "='"
                        + value
                        + "' is not a duration; write 30s, 5m, 2h, 1d, 250ms, or ISO-8601 such"
                        + " as PT30S"));
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

  private static boolean bool(UnaryOperator<String> lookup, String name, boolean fallback) {
    String value = lookup.apply(name);
    if (value == null) {
      return fallback;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(
            PROPERTY_PREFIX + name + "='" + value + "' is neither true nor false");
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

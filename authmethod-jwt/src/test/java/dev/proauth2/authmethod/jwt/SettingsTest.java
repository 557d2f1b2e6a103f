package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The method's limits: defaults, system properties, and ranges. */
class SettingsTest {

  private static final PrivateKeyJwtSettings D = PrivateKeyJwtSettings.DEFAULTS;

  @Test
  @DisplayName(
      "without properties the defaults hold: 5 min, 60 s, 64 KiB, 5 min, 30 s, issuer alone as aud")
  void defaults() {
    assertEquals(D, PrivateKeyJwtSettings.fromProperties(name -> null));
    assertEquals(Duration.ofMinutes(5), D.maxLifetime());
    assertEquals(Duration.ofSeconds(60), D.clockSkew());
    assertEquals(64 * 1024, D.maxJwksBytes());
    assertEquals(Duration.ofMinutes(5), D.jwksCacheTtl());
    assertEquals(Duration.ofSeconds(30), D.refetchInterval());
    assertFalse(D.acceptTokenEndpointAudience());
  }

  @Test
  @DisplayName("each property replaces its default")
  void properties() {
    Map<String, String> set =
        Map.of(
            "maxLifetime", "PT2M",
            "clockSkew", "PT10S",
            "maxJwksBytes", "8192",
            "jwksCacheTtl", "PT1M",
            "refetchInterval", "PT0S",
            "acceptTokenEndpointAudience", "true");
    assertEquals(
        new PrivateKeyJwtSettings(
            Duration.ofMinutes(2),
            Duration.ofSeconds(10),
            8192,
            Duration.ofMinutes(1),
            Duration.ZERO,
            true),
        PrivateKeyJwtSettings.fromProperties(set::get));
  }

  @Test
  @DisplayName("durations read the short form too: 2m, 10s, 1h, 250ms")
  void shortDurations() {
    Map<String, String> set =
        Map.of(
            "maxLifetime", "2m",
            "clockSkew", "10s",
            "jwksCacheTtl", "1h",
            "refetchInterval", "250ms");
    PrivateKeyJwtSettings read = PrivateKeyJwtSettings.fromProperties(set::get);
    assertEquals(Duration.ofMinutes(2), read.maxLifetime());
    assertEquals(Duration.ofSeconds(10), read.clockSkew());
    assertEquals(Duration.ofHours(1), read.jwksCacheTtl());
    assertEquals(Duration.ofMillis(250), read.refetchInterval());
  }

  @Test
  @DisplayName("the service-loaded constructor reads the system properties")
  void systemProperties() {
    String name = PrivateKeyJwtSettings.PROPERTY_PREFIX + "maxLifetime";
    System.setProperty(name, "1m");
    try {
      assertEquals(
          Duration.ofMinutes(1), PrivateKeyJwtSettings.fromSystemProperties().maxLifetime());
      assertTrue(new PrivateKeyJwt().toString().contains("maxLifetime=PT1M"));
    } finally {
      System.clearProperty(name);
    }
  }

  @Test
  @DisplayName("a malformed property is an error that quotes the property and its value")
  void malformed() {
    IllegalArgumentException duration =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivateKeyJwtSettings.fromProperties(n -> n.equals("clockSkew") ? "60 sec" : null));
    assertTrue(
        duration.getMessage().contains("proauth2.private_key_jwt.clockSkew='60 sec'"),
        duration.getMessage());
    IllegalArgumentException flag =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivateKeyJwtSettings.fromProperties(
                    n -> n.equals("acceptTokenEndpointAudience") ? "yes" : null));
    assertTrue(
        flag.getMessage().contains("proauth2.private_key_jwt.acceptTokenEndpointAudience='yes'"),
        flag.getMessage());
  }

  @Test
  @DisplayName("values out of range are refused, naming the setting and its range")
  void ranges() {
    IllegalArgumentException lifetime =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new PrivateKeyJwtSettings(
                    Duration.ofDays(1),
                    D.clockSkew(),
                    D.maxJwksBytes(),
                    D.jwksCacheTtl(),
                    D.refetchInterval(),
                    false));
    assertTrue(lifetime.getMessage().startsWith("maxLifetime must be between"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PrivateKeyJwtSettings(
                D.maxLifetime(), D.clockSkew(), 100, D.jwksCacheTtl(), D.refetchInterval(), false));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PrivateKeyJwtSettings(
                D.maxLifetime(),
                D.clockSkew(),
                D.maxJwksBytes(),
                Duration.ZERO,
                Duration.ZERO,
                false));
    assertThrows(
        NullPointerException.class,
        () ->
            new PrivateKeyJwtSettings(
                D.maxLifetime(),
                null,
                D.maxJwksBytes(),
                D.jwksCacheTtl(),
                D.refetchInterval(),
                false));
  }

  @Test
  @DisplayName("a refetch interval longer than the cache TTL is refused")
  void refetchWithinTtl() {
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new PrivateKeyJwtSettings(
                    D.maxLifetime(),
                    D.clockSkew(),
                    D.maxJwksBytes(),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(30),
                    false));
    assertTrue(thrown.getMessage().contains("refetchInterval"), thrown.getMessage());
  }

  @Test
  @DisplayName("a clock skew of a fraction of a second is refused: claims count whole seconds")
  void wholeSecondSkew() {
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivateKeyJwtSettings.fromProperties(n -> n.equals("clockSkew") ? "1500ms" : null));
    assertTrue(thrown.getMessage().contains("whole seconds"), thrown.getMessage());
  }
}

package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The method's limits: defaults, system properties, and ranges. */
class SettingsTest {

  @Test
  @DisplayName("without properties the defaults hold: 5 min, 60 s, 3 s, 64 KiB, 5 min, 30 s")
  void defaults() {
    assertEquals(
        PrivateKeyJwtSettings.DEFAULTS, PrivateKeyJwtSettings.fromProperties(name -> null));
    assertEquals(Duration.ofMinutes(5), PrivateKeyJwtSettings.DEFAULTS.maxLifetime());
    assertEquals(64 * 1024, PrivateKeyJwtSettings.DEFAULTS.maxJwksBytes());
  }

  @Test
  @DisplayName("each property replaces its default")
  void properties() {
    Map<String, String> set =
        Map.of(
            "maxLifetime", "PT2M",
            "clockSkew", "PT10S",
            "fetchTimeout", "PT1S",
            "maxJwksBytes", "8192",
            "jwksCacheTtl", "PT1M",
            "refetchInterval", "PT0S");
    assertEquals(
        new PrivateKeyJwtSettings(
            Duration.ofMinutes(2),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            8192,
            Duration.ofMinutes(1),
            Duration.ZERO),
        PrivateKeyJwtSettings.fromProperties(set::get));
  }

  @Test
  @DisplayName("the service-loaded constructor reads the system properties")
  void systemProperties() {
    String name = PrivateKeyJwtSettings.PROPERTY_PREFIX + "maxLifetime";
    System.setProperty(name, "PT1M");
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
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () -> PrivateKeyJwtSettings.fromProperties(n -> n.equals("clockSkew") ? "60s" : null));
    assertTrue(thrown.getMessage().contains("proauth2.private_key_jwt.clockSkew='60s'"));
  }

  @Test
  @DisplayName("values out of range are refused, naming the setting and its range")
  void ranges() {
    PrivateKeyJwtSettings d = PrivateKeyJwtSettings.DEFAULTS;
    IllegalArgumentException lifetime =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new PrivateKeyJwtSettings(
                    Duration.ofDays(1),
                    d.clockSkew(),
                    d.fetchTimeout(),
                    d.maxJwksBytes(),
                    d.jwksCacheTtl(),
                    d.refetchInterval()));
    assertTrue(lifetime.getMessage().startsWith("maxLifetime must be between"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PrivateKeyJwtSettings(
                d.maxLifetime(),
                d.clockSkew(),
                d.fetchTimeout(),
                100,
                d.jwksCacheTtl(),
                d.refetchInterval()));
    assertThrows(
        NullPointerException.class,
        () ->
            new PrivateKeyJwtSettings(
                d.maxLifetime(),
                null,
                d.fetchTimeout(),
                d.maxJwksBytes(),
                d.jwksCacheTtl(),
                d.refetchInterval()));
  }
}

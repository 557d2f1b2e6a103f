package dev.proauth2.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataStoreConfigTest {

  @Test
  @DisplayName("'memory:' has a scheme and nothing else")
  void memory() {
    DataStoreConfig config = DataStoreConfig.parse("memory:");
    assertEquals("memory", config.scheme());
    assertNull(config.host());
    assertEquals(-1, config.port());
    assertNull(config.database());
    assertEquals(Map.of(), config.options());
  }

  @Test
  @DisplayName("every part of a full URI is parsed and percent-decoded; '+' stays '+'")
  void fullUri() {
    DataStoreConfig config =
        DataStoreConfig.parse(
            "REDIS://app%40corp:p%3Ass+w@cache.example:6380/2?prefix=a%2Fb&timeout=5s");
    assertEquals("redis", config.scheme());
    assertEquals("app@corp", config.user());
    assertEquals("p:ss+w", config.password());
    assertEquals("cache.example", config.host());
    assertEquals(6380, config.port());
    assertEquals("2", config.database());
    assertEquals(Map.of("prefix", "a/b", "timeout", "5s"), config.options());
  }

  @Test
  @DisplayName("with several hosts, host and port name the first; the raw URI is kept for drivers")
  void multiHost() {
    String uri = "mongodb://db1:27017,db2:27018/proauth2?replicaSet=rs0";
    DataStoreConfig config = DataStoreConfig.parse(uri);
    assertEquals("db1", config.host());
    assertEquals(27017, config.port());
    assertEquals("proauth2", config.database());
    assertEquals(uri, config.uri());
  }

  @Test
  @DisplayName("an IPv6 literal host keeps its brackets")
  void ipv6() {
    DataStoreConfig config = DataStoreConfig.parse("redis://[::1]:6379");
    assertEquals("[::1]", config.host());
    assertEquals(6379, config.port());
  }

  @Test
  @DisplayName("toString and redactedUri never show the password or a secret option")
  void redaction() {
    DataStoreConfig config =
        DataStoreConfig.parse(
            "redis://admin:hunter2@cache:6379/0?sentinelPassword=s3cret&prefix=x");
    assertFalse(config.toString().contains("hunter2"), config.toString());
    assertFalse(config.toString().contains("s3cret"), config.toString());
    assertFalse(config.redactedUri().contains("hunter2"), config.redactedUri());
    assertFalse(config.redactedUri().contains("s3cret"), config.redactedUri());
    assertTrue(config.redactedUri().contains("prefix=x"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:mysql://app:hunter2@db:3306/auth?useSSL=true",
        "jdbc:postgresql://db/auth?user=app&password=hunter2",
        "jdbc:h2:mem:auth;USER=sa;PASSWORD=hunter2;MODE=PostgreSQL",
        "jdbc:sqlserver://db;user=app;Password=hunter2;databaseName=auth",
        "jdbc:h2:tcp://db/auth;CIPHER=AES;FILE_PASSWORD=hunter2"
      })
  @DisplayName("a JDBC URL's password is redacted too: user info, query option or ;PASSWORD=")
  void jdbcRedaction(String uri) {
    DataStoreConfig config = DataStoreConfig.parse(uri);
    assertFalse(config.toString().contains("hunter2"), config.toString());
    assertFalse(config.redactedUri().contains("hunter2"), config.redactedUri());
    assertTrue(config.redactedUri().contains("REDACTED"), config.redactedUri());
    assertTrue(config.redactedUri().startsWith("jdbc:"), config.redactedUri());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "no-scheme",
        ":nothing",
        "1redis://host",
        "redis://host:notaport",
        "redis://host:70000",
        "redis://host:0",
        "redis://host/0?a=1&a=2",
        "redis://host/0?&",
        "redis://host/0#frag",
        "redis://host/%zz",
        "redis://host/%C3",
        "redis://[::1",
        "redis://host name"
      })
  @DisplayName("malformed config strings are refused with server_error")
  void malformed(String uri) {
    Proauth2Exception thrown =
        assertThrows(Proauth2Exception.class, () -> DataStoreConfig.parse(uri));
    assertEquals(Proauth2Exception.SERVER_ERROR, thrown.error());
  }

  @Test
  @DisplayName("a malformed config string with a password does not repeat the password")
  void malformedKeepsPasswordSecret() {
    Proauth2Exception thrown =
        assertThrows(
            Proauth2Exception.class,
            () -> DataStoreConfig.parse("redis://user:hunter2@host:badport"));
    assertFalse(thrown.getMessage().contains("hunter2"), thrown.getMessage());
  }

  @Test
  @DisplayName("a config string over 4096 characters is refused")
  void tooLong() {
    assertThrows(
        Proauth2Exception.class, () -> DataStoreConfig.parse("memory:?x=" + "a".repeat(5000)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mongodb://app:qx/zv@db/proauth2",
        "redis://:qx/zv@cache:6379/0",
        "redis://u:qx?zv@cache:6379",
        "redis://u:12?zv@cache:6379",
        "mongodb+srv://app:qx?zv/w@cluster0.example.net/proauth2"
      })
  @DisplayName("a raw '/' or '?' in a password is refused without quoting any part of it")
  void rawDelimiterInPassword(String uri) {
    Proauth2Exception thrown =
        assertThrows(Proauth2Exception.class, () -> DataStoreConfig.parse(uri));
    assertEquals(Proauth2Exception.SERVER_ERROR, thrown.error());
    assertFalse(thrown.getMessage().contains("qx"), thrown.getMessage());
    assertFalse(thrown.getMessage().contains("zv"), thrown.getMessage());
  }

  @Test
  @DisplayName("a '/' before an '@' is refused with a message that says to percent-encode it")
  void slashBeforeAt() {
    Proauth2Exception thrown =
        assertThrows(
            Proauth2Exception.class, () -> DataStoreConfig.parse("mongodb://app:a/b@db/proauth2"));
    assertTrue(thrown.getMessage().contains("%2F"), thrown.getMessage());
  }

  @Test
  @DisplayName("with no '@' in the string, a malformed port is quoted")
  void portQuotedWithoutUserInfo() {
    Proauth2Exception thrown =
        assertThrows(Proauth2Exception.class, () -> DataStoreConfig.parse("redis://host:6x79"));
    assertTrue(thrown.getMessage().contains("'6x79'"), thrown.getMessage());
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "250ms, PT0.25S",
    "30s, PT30S",
    "5m, PT5M",
    "2h, PT2H",
    "1d, PT24H",
    "0s, PT0S",
    "999999999d, PT23999999976H",
    "PT30S, PT30S",
    "pt1m30s, PT1M30S",
    "P2D, PT48H"
  })
  @DisplayName("parseDuration reads a whole number with ms, s, m, h or d, and ISO-8601")
  void durations(String text, Duration expected) {
    assertEquals(Optional.of(expected), DataStoreConfig.parseDuration(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "30", "30S", "1w", "1.5s", " 30s", "-5s", "-PT5S", "1000000000s", "P1M", "x"})
  @DisplayName("parseDuration is empty for anything else, and for a negative duration")
  void notDurations(String text) {
    assertEquals(Optional.empty(), DataStoreConfig.parseDuration(text));
  }

  @Test
  @DisplayName("parseDuration is empty for a text longer than 64 characters")
  void longDuration() {
    assertEquals(Optional.empty(), DataStoreConfig.parseDuration("PT" + "0".repeat(70) + "1S"));
  }
}

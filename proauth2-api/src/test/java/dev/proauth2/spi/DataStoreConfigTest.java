package dev.proauth2.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
}

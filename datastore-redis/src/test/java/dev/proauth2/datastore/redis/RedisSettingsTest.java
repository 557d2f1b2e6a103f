package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.datastore.redis.RedisSettings.Topology;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Proauth2Exception;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Redis config strings")
class RedisSettingsTest {

  private static final String PASSWORD = "pa55-w0rd-never-shown";

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private static RedisSettings settings(String configString) {
    return RedisSettings.from(DataStoreConfig.parse(configString));
  }

  /** What the builder a config string filled would open a store with; nothing connects. */
  private static RedisDataStores.Options options(String configString) {
    return RedisSettings.builder(DataStoreConfig.parse(configString)).options();
  }

  private static RedisURI node(String configString) {
    return settings(configString).nodes(TIMEOUT).get(0);
  }

  /** The refusal of a config string, by the parser or by the builder it fills; nothing connects. */
  private static String refusal(String configString) {
    Proauth2Exception refused = assertThrows(Proauth2Exception.class, () -> options(configString));
    assertEquals(Proauth2Exception.SERVER_ERROR, refused.error());
    assertFalse(refused.getMessage().contains(PASSWORD), refused.getMessage());
    return refused.description();
  }

  private static RedisCredentials credentials(RedisURI uri) {
    return uri.getCredentialsProvider().resolveCredentials().block();
  }

  @Nested
  @DisplayName("that are valid")
  class Valid {

    @Test
    @DisplayName("redis:// names one host, port and database; prefix and timeout have defaults")
    void standaloneDefaults() {
      RedisSettings settings = settings("redis://cache.internal");
      assertEquals(Topology.STANDALONE, settings.topology());
      RedisURI node = settings.nodes(TIMEOUT).get(0);
      assertEquals("cache.internal", node.getHost());
      assertEquals(6379, node.getPort());
      assertEquals(0, node.getDatabase());
      assertFalse(node.isSsl());
      RedisDataStores.Options options = options("redis://cache.internal");
      assertEquals("proauth2", options.prefix());
      assertEquals(Duration.ofSeconds(2), options.timeout());
    }

    @Test
    @DisplayName("the path is the database number, and prefix and timeout are options")
    void databasePrefixTimeout() {
      String config = "redis://cache:6380/3?prefix=app-1&timeout=500ms";
      RedisURI node = node(config);
      assertEquals(6380, node.getPort());
      assertEquals(3, node.getDatabase());
      assertEquals("app-1", options(config).prefix());
      assertEquals(Duration.ofMillis(500), options(config).timeout());
      assertEquals(Duration.ofSeconds(3), options("redis://c?timeout=3s").timeout());
      assertEquals(Duration.ofMinutes(1), options("redis://c?timeout=1m").timeout());
    }

    @Test
    @DisplayName("the timeout takes the config strings' one duration grammar, ISO-8601 included")
    void timeoutGrammar() {
      assertEquals(Duration.ofMillis(500), options("redis://c?timeout=PT0.5S").timeout());
      assertEquals(Duration.ofMinutes(10), options("redis://c?timeout=PT10M").timeout());
      assertEquals(Duration.ofSeconds(90), options("redis://c?timeout=pt1m30s").timeout());
      assertEquals(Duration.ofMillis(1), options("redis://c?timeout=PT0.001S").timeout());
    }

    @Test
    @DisplayName("the builder's bounds hold for options: 1ms and 10m, 1 and 64 prefix characters")
    void bounds() {
      assertEquals(Duration.ofMillis(1), options("redis://c?timeout=1ms").timeout());
      assertEquals(Duration.ofMinutes(10), options("redis://c?timeout=10m").timeout());
      assertEquals(Duration.ofMinutes(10), options("redis://c?timeout=600000ms").timeout());
      assertEquals("p", options("redis://c?prefix=p").prefix());
      String longest = "{A-z_0.9}" + "x".repeat(55);
      assertEquals(longest, options("redis://c?prefix=" + longest).prefix());
    }

    @Test
    @DisplayName(
        "the config's clock judges expiry, and its timeout reaches every node and sentinel")
    void clockAndNodeTimeouts() {
      Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
      assertEquals(
          clock,
          RedisSettings.builder(DataStoreConfig.parse("redis://c", clock)).options().clock());
      assertEquals(TIMEOUT, node("redis://c").getTimeout());
      for (RedisURI seed : settings("redis-cluster://a,b").nodes(TIMEOUT)) {
        assertEquals(TIMEOUT, seed.getTimeout());
      }
      RedisURI sentinel = node("redis-sentinel://s1,s2?sentinelMasterId=m");
      assertEquals(TIMEOUT, sentinel.getTimeout());
      for (RedisURI each : sentinel.getSentinels()) {
        assertEquals(TIMEOUT, each.getTimeout());
      }
    }

    @Test
    @DisplayName("rediss:// turns TLS on")
    void tls() {
      assertTrue(node("rediss://cache:6380/0").isSsl());
      assertTrue(
          settings("rediss-cluster://a,b").nodes(TIMEOUT).stream().allMatch(RedisURI::isSsl));
      assertTrue(node("rediss-sentinel://s?sentinelMasterId=m").isSsl());
    }

    @Test
    @DisplayName("an ACL user and password, percent-encoded, reach Lettuce decoded")
    void aclUser() {
      RedisCredentials credentials =
          credentials(node("redis://svc-proauth2:p%40ss%3Aword@cache/0"));
      assertEquals("svc-proauth2", credentials.getUsername());
      assertEquals("p@ss:word", new String(credentials.getPassword()));
    }

    @Test
    @DisplayName("a password without a user authenticates as the default user")
    void passwordOnly() {
      RedisCredentials credentials = credentials(node("redis://:secret@cache"));
      assertFalse(credentials.hasUsername());
      assertEquals("secret", new String(credentials.getPassword()));
    }

    @Test
    @DisplayName("redis-sentinel:// lists the sentinels (default port 26379) and the master's name")
    void sentinel() {
      RedisSettings settings =
          settings("redis-sentinel://s1,s2:26380,s3/2?sentinelMasterId=mymaster&prefix=p");
      assertEquals(Topology.SENTINEL, settings.topology());
      RedisURI uri = settings.nodes(TIMEOUT).get(0);
      assertEquals("mymaster", uri.getSentinelMasterId());
      assertEquals(2, uri.getDatabase());
      List<RedisURI> sentinels = uri.getSentinels();
      assertEquals(3, sentinels.size());
      assertEquals("s1", sentinels.get(0).getHost());
      assertEquals(26379, sentinels.get(0).getPort());
      assertEquals(26380, sentinels.get(1).getPort());
    }

    @Test
    @DisplayName("redis-cluster:// lists seed nodes, IPv6 included")
    void cluster() {
      RedisSettings settings =
          settings("redis-cluster://u:" + PASSWORD + "@n1:7000,n2,[::1]:7002?prefix=x");
      assertEquals(Topology.CLUSTER, settings.topology());
      List<RedisURI> nodes = settings.nodes(TIMEOUT);
      assertEquals(3, nodes.size());
      assertEquals("n1", nodes.get(0).getHost());
      assertEquals(6379, nodes.get(1).getPort());
      assertEquals("::1", nodes.get(2).getHost());
      assertEquals(7002, nodes.get(2).getPort());
      for (RedisURI node : nodes) {
        assertEquals(PASSWORD, new String(credentials(node).getPassword()));
      }
      assertEquals("redis-cluster://n1:7000,n2:6379,[::1]:7002", settings.location());
    }

    @Test
    @DisplayName("the settings' text shows where Redis is, never the password")
    void noPasswordInText() {
      RedisSettings settings = settings("redis://admin:" + PASSWORD + "@cache:6379/1");
      assertFalse(settings.toString().contains(PASSWORD), settings.toString());
      assertFalse(settings.location().contains(PASSWORD));
      assertFalse(settings.location().contains("admin"));
      assertTrue(settings.toString().contains("redis://cache:6379/1"), settings.toString());
    }
  }

  @Nested
  @DisplayName("that are refused, with a message that says what is wrong and what is right")
  class Refused {

    @Test
    @DisplayName("an unknown option is named, with the valid ones")
    void unknownOption() {
      String message = refusal("redis://u:" + PASSWORD + "@cache/0?prefx=a");
      assertTrue(message.contains("'prefx'"), message);
      assertTrue(message.contains("[prefix, timeout]"), message);
      String sentinel = refusal("redis-sentinel://s?sentinelMasterId=m&ssl=true");
      assertTrue(sentinel.contains("[prefix, sentinelMasterId, timeout]"), sentinel);
      assertTrue(refusal("redis://c?sentinelMasterId=m").contains("sentinelMasterId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "-1s", "fast", "1.5s", "1234567890ms", "5S", "1w", "-PT1S"})
    @DisplayName("a timeout outside the one duration grammar, with an example and the range")
    void malformedTimeout(String timeout) {
      String message = refusal("redis://cache/0?timeout=" + timeout);
      assertEquals(
          "The 'redis:' config has timeout='"
              + timeout
              + "'; write a whole number with ms, s, m, h or d, or ISO-8601 (PT0.5S), such as"
              + " timeout=500ms (the timeout must be from 1 ms to 10 minutes).",
          message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0ms", "11m", "601s", "600001ms", "2h", "1d", "PT0.0009S"})
    @DisplayName("a timeout out of range, refused by the builder, quoting the option as written")
    void timeoutOutOfRange(String timeout) {
      String message = refusal("redis://u:" + PASSWORD + "@cache/0?timeout=" + timeout);
      assertEquals(
          "The 'redis:' config has timeout='"
              + timeout
              + "'; the timeout must be from 1 ms to 10 minutes.",
          message);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "a:b",
          "",
          "has space",
          "a/b",
          "x12345678901234567890123456789012345678901234567890123456789012345"
        })
    @DisplayName("a prefix with ':' or other characters that could blur the key layout")
    void badPrefix(String prefix) {
      String message = refusal("redis://cache/0?prefix=" + prefix.replace(" ", "%20"));
      assertTrue(message.contains("has prefix='" + prefix + "'"), message);
      assertTrue(
          message.contains(
              "the prefix must be 1 to 64 letters, digits, '_', '.', '-', '{' or '}' (no ':')"),
          message);
    }

    @Test
    @DisplayName("a path that is not a database number, and any database but 0 on a cluster")
    void badDatabase() {
      assertTrue(refusal("redis://cache/tokens").contains("database number"));
      assertTrue(refusal("redis-cluster://a,b/1").contains("only database 0"));
    }

    @Test
    @DisplayName("several hosts on a standalone scheme point to the cluster and sentinel schemes")
    void severalHosts() {
      String message = refusal("redis://a:6379,b:6379/0");
      assertTrue(message.contains("redis-cluster://"), message);
    }

    @Test
    @DisplayName("Sentinel without the master's name")
    void sentinelWithoutMaster() {
      assertTrue(refusal("redis-sentinel://s1:26379/0").contains("sentinelMasterId=mymaster"));
    }

    @Test
    @DisplayName("no host, a malformed port, or a user without a password")
    void malformed() {
      assertTrue(refusal("redis:").contains("names no host"));
      assertTrue(refusal("redis-cluster://a:1,b:99999").contains("malformed port"));
      assertTrue(refusal("redis://alice@cache").contains("without a password"));
    }

    @Test
    @DisplayName("a user info without ':' is not quoted: Lettuce would read it as the password")
    void loneUserInfoNotQuoted() {
      String message = refusal("redis://rdLoneSecret@cache");
      assertTrue(message.contains("without a password"), message);
      assertFalse(message.contains("rdLoneSecret"), message);
    }

    @Test
    @DisplayName("a scheme that is not Redis's")
    void otherScheme() {
      assertTrue(refusal("memcached://cache").contains("redis-cluster"));
    }
  }
}

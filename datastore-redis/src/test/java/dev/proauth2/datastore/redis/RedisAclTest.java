package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Runs against a Redis of its own that has an ACL user allowed only the keys {@code app1:*} and
 * only the commands the store sends (those inside its scripts included): the store's keys all fall
 * under its prefix, so that one pattern is all the user needs.
 */
@DisplayName("an ACL user in the config string")
class RedisAclTest {

  private static final String PASSWORD = "acl-pa55word-never-shown";

  /** The least the store needs, as the README gives it. */
  static final String ACL_RULES =
      "on >"
          + PASSWORD
          + " resetkeys ~app1:* -@all +ping +info +get +set +getdel +del +eval +zscan +zrem"
          + " +zadd +zrange +zremrangebyscore +pexpireat +time";

  private static RedisServerProcess server;

  @BeforeAll
  static void start() {
    server = RedisServerProcess.launch();
    try (Jedis admin = server.jedis()) {
      admin.aclSetUser("svc-proauth2", ACL_RULES.split(" "));
      admin.aclSetUser("svc-no-eval", (ACL_RULES + " -eval").split(" "));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String config(String user, String password, String prefix) {
    return "redis://"
        + user
        + ":"
        + password
        + "@127.0.0.1:"
        + server.port()
        + "/0?timeout=10s&prefix="
        + prefix;
  }

  @Test
  @DisplayName("authenticates, and every key the store touches is under the prefix the ACL allows")
  void worksWithinItsPrefix() {
    try (DataStore store = TestRedis.open(config("svc-proauth2", PASSWORD, "app1"))) {
      Record token = RedisSampleRecords.token("grace", "family-1");
      String key = token.string(Table.TOKEN_HASH).orElseThrow();
      assertEquals(Optional.empty(), store.put(Table.TOKENS, token));
      assertEquals(Optional.of(token), store.put(Table.TOKENS, token));
      assertEquals(Optional.of(token), store.replace(Table.TOKENS, token));
      assertEquals(Optional.of(token), store.fetch(Table.TOKENS, key));
      assertEquals(1, store.removeAll(Table.TOKENS, Table.FAMILY, "family-1"));
      store.put(Table.TOKENS, token);
      assertTrue(store.remove(Table.TOKENS, key));
    }
  }

  @Test
  @DisplayName("a wrong password fails the open with server_error, not repeating the password")
  void wrongPassword() {
    String wrong = "not-the-pa55word";
    Proauth2Exception refused =
        assertThrows(
            Proauth2Exception.class, () -> TestRedis.open(config("svc-proauth2", wrong, "app1")));
    assertEquals(Proauth2Exception.SERVER_ERROR, refused.error());
    assertFalse(refused instanceof DataStoreUnavailableException, "retrying would not help");
    assertFalse(refused.getMessage().contains(wrong), refused.getMessage());
  }

  @Test
  @DisplayName("keys outside the ACL's pattern are refused as DataStoreUnavailableException")
  void outsideItsPrefix() {
    try (DataStore store = TestRedis.open(config("svc-proauth2", PASSWORD, "app2"))) {
      DataStoreUnavailableException refused =
          assertThrows(
              DataStoreUnavailableException.class,
              () -> store.put(Table.TOKENS, RedisSampleRecords.token("grace", "family-2")));
      assertFalse(refused.getMessage().contains(PASSWORD), refused.getMessage());
    }
  }

  @Test
  @DisplayName(
      "a put fails with DataStoreUnavailableException when Redis refuses any command of its"
          + " pipeline, here the index entries' EVAL")
  void putFailsWhole() {
    try (DataStore store = TestRedis.open(config("svc-no-eval", PASSWORD, "app1"))) {
      Record app = RedisSampleRecords.application("client-acl", RedisSampleRecords.newHash());
      assertEquals(Optional.empty(), store.put(Table.APPLICATIONS, app), "no index, no EVAL");
      assertThrows(
          DataStoreUnavailableException.class,
          () -> store.put(Table.TOKENS, RedisSampleRecords.token("grace", "family-3")));
    }
  }
}

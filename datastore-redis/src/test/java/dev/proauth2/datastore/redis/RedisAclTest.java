package dev.proauth2.datastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Query;
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
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String config(String password, String prefix) {
    return "redis://svc-proauth2:"
        + password
        + "@127.0.0.1:"
        + server.port()
        + "/0?timeout=10s&prefix="
        + prefix;
  }

  @Test
  @DisplayName("authenticates, and every key the store touches is under the prefix the ACL allows")
  void worksWithinItsPrefix() {
    try (DataStore store = TestRedis.open(config(PASSWORD, "app1"))) {
      Record token = RedisSampleRecords.token("grace", "family-1");
      store.store(Table.TOKENS, token);
      assertEquals(
          Optional.of(token), store.fetch(Table.TOKENS, Query.where(Table.USER_ID, "grace")));
      assertEquals(1, store.remove(Table.TOKENS, Query.where(Table.FAMILY, "family-1")));
    }
  }

  @Test
  @DisplayName("a wrong password fails the open with server_error, not repeating the password")
  void wrongPassword() {
    String wrong = "not-the-pa55word";
    Proauth2Exception refused =
        assertThrows(Proauth2Exception.class, () -> TestRedis.open(config(wrong, "app1")));
    assertEquals(Proauth2Exception.SERVER_ERROR, refused.error());
    assertFalse(refused instanceof DataStoreUnavailableException, "retrying would not help");
    assertFalse(refused.getMessage().contains(wrong), refused.getMessage());
  }

  @Test
  @DisplayName("keys outside the ACL's pattern are refused as DataStoreUnavailableException")
  void outsideItsPrefix() {
    try (DataStore store = TestRedis.open(config(PASSWORD, "app2"))) {
      DataStoreUnavailableException refused =
          assertThrows(
              DataStoreUnavailableException.class,
              () -> store.store(Table.TOKENS, RedisSampleRecords.token("grace", "family-2")));
      assertFalse(refused.getMessage().contains(PASSWORD), refused.getMessage());
    }
  }
}

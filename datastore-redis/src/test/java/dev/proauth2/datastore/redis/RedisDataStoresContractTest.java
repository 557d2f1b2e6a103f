package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.testkit.DataStoreContract;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the DataStore contract on a store from RedisDataStores.builder(RedisClient)")
class RedisDataStoresContractTest extends DataStoreContract {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static RedisClient client;

  @Override
  protected DataStore newStore() {
    synchronized (RedisDataStoresContractTest.class) {
      if (client == null) {
        String config = TestRedis.standalone().configString(TestRedis.newPrefix());
        client =
            RedisClient.create(
                RedisSettings.from(DataStoreConfig.parse(config)).nodes(TIMEOUT).get(0));
      }
    }
    return RedisDataStores.builder(client).prefix(TestRedis.newPrefix()).timeout(TIMEOUT).build();
  }

  @AfterAll
  static void shutDownClient() {
    if (client != null) {
      client.shutdown();
      client = null;
    }
  }
}

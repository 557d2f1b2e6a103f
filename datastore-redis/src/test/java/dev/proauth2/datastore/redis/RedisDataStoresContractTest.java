package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.testkit.DataStoreContract;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the DataStore contract on a store from RedisDataStores.of(RedisClient)")
class RedisDataStoresContractTest extends DataStoreContract {

  private static RedisClient client;

  @Override
  protected DataStore newStore() {
    synchronized (RedisDataStoresContractTest.class) {
      if (client == null) {
        String config = TestRedis.standalone().configString(TestRedis.newPrefix());
        client =
            RedisClient.create(RedisSettings.from(DataStoreConfig.parse(config)).nodes().get(0));
      }
    }
    return RedisDataStores.of(client, TestRedis.newPrefix(), Duration.ofSeconds(10));
  }

  @AfterAll
  static void shutDownClient() {
    if (client != null) {
      client.shutdown();
      client = null;
    }
  }
}

package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.DataStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the DataStore contract on a standalone Redis")
class RedisDataStoreContractTest extends DataStoreContract {

  @Override
  protected DataStore newStore() {
    return TestRedis.standalone().newStore();
  }
}

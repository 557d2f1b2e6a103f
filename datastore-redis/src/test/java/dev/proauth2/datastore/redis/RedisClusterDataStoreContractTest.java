package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.DataStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the DataStore contract on a 3-master Redis Cluster")
class RedisClusterDataStoreContractTest extends DataStoreContract {

  @Override
  protected DataStore newStore() {
    return TestRedis.cluster().newStore();
  }
}

package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.Proauth2Contract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the OAuth flow on a 3-master Redis Cluster")
class RedisClusterProauth2ContractTest extends Proauth2Contract {

  @Override
  protected DataStore newStore() {
    return TestRedis.cluster().newStore();
  }
}

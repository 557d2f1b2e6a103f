package dev.proauth2.datastore.redis;

import dev.proauth2.jose.KeyAgreementContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Signing keys: two engines on one real Redis agree on them")
class RedisKeyAgreementTest extends KeyAgreementContract {

  @Override
  protected String newStoreConfig() {
    return TestRedis.standalone().configString(TestRedis.newPrefix(), "timeout=10s");
  }
}

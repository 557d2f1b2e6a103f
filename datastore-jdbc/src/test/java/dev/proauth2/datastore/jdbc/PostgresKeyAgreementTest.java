package dev.proauth2.datastore.jdbc;

import dev.proauth2.jose.KeyAgreementContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Signing keys: two engines on one real PostgreSQL agree on them")
class PostgresKeyAgreementTest extends KeyAgreementContract {

  @Override
  protected String newStoreConfig() {
    return TestPostgres.get().newConfig("timeout=10s");
  }
}

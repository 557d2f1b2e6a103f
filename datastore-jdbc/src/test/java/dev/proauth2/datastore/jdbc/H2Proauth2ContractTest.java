package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.Proauth2Contract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the OAuth flow on H2")
class H2Proauth2ContractTest extends Proauth2Contract {

  @Override
  protected DataStore newStore() {
    return TestH2.get().newStore("timeout=10s");
  }

  /** 200 rounds rather than 1,000, to keep the module's run short; see the PostgreSQL test. */
  @Override
  protected int raceRounds() {
    return 200;
  }
}

package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.Proauth2Contract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the OAuth flow on PostgreSQL")
class PostgresProauth2ContractTest extends Proauth2Contract {

  @Override
  protected DataStore newStore() {
    return TestPostgres.get().newStore("timeout=10s");
  }

  /**
   * 100 rounds rather than 1,000: every call is a statement on a server process, and a round is 64
   * concurrent engine calls of several statements each, so 1,000 rounds of each race would take
   * minutes on CI's two cores. Atomicity itself rests on row locks, which the DataStore contract's
   * 64-thread races and {@code CrossStoreRaceTest} check directly.
   */
  @Override
  protected int raceRounds() {
    return 100;
  }
}

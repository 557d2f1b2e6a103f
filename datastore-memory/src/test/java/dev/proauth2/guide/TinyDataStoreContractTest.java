package dev.proauth2.guide;

import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.DataStoreContract;
import dev.proauth2.thirdparty.TinyDataStore;
import java.time.Clock;

/** The README's plugin guide store keeps every store rule. */
class TinyDataStoreContractTest extends DataStoreContract {

  @Override
  protected DataStore newStore() {
    return new TinyDataStore(Clock.systemUTC());
  }
}

package dev.proauth2.guide;

import dev.proauth2.spi.DataStore;
import dev.proauth2.testkit.Proauth2Contract;
import dev.proauth2.thirdparty.TinyDataStore;
import java.time.Clock;

/**
 * The engine on the README's plugin guide store, which uses every default of the SPI: the flows,
 * the races and the failures midway.
 */
class TinyProauth2ContractTest extends Proauth2Contract {

  @Override
  protected DataStore newStore() {
    return new TinyDataStore(Clock.systemUTC());
  }
}

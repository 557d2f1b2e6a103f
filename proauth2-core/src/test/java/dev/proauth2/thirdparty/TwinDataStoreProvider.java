package dev.proauth2.thirdparty;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreProvider;
import java.util.Set;

/** A second plugin claiming the scheme {@code twin}, to show that a clash is reported. */
public final class TwinDataStoreProvider implements DataStoreProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("twin");
  }

  @Override
  public DataStore open(DataStoreConfig config) {
    return new TinyDataStore(config.clock());
  }
}

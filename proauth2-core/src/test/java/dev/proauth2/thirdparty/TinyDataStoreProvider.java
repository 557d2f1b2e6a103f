package dev.proauth2.thirdparty;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreProvider;
import java.util.Set;

/** Opens {@link TinyDataStore} for {@code tiny:}, registered by a hand-written services file. */
public final class TinyDataStoreProvider implements DataStoreProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("tiny", "twin");
  }

  @Override
  public DataStore open(DataStoreConfig config) {
    return new TinyDataStore(config.clock());
  }
}

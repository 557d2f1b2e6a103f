package dev.proauth2.datastore.mongo;

import com.google.auto.service.AutoService;
import com.mongodb.MongoClientSettings;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreProvider;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Opens a MongoDB store for {@code mongodb://} and {@code mongodb+srv://} config strings.
 *
 * <p>The whole string goes to the driver's {@code ConnectionString}, so replica sets, credentials,
 * TLS, write concern and every other driver option work as the MongoDB manual describes them. The
 * database is the path of the string, {@code proauth2} when there is none. Unless the string says
 * otherwise, a server that cannot be reached fails a call after 2 seconds ({@code
 * serverSelectionTimeoutMS=2000}). Records expire by the engine's clock, {@link
 * DataStoreConfig#clock()}. To use a {@code MongoClient} the application already has, see {@link
 * MongoDataStores}.
 */
@AutoService(DataStoreProvider.class)
public final class MongoDataStoreProvider implements DataStoreProvider {

  /** Creates the provider; it holds no state and does no I/O. */
  public MongoDataStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return MongoStoreSettings.SCHEMES;
  }

  @Override
  public DataStore open(DataStoreConfig config) {
    return open(config, settings -> {});
  }

  /**
   * Opens a store with extra driver settings applied last; for tests that attach a command
   * listener.
   */
  static DataStore open(DataStoreConfig config, Consumer<MongoClientSettings.Builder> extra) {
    Objects.requireNonNull(config, "config");
    MongoStoreSettings settings = MongoStoreSettings.from(config);
    MongoClientSettings.Builder client = MongoClientSettings.builder(settings.clientSettings());
    extra.accept(client);
    return MongoDataStores.builder(client.build(), settings.database(), config)
        .clock(config.clock())
        .build();
  }
}

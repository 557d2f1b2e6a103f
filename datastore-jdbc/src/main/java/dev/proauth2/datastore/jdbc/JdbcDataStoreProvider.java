package dev.proauth2.datastore.jdbc;

import com.google.auto.service.AutoService;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreProvider;
import java.util.Objects;
import java.util.Set;

/**
 * Opens JDBC stores for the scheme {@code jdbc}: the config string is the JDBC URL the application
 * already has, with the store's options added to its query:
 *
 * <pre>{@code
 * jdbc:postgresql://db:5432/auth?user=proauth2&password=...&poolSize=10&timeout=2s
 * jdbc:mariadb://db:3306/auth?user=proauth2&password=...
 * jdbc:mysql://db:3306/auth?user=proauth2&password=...&sweepInterval=5m
 * jdbc:h2:mem:auth
 * }</pre>
 *
 * <p>The store's options ({@code poolSize}, {@code timeout}, {@code createSchema}, {@code
 * sweepInterval}, {@code sweepBatch}, {@code user}, {@code password}) are taken out; the rest of
 * the URL goes to the driver, which the application adds to its class path. The module's README
 * documents each option. Constructing the provider does nothing; {@link #open} makes a HikariCP
 * pool and brings the schema up to the jar's last migration. To use a DataSource of your own, see
 * {@link JdbcDataStores}.
 */
@AutoService(DataStoreProvider.class)
public final class JdbcDataStoreProvider implements DataStoreProvider {

  /** Creates the provider; it holds no state. */
  public JdbcDataStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of(JdbcSettings.SCHEME);
  }

  @Override
  public DataStore open(DataStoreConfig config) {
    Objects.requireNonNull(config, "config");
    return JdbcSettings.builder(config).build();
  }
}

package dev.proauth2.datastore.memory;

import com.google.auto.service.AutoService;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreProvider;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.Set;

/**
 * Opens the in-process store for {@code memory:} config strings.
 *
 * <p>One option is understood: {@code sweepSeconds}, how often expired records are reclaimed
 * (default 30), as in {@code memory:?sweepSeconds=5}. Nothing is shared between two stores opened
 * from the same string, and nothing survives {@link DataStore#close()}.
 */
@AutoService(DataStoreProvider.class)
public final class MemoryDataStoreProvider implements DataStoreProvider {

  static final String SWEEP_SECONDS = "sweepSeconds";
  static final Duration DEFAULT_SWEEP = Duration.ofSeconds(30);
  private static final long MAX_SWEEP_SECONDS = 86_400;

  /** Creates the provider; it holds no state. */
  public MemoryDataStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public DataStore open(DataStoreConfig config) {
    Duration sweep = DEFAULT_SWEEP;
    for (String option : config.options().keySet()) {
      if (!option.equals(SWEEP_SECONDS)) {
        throw configError(
            "has unknown option '" + option + "'; the only option is '" + SWEEP_SECONDS + "'");
      }
    }
    String seconds = config.options().get(SWEEP_SECONDS);
    if (seconds != null) {
      sweep = Duration.ofSeconds(parseSeconds(seconds));
    }
    if (config.host() != null || config.database() != null) {
      throw configError("takes no host or path; write just 'memory:'");
    }
    return new MemoryDataStore(config.clock(), sweep);
  }

  private static long parseSeconds(String value) {
    try {
      long seconds = Long.parseLong(value);
      if (seconds >= 1 && seconds <= MAX_SWEEP_SECONDS) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below with the valid range
    }
    throw configError(
        "has "
            + SWEEP_SECONDS
            + "='"
            + value
            + "'; it must be a whole number from 1 to "
            + MAX_SWEEP_SECONDS);
  }

  private static Proauth2Exception configError(String problem) {
    return new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR, "The 'memory:' config " + problem + ".");
  }
}

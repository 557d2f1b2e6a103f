package dev.proauth2.spring;

import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStoreUnavailableException;
import java.util.Objects;
import java.util.UUID;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether proauth2's store answers: one lookup of a client id that does not exist, which
 * costs one key read on every store. A store failure ({@link DataStoreUnavailableException}) is
 * {@code DOWN}; the error's class is shown, never its message, which may name a host.
 */
public final class Proauth2HealthIndicator extends AbstractHealthIndicator {

  private final Proauth2 oauth;

  /** Creates an indicator that pings this engine's store. */
  public Proauth2HealthIndicator(Proauth2 oauth) {
    super("proauth2 store check failed");
    this.oauth = Objects.requireNonNull(oauth, "oauth");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    try {
      oauth.findApp("health-check-" + UUID.randomUUID());
      builder.up();
    } catch (DataStoreUnavailableException | IllegalStateException e) {
      builder.down().withDetail("error", e.getClass().getName());
    }
  }
}

package dev.proauth2.spring;

import dev.proauth2.Proauth2;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Adds {@link Proauth2HealthIndicator} as the {@code proauth2} health contributor when Spring
 * Boot's health support is present; {@code management.health.proauth2.enabled=false} turns it off.
 */
@AutoConfiguration(after = Proauth2AutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Proauth2.class)
@ConditionalOnEnabledHealthIndicator("proauth2")
public class Proauth2HealthAutoConfiguration {

  /** The indicator, named {@code proauth2} after its bean. */
  @Bean
  @ConditionalOnMissingBean(name = "proauth2HealthIndicator")
  public Proauth2HealthIndicator proauth2HealthIndicator(Proauth2 oauth) {
    return new Proauth2HealthIndicator(oauth);
  }
}

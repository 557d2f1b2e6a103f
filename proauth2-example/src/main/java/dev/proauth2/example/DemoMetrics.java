package dev.proauth2.example;

import dev.proauth2.micrometer.MicrometerListener;
import dev.proauth2.spi.Proauth2Listener;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The demo's {@code --metrics}: the engine's meters on a Prometheus registry, scraped at {@code
 * /metrics}. Kept in a class of its own, loaded only with the flag, so the demo also runs on a
 * module path without Micrometer.
 */
final class DemoMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /**
   * The listener that records the engine's events and operation times on the registry, bound as any
   * Micrometer binder, with the common tag {@code application=proauth2-demo} on every meter.
   */
  Proauth2Listener listener() {
    MicrometerListener listener = new MicrometerListener(Tags.of("application", "proauth2-demo"));
    listener.bindTo(registry);
    return listener;
  }

  /** Every meter in Prometheus's text format. */
  String scrape() {
    return registry.scrape();
  }
}

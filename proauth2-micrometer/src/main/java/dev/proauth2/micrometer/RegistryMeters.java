package dev.proauth2.micrometer;

import dev.proauth2.micrometer.Instrument.Series;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one registry. Each series is registered with Micrometer once, on first use (the
 * untagged counters when bound, so they read zero before anything happens), and then kept in one
 * map keyed by the series: a timer recorded on the request's thread costs a map lookup, not a
 * Micrometer id built, filtered and looked up again.
 */
final class RegistryMeters {

  private final MeterRegistry registry;
  private final Tags commonTags;
  private final Map<Series, Meter> meters = new ConcurrentHashMap<>();

  RegistryMeters(MeterRegistry registry, Tags commonTags) {
    this.registry = registry;
    this.commonTags = commonTags;
    for (Instrument instrument : Instrument.values()) {
      if (instrument.tagKeys.isEmpty()) {
        meter(instrument.series());
      }
    }
  }

  MeterRegistry registry() {
    return registry;
  }

  void count(Series series) {
    ((Counter) meter(series)).increment();
  }

  void time(Series series, long nanos) {
    ((Timer) meter(series)).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Meter meter(Series series) {
    Meter meter = meters.get(series);
    return meter != null ? meter : meters.computeIfAbsent(series, this::register);
  }

  /** Registers a series with the common tags first, so that its own tags win a clash of keys. */
  private Meter register(Series series) {
    Instrument instrument = series.instrument();
    Tags tags = commonTags;
    List<String> values = series.tagValues();
    for (int i = 0; i < values.size(); i++) {
      tags = tags.and(instrument.tagKeys.get(i), values.get(i));
    }
    return switch (instrument.kind) {
      case COUNTER ->
          Counter.builder(instrument.meterName)
              .description(instrument.description)
              .tags(tags)
              .register(registry);
      case TIMER ->
          Timer.builder(instrument.meterName)
              .description(instrument.description)
              .tags(tags)
              .register(registry);
    };
  }
}

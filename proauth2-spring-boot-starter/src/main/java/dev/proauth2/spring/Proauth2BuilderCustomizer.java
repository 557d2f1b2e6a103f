package dev.proauth2.spring;

import dev.proauth2.Proauth2;

/**
 * Changes the engine's builder after the {@code proauth2.*} properties are applied: a bean of this
 * type sets what no property covers (a clock, a client authentication method, signing options)
 * while every property still applies, as Boot's own customizer beans do for other libraries.
 * Customizers run in their {@code @Order}.
 */
@FunctionalInterface
public interface Proauth2BuilderCustomizer {

  /** Changes the builder; called once, before the engine is built. */
  void customize(Proauth2.Builder builder);
}

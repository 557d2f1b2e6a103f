package dev.proauth2.spring;

import dev.proauth2.servlet.Proauth2Servlet;

/**
 * Changes the endpoints' servlet before it is built, as {@link Proauth2BuilderCustomizer} does for
 * the engine: for what no property covers. The starter's own OpenID Connect wiring is one.
 * Customizers run in their {@code @Order}.
 */
@FunctionalInterface
public interface Proauth2ServletCustomizer {

  /** Changes the builder; called once, before the servlet is built. */
  void customize(Proauth2Servlet.Builder builder);
}

package dev.proauth2.spring;

import dev.proauth2.servlet.ConsentPage;
import dev.proauth2.spi.DataStoreUnavailableException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Turns proauth2's start-up failures into Boot's short report, with the action to take: a setting
 * that must change ({@link Proauth2StartupException}: no store, a declared client refused, a
 * pattern that would leave paths unguarded), a store that does not answer, and a missing {@link
 * ConsentPage} bean. Ahead of Boot's own analyzers, which would describe the last two in general
 * terms.
 */
public final class Proauth2FailureAnalyzer implements FailureAnalyzer, Ordered {

  /** Boot creates it from {@code META-INF/spring.factories}. */
  public Proauth2FailureAnalyzer() {}

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof Proauth2StartupException startup) {
        return new FailureAnalysis(startup.getMessage(), startup.action(), startup);
      }
      if (cause instanceof DataStoreUnavailableException unavailable) {
        return new FailureAnalysis(
            "proauth2's store did not answer while the application started ("
                + unavailable.getClass().getSimpleName()
                + ").",
            "Check that the database or cache that proauth2.datastore (or spring.datasource.url"
                + " when proauth2.datastore is unset) names is running and reachable from here,"
                + " with the right credentials, and start again.",
            unavailable);
      }
      if (cause instanceof NoSuchBeanDefinitionException missing
          && missing.getBeanType() != null
          && ConsentPage.class.isAssignableFrom(missing.getBeanType())) {
        return new FailureAnalysis(
            "proauth2 serves /authorize with the application's login and consent page, and the"
                + " application defines no ConsentPage bean.",
            "Define a @Bean of type dev.proauth2.servlet.ConsentPage (see the starter's README:"
                + " userId reads your signed-in user, login sends the browser to your login page"
                + " and back, render shows the consent form).",
            missing);
      }
    }
    return null;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}

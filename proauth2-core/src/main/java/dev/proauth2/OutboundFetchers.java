package dev.proauth2;

import dev.proauth2.spi.OutboundFetcher;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The engine's outbound fetch policy on its own, for testing a plugin that fetches (the testkit's
 * {@code TestAuthContext} uses it) without an engine. An engine makes its own from its builder's
 * settings and hands it to plugins through {@code ClientAuthContext.fetcher()}.
 */
public final class OutboundFetchers {

  private OutboundFetchers() {}

  /**
   * The policy as an engine at this issuer applies it, trusting the JVM's default trust store.
   *
   * @param issuer the issuer, or {@code null}; one on loopback lets loopback URLs through
   * @param timeout the deadline of one whole fetch
   */
  public static OutboundFetcher standard(String issuer, Duration timeout) {
    return new PolicyFetcher(issuer, timeout, null, (url, failure) -> {});
  }

  /** The same policy, trusting what this TLS context trusts, for tests with their own CA. */
  public static OutboundFetcher standard(String issuer, Duration timeout, SSLContext tls) {
    return new PolicyFetcher(issuer, timeout, tls, (url, failure) -> {});
  }
}

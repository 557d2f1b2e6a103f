package dev.proauth2.testkit;

import dev.proauth2.OutboundFetchers;
import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.OutboundFetcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ClientAuthContext} for testing a {@code ClientAuthMethod} without an engine: a clock, an
 * issuer with its token endpoint at {@code /token}, and one-time identifiers kept in memory.
 */
public final class TestAuthContext implements ClientAuthContext {

  /** The issuer the contract's context uses. */
  public static final String ISSUER = "https://issuer.example";

  private final Clock clock;
  private final String issuer;
  private final Map<String, Instant> used = new ConcurrentHashMap<>();
  private final OutboundFetcher fetcher;

  /** A context at {@link #ISSUER} on the system clock. */
  public TestAuthContext() {
    this(Clock.systemUTC(), ISSUER);
  }

  /**
   * A context on this clock and issuer.
   *
   * @param issuer the issuer, or {@code null} for a server configured without one
   */
  public TestAuthContext(Clock clock, String issuer) {
    this(clock, issuer, OutboundFetchers.standard(issuer, Duration.ofSeconds(3)));
  }

  /**
   * A context on this clock and issuer whose fetches go through this fetcher, such as {@link
   * OutboundFetchers#standard(String, Duration, javax.net.ssl.SSLContext)} with a test CA.
   */
  public TestAuthContext(Clock clock, String issuer, OutboundFetcher fetcher) {
    this.clock = clock;
    this.issuer = issuer;
    this.fetcher = fetcher;
  }

  /** The engine's outbound policy, as {@link OutboundFetchers#standard} applies it. */
  @Override
  public OutboundFetcher fetcher() {
    return fetcher;
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  @Override
  public List<String> audiences() {
    List<String> audiences = new ArrayList<>();
    if (issuer != null) {
      audiences.add(issuer);
      audiences.add(issuer + "/token");
    }
    return audiences;
  }

  @Override
  public boolean firstUse(String id, Instant expiresAt) {
    Instant now = now();
    if (!expiresAt.isAfter(now)) {
      return false;
    }
    Instant[] was = new Instant[1];
    used.compute(
        id,
        (key, until) -> {
          was[0] = until;
          return until != null && until.isAfter(now) ? until : expiresAt;
        });
    return was[0] == null || !was[0].isAfter(now);
  }

  /** How many identifiers were recorded as used, expired or not. */
  public int recorded() {
    return used.size();
  }
}

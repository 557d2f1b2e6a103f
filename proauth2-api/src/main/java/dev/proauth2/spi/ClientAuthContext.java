package dev.proauth2.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the engine gives a {@link ClientAuthMethod} besides the request: the time, who the server
 * is, and a way to accept an identifier only once. One context serves one client's authentication
 * or registration.
 */
public interface ClientAuthContext {

  /** The engine's current time; a method never reads the system clock itself. */
  Instant now();

  /** The server's issuer identifier (RFC 8414), when the host configured one. */
  Optional<String> issuer();

  /**
   * The values a client assertion may name as its audience ({@code aud}): the issuer first, then
   * the token endpoint's URL (RFC 7523 section 3; RFC 9700 section 2.6 prefers the issuer). Empty
   * when the host configured no issuer.
   */
  List<String> audiences();

  /**
   * Records an identifier of this client as used until {@code expiresAt}, atomically in the store
   * the engine shares with every other engine instance.
   *
   * @param id the identifier, such as an assertion's {@code jti}; at most {@value Table#MAX_ID}
   *     characters
   * @param expiresAt when the identifier may be forgotten: the assertion's expiry; at most a day
   *     ahead
   * @return {@code true} the first time, {@code false} when the identifier was used before and has
   *     not expired (a replay), or when {@code expiresAt} has passed
   * @throws DataStoreUnavailableException when the store cannot be reached
   */
  boolean firstUse(String id, Instant expiresAt);

  /**
   * The engine's outbound fetcher: the one way a method may fetch a URL a client gave, such as its
   * {@code jwks_uri}, and check one at registration. The same instance for every context of one
   * engine.
   */
  OutboundFetcher fetcher();
}

package dev.proauth2.spi;

import java.net.URI;

/**
 * Fetches a URL that a client named ({@code jwks_uri}, a Client ID Metadata Document) under the
 * engine's one outbound policy, so no plugin opens a connection on a client's say-so by itself.
 *
 * <p>The policy: {@code https} only (plain {@code http} only to a loopback host while the engine's
 * own issuer is on loopback, for development); no user info, no fragment; a host that is, or
 * resolves to, a special-use address (RFC 6890: loopback, private, link-local, shared, unspecified,
 * multicast, unique-local, IPv4-mapped and the like, in any spelling) is refused, checked against
 * the address actually connected to, so a name that changes its answer between check and connect
 * gains nothing; no redirect is followed; only {@code 200} is a success; the body is capped and the
 * whole fetch, connecting and reading, has one deadline.
 *
 * <p>A failure is an {@link OutboundFetchException} whose message is for the log only: a plugin
 * answers the client with one description for every failure, so the answer is no oracle on what an
 * internal URL said. The engine logs each failure and tells listeners with {@link
 * Proauth2Event.OutboundFetchFailed}.
 */
public interface OutboundFetcher {

  /** The largest body any fetch may ask for: 1 MiB. */
  int MAX_BYTES = 1024 * 1024;

  /**
   * Checks, without any I/O, that the URL is one the policy could fetch: its form, scheme and a
   * host that is not a special-use address literal. Registration calls it so a bad URL is refused
   * before it is stored; a name that resolves to a special-use address is refused at fetch time.
   *
   * @param url the URL a client gave
   * @return the parsed URL
   * @throws OutboundFetchException with reason {@link OutboundFetchException#REFUSED_URL} or {@link
   *     OutboundFetchException#REFUSED_ADDRESS}
   */
  URI check(String url);

  /**
   * Fetches the URL with one GET under the policy.
   *
   * @param url the URL, which {@link #check} must accept
   * @param accept the {@code Accept} header to send, such as {@code application/json}
   * @param maxBytes the largest body read, 1 to {@link #MAX_BYTES}; a longer one is a failure
   * @return the response of status 200
   * @throws OutboundFetchException for any failure, with a reason naming which
   */
  FetchedResource get(URI url, String accept, int maxBytes);
}

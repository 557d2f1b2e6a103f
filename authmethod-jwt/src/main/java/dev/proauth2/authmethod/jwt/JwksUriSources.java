package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import dev.proauth2.spi.OutboundFetchException;
import dev.proauth2.spi.OutboundFetcher;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One key source per {@code jwks_uri}, each with its own cache and rate limit, kept for the most
 * recently used URLs only: past the bound, the least recently used URL's source is dropped, one at
 * a time, so a flood of registered URLs never empties the cache of the others.
 *
 * <p>The chain for one URL is Nimbus's: {@code URLBasedJWKSetSource} over the engine's fetcher
 * ({@link PolicyRetriever}), {@link CheckedKeySet}, {@code RateLimitedJWKSetSource} and {@code
 * CachingJWKSetSource}, read at the engine's time by {@link JwksUriKeys}. A {@code LinkedHashMap}
 * in access order under this object's lock keeps the order; the lock is held only to find or add a
 * source, never while fetching.
 */
final class JwksUriSources {

  /** How many URLs keep their source by default. */
  static final int MAX_URIS = 10_000;

  /**
   * How long a request waits for another request's fetch of the same URL: the longest deadline an
   * engine allows a fetch ({@code Proauth2.Builder.fetchTimeout}, at most 30 s).
   */
  static final long REFRESH_WAIT_MILLIS = 30_000;

  private final PrivateKeyJwtSettings settings;
  private final int maxUris;
  private final Map<Key, JwksUriKeys> sources;

  /** The URL as registered, and the fetcher of the engine that asked: two engines never share. */
  private record Key(OutboundFetcher fetcher, String uri) {}

  JwksUriSources(PrivateKeyJwtSettings settings, int maxUris) {
    if (maxUris < 1) {
      throw new IllegalArgumentException("maxUris must be 1 or more; got " + maxUris);
    }
    this.settings = settings;
    this.maxUris = maxUris;
    this.sources =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, JwksUriKeys> eldest) {
            return size() > JwksUriSources.this.maxUris;
          }
        };
  }

  /**
   * The key source of the URL, made on first use.
   *
   * @throws OutboundFetchException when the URL is not one the fetcher's policy would fetch (a
   *     record stored under older rules)
   */
  JwksUriKeys forUri(OutboundFetcher fetcher, String uri) {
    Key key = new Key(fetcher, uri);
    synchronized (this) {
      JwksUriKeys known = sources.get(key);
      if (known != null) {
        return known;
      }
    }
    JwksUriKeys made = chain(fetcher, fetcher.check(uri));
    synchronized (this) {
      JwksUriKeys raced = sources.putIfAbsent(key, made);
      return raced != null ? raced : made;
    }
  }

  private JwksUriKeys chain(OutboundFetcher fetcher, URI uri) {
    JWKSetSource<AssertionContext> source;
    try {
      source =
          new URLBasedJWKSetSource<>(
              uri.toURL(), new PolicyRetriever(fetcher, settings.maxJwksBytes()));
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new OutboundFetchException(
          OutboundFetchException.REFUSED_URL, "the jwks_uri is not a URL Java can fetch", e);
    }
    source =
        new CheckedKeySet(
            source,
            uri.getScheme()
                + "://"
                + uri.getRawAuthority()
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    source = new RateLimitedJWKSetSource<>(source, settings.refetchInterval().toMillis(), null);
    source =
        new CachingJWKSetSource<>(
            source, settings.jwksCacheTtl().toMillis(), REFRESH_WAIT_MILLIS, null);
    return new JwksUriKeys(source);
  }
}

package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import java.util.List;

/**
 * The keys at one client's {@code jwks_uri}, from Nimbus's caching and rate-limited key set
 * sources, read at the engine's time. Nimbus's own {@code JWKSetBasedJWKSource} does the same with
 * the system clock; this one passes {@link AssertionContext#millis()}, so a test's clock and a
 * host's clock govern expiry and rate limits alike.
 */
final class JwksUriKeys implements JWKSource<AssertionContext> {

  private final JWKSetSource<AssertionContext> source;

  JwksUriKeys(JWKSetSource<AssertionContext> source) {
    this.source = source;
  }

  /**
   * The keys the selector picks from the cached set; when it picks none, from a new fetch, unless
   * the rate limit allows none yet, and then none.
   *
   * @throws KeySourceException when the set can neither be had from the cache nor fetched
   */
  @Override
  public List<JWK> get(JWKSelector selector, AssertionContext context) throws KeySourceException {
    long now = context.millis();
    JWKSet cached = source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
    List<JWK> found = selector.select(cached);
    if (!found.isEmpty()) {
      return found;
    }
    try {
      JWKSet fresh =
          source.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(cached), now, context);
      return selector.select(fresh);
    } catch (RateLimitReachedException e) {
      return found; // fetched too recently to fetch again: the cached set is the answer
    }
  }
}

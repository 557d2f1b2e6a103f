package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetParseException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;

/**
 * Keeps a fetched key set only when it keeps {@link KeyRules}, and then only its signing keys; a
 * set that is not one, or breaks a rule, is refused whole and the reason logged here, since the
 * client is told only that its key set could not be used. Fetch failures are logged by the engine.
 */
final class CheckedKeySet extends JWKSetSourceWrapper<AssertionContext> {

  private static final System.Logger LOG = System.getLogger(CheckedKeySet.class.getName());

  private final String where;

  /**
   * @param source where the set comes from
   * @param where the URL for the log, without its query
   */
  CheckedKeySet(JWKSetSource<AssertionContext> source, String where) {
    super(source);
    this.where = where;
  }

  @Override
  public JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator refresh, long currentTime, AssertionContext context)
      throws KeySourceException {
    JWKSet set;
    try {
      set = getSource().getJWKSet(refresh, currentTime, context);
    } catch (JWKSetParseException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the jwks_uri {0} did not return a JSON Web Key Set: {1}",
          where,
          e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      throw e;
    }
    try {
      KeyRules.check(set, "the key set");
    } catch (KeyRules.Broken e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the key set at jwks_uri {0} is refused: {1}",
          where,
          e.getMessage());
      throw new JWKSetUnavailableException("the key set breaks a key rule: " + e.getMessage());
    }
    return KeyRules.signingKeys(set);
  }
}

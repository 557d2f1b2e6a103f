package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import java.security.Key;
import java.util.List;

/**
 * Picks the one client key an assertion is checked with: the key its {@code kid} names, or, without
 * a {@code kid}, the only key that suits its algorithm. It never hands Nimbus several keys to try,
 * so one assertion costs at most one signature check whatever the client registered.
 */
final class ClientKeySelector extends JWSVerificationKeySelector<AssertionContext> {

  /** Several of the client's keys suit the assertion and its header names none of them. */
  static final class SeveralKeys extends KeySourceException {
    private static final long serialVersionUID = 1L;

    SeveralKeys() {
      super("several keys suit the assertion and it names none with kid");
    }
  }

  ClientKeySelector(JWKSource<AssertionContext> keys) {
    super(SigningAlgorithm.ACCEPTED, keys);
  }

  /**
   * The key for the header, as Nimbus's {@code JWKMatcher} finds it by type, {@code kid}, use,
   * algorithm and curve.
   *
   * @return one key, or none when no key suits or the algorithm is not accepted
   * @throws SeveralKeys when more than one key suits
   * @throws KeySourceException when the client's key set cannot be had
   */
  @Override
  public List<Key> selectJWSKeys(JWSHeader header, AssertionContext context)
      throws KeySourceException {
    if (!isAllowed(header.getAlgorithm())) {
      return List.of();
    }
    List<JWK> found = getJWKSource().get(new JWKSelector(createJWKMatcher(header)), context);
    if (found.size() > 1) {
      throw new SeveralKeys();
    }
    if (found.isEmpty()) {
      return List.of();
    }
    try {
      return List.of(javaKey(found.get(0)));
    } catch (JOSEException e) {
      throw new KeySourceException("the client's key cannot be read: " + e.getMessage(), e);
    }
  }

  /** The key as Nimbus's verifiers take it; Ed25519 travels as its JWK (see {@link Ed25519}). */
  private static Key javaKey(JWK key) throws JOSEException {
    if (key instanceof RSAKey) {
      return ((RSAKey) key).toRSAPublicKey();
    }
    if (key instanceof ECKey) {
      return ((ECKey) key).toECPublicKey();
    }
    return new Ed25519((OctetKeyPair) key);
  }

  /**
   * An Ed25519 public key as a {@link java.security.PublicKey}: Nimbus verifies Ed25519 from its
   * JWK (with Tink), while its processor passes keys as JCA keys; {@link ClientKeyVerifiers} takes
   * the JWK back out.
   *
   * @param jwk the client's public Ed25519 key
   */
  record Ed25519(OctetKeyPair jwk) implements java.security.PublicKey {
    @Override
    public String getAlgorithm() {
      return "Ed25519";
    }

    @Override
    public String getFormat() {
      return null;
    }

    @Override
    public byte[] getEncoded() {
      return null;
    }
  }
}

package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import java.security.Key;
import java.util.Set;

/**
 * Nimbus's verifiers for the key {@link ClientKeySelector} picked: its default factory for RSA and
 * EC keys, and its Ed25519 verifier for an Ed25519 key, which the default factory does not build.
 */
final class ClientKeyVerifiers implements JWSVerifierFactory {

  private final DefaultJWSVerifierFactory defaults = new DefaultJWSVerifierFactory();

  @Override
  public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
    if (key instanceof ClientKeySelector.Ed25519) {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
        throw new JOSEException("an Ed25519 key verifies EdDSA only");
      }
      return new Ed25519Verifier(((ClientKeySelector.Ed25519) key).jwk());
    }
    return defaults.createJWSVerifier(header, key);
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return SigningAlgorithm.ACCEPTED;
  }

  @Override
  public JCAContext getJCAContext() {
    return defaults.getJCAContext();
  }
}

package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The asymmetric JWS algorithms a client may sign its assertion with, each tied to the one kind of
 * key it verifies with. Anything else, {@code none} and every HMAC algorithm above all, is refused:
 * a server that let the header choose the algorithm could be made to check an HMAC keyed with the
 * client's public key, which anyone can compute.
 */
enum SigningAlgorithm {
  RS256(JWSAlgorithm.RS256),
  PS256(JWSAlgorithm.PS256),
  ES256(JWSAlgorithm.ES256),
  EdDSA(JWSAlgorithm.EdDSA);

  /** The smallest RSA modulus accepted, in bits (NIST SP 800-131A). */
  static final int MIN_RSA_BITS = 2048;

  private final JWSAlgorithm jws;

  SigningAlgorithm(JWSAlgorithm jws) {
    this.jws = jws;
  }

  /** The algorithm's name in a JWS header, such as {@code ES256}. */
  String jwsName() {
    return jws.getName();
  }

  /** The accepted algorithm a header names, if it is one. */
  static Optional<SigningAlgorithm> of(JWSAlgorithm algorithm) {
    return Arrays.stream(values()).filter(value -> value.jws.equals(algorithm)).findFirst();
  }

  /** The names of all accepted algorithms, for metadata and messages. */
  static List<String> names() {
    List<String> names = new ArrayList<>();
    for (SigningAlgorithm value : values()) {
      names.add(value.jwsName());
    }
    return List.copyOf(names);
  }

  /**
   * Whether this algorithm verifies with the key: its type and curve fit, the key is public, meant
   * for signatures, and names no other algorithm.
   */
  boolean suits(JWK key) {
    if (key.isPrivate() || KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
      return false;
    }
    if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(jwsName())) {
      return false;
    }
    switch (this) {
      case RS256:
      case PS256:
        return key instanceof RSAKey && ((RSAKey) key).size() >= MIN_RSA_BITS;
      case ES256:
        return key instanceof ECKey && Curve.P_256.equals(((ECKey) key).getCurve());
      case EdDSA:
        return key instanceof OctetKeyPair && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve());
      default:
        return false;
    }
  }

  /** Whether some accepted algorithm verifies with the key. */
  static boolean anySuits(JWK key) {
    return Arrays.stream(values()).anyMatch(value -> value.suits(key));
  }

  /**
   * A verifier for a key this algorithm {@link #suits}; Nimbus checks the signature.
   *
   * @throws JOSEException when Nimbus cannot build it
   */
  JWSVerifier verifier(JWK key) throws JOSEException {
    switch (this) {
      case RS256:
      case PS256:
        return new RSASSAVerifier((RSAKey) key);
      case ES256:
        return new ECDSAVerifier((ECKey) key);
      case EdDSA:
        return new Ed25519Verifier((OctetKeyPair) key);
      default:
        throw new JOSEException("no verifier for " + jwsName());
    }
  }
}

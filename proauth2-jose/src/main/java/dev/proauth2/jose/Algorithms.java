package dev.proauth2.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.List;

/**
 * The signature algorithms proauth2 signs and accepts: ES256 (the default for access tokens: small
 * and fast), RS256 (which OpenID Connect requires), PS256 and EdDSA (Ed25519). Never {@code none},
 * never an HMAC: a verifier must need only public keys.
 */
final class Algorithms {

  /** Every algorithm, in the order the metadata lists them. */
  static final List<JWSAlgorithm> SUPPORTED =
      List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA);

  private static final int RSA_BITS = 2048;

  /** The class of BouncyCastle's JCA provider, an optional dependency. */
  static final String BOUNCY_CASTLE = "org.bouncycastle.jce.provider.BouncyCastleProvider";

  /**
   * The provider for ES256 when BouncyCastle's is on the class or module path (several times faster
   * than JDK 17's, which does P-256 in plain Java), else null: the JDK's.
   */
  private static final Provider EC_PROVIDER = provider(BOUNCY_CASTLE);

  private Algorithms() {}

  /**
   * The algorithm a name gives, such as {@code ES256}.
   *
   * @throws IllegalArgumentException for any other, naming the supported ones
   */
  static JWSAlgorithm named(String name) {
    for (JWSAlgorithm algorithm : SUPPORTED) {
      if (algorithm.getName().equalsIgnoreCase(name)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException(
        "unsupported signing algorithm; use one of ES256, RS256, PS256, EdDSA");
  }

  /**
   * A new private key for an algorithm, with {@code use: sig}, its {@code alg}, and its RFC 7638
   * thumbprint as {@code kid}.
   */
  static JWK generate(JWSAlgorithm algorithm) {
    try {
      if (JWSAlgorithm.ES256.equals(algorithm)) {
        return new ECKeyGenerator(Curve.P_256)
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(algorithm)
            .keyIDFromThumbprint(true)
            .generate();
      }
      if (JWSAlgorithm.RS256.equals(algorithm) || JWSAlgorithm.PS256.equals(algorithm)) {
        return new RSAKeyGenerator(RSA_BITS)
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(algorithm)
            .keyIDFromThumbprint(true)
            .generate();
      }
      if (JWSAlgorithm.EdDSA.equals(algorithm)) {
        return new OctetKeyPairGenerator(Curve.Ed25519)
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(algorithm)
            .keyIDFromThumbprint(true)
            .generate();
      }
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
    }
    throw new IllegalArgumentException("unsupported signing algorithm " + algorithm);
  }

  /**
   * The algorithm a key signs with: its {@code alg}, or else the one its type implies (EC P-256:
   * ES256; RSA: RS256; OKP Ed25519: EdDSA).
   *
   * @throws IllegalArgumentException when the key cannot sign with a supported algorithm
   */
  static JWSAlgorithm of(JWK key) {
    if (key.getAlgorithm() != null) {
      JWSAlgorithm algorithm = named(key.getAlgorithm().getName());
      if (!fits(algorithm, key)) {
        throw new IllegalArgumentException(
            "key "
                + key.getKeyID()
                + " is a "
                + key.getKeyType()
                + " key; it cannot sign "
                + algorithm);
      }
      return algorithm;
    }
    if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
      return JWSAlgorithm.ES256;
    }
    if (key instanceof RSAKey) {
      return JWSAlgorithm.RS256;
    }
    if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return JWSAlgorithm.EdDSA;
    }
    throw new IllegalArgumentException(
        "key " + key.getKeyID() + " cannot sign with ES256, RS256, PS256 or EdDSA");
  }

  /** Whether a key's type and curve fit an algorithm. */
  static boolean fits(JWSAlgorithm algorithm, JWK key) {
    if (JWSAlgorithm.ES256.equals(algorithm)) {
      return key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
    }
    if (JWSAlgorithm.RS256.equals(algorithm) || JWSAlgorithm.PS256.equals(algorithm)) {
      return key instanceof RSAKey rsa && rsa.size() >= RSA_BITS;
    }
    if (JWSAlgorithm.EdDSA.equals(algorithm)) {
      return key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
    }
    return false;
  }

  /** What signs with a private key. */
  static JWSSigner signer(JWK key) {
    try {
      if (key instanceof ECKey ec) {
        return ecSigner(ec, EC_PROVIDER);
      }
      if (key instanceof RSAKey rsa) {
        return new RSASSASigner(rsa);
      }
      if (key instanceof OctetKeyPair okp) {
        return new Ed25519Signer(okp);
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("key " + key.getKeyID() + " cannot sign", e);
    }
    throw new IllegalArgumentException("key " + key.getKeyID() + " cannot sign");
  }

  /** What verifies with a public key. */
  static JWSVerifier verifier(JWK key) {
    try {
      if (key instanceof ECKey ec) {
        return ecVerifier(ec, EC_PROVIDER);
      }
      if (key instanceof RSAKey rsa) {
        return new RSASSAVerifier(rsa.toPublicJWK());
      }
      if (key instanceof OctetKeyPair okp) {
        return new Ed25519Verifier(okp.toPublicJWK());
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("key " + key.getKeyID() + " cannot verify", e);
    }
    throw new IllegalArgumentException("key " + key.getKeyID() + " cannot verify");
  }

  /** The JCA provider ES256 signs and verifies with: BouncyCastle's when present, else null. */
  static Provider ecProvider() {
    return EC_PROVIDER;
  }

  /**
   * A new instance of a JCA provider, or null when its class is absent: found by name, so this
   * module needs it neither to compile nor to run.
   */
  static Provider provider(String className) {
    try {
      return (Provider) Class.forName(className).getConstructor().newInstance();
    } catch (ReflectiveOperationException
        | LinkageError
        | ClassCastException
        | SecurityException e) {
      return null;
    }
  }

  /** ES256 signing with a provider, or the JDK's when it is null. */
  static ECDSASigner ecSigner(ECKey key, Provider provider) throws JOSEException {
    if (provider == null) {
      return new ECDSASigner(key);
    }
    // The provider's own key: a foreign one would be converted at every signature.
    ECDSASigner signer =
        new ECDSASigner((ECPrivateKey) translate(key.toECPrivateKey(), provider), key.getCurve());
    signer.getJCAContext().setProvider(provider);
    return signer;
  }

  /** ES256 verification with a provider, or the JDK's when it is null. */
  static ECDSAVerifier ecVerifier(ECKey key, Provider provider) throws JOSEException {
    if (provider == null) {
      return new ECDSAVerifier(key.toPublicJWK());
    }
    ECDSAVerifier verifier =
        new ECDSAVerifier((ECPublicKey) translate(key.toECPublicKey(), provider));
    verifier.getJCAContext().setProvider(provider);
    return verifier;
  }

  private static Key translate(Key key, Provider provider) throws JOSEException {
    try {
      return KeyFactory.getInstance("EC", provider).translateKey(key);
    } catch (GeneralSecurityException e) {
      throw new JOSEException("the " + provider.getName() + " provider cannot take an EC key", e);
    }
  }
}

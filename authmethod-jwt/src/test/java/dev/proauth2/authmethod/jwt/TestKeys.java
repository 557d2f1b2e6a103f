package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Key pairs for the tests, made once per JVM: RSA ones take a while to generate. */
final class TestKeys {

  static final RSAKey RSA = rsa("rsa-1");
  static final ECKey EC = ec("ec-1");
  static final OctetKeyPair ED25519 = ed25519("ed-1");

  /** The attacker's keys: never registered for any client. */
  static final RSAKey ATTACKER_RSA = rsa("attacker-rsa");

  static final ECKey ATTACKER_EC = ec("attacker-ec");

  private TestKeys() {}

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static OctetKeyPair ed25519(String kid) {
    try {
      return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An RSA public key of this modulus size and exponent, made without a private key (a large key
   * would take long to generate): for tests that a key is refused before any signature check.
   */
  static RSAKey rsaPublic(String kid, int bits, long exponent) {
    BigInteger modulus = BigInteger.ONE.shiftLeft(bits - 1).setBit(0);
    return new RSAKey.Builder(
            Base64URL.encode(modulus), Base64URL.encode(BigInteger.valueOf(exponent)))
        .keyID(kid)
        .build();
  }

  /** The public JSON Web Key Set of these keys, as a client registers it. */
  static String jwks(JWK... keys) {
    List<JWK> publicKeys = new ArrayList<>();
    for (JWK key : keys) {
      publicKeys.add(key.toPublicJWK());
    }
    return new JWKSet(publicKeys).toString();
  }
}

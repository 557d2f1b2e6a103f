package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules a client's key set keeps, wherever it comes from (registered inline, or fetched from
 * its {@code jwks_uri}), so no client can make a signature check expensive: few keys, one key per
 * {@code kid}, public keys only, and RSA keys of bounded size with the usual exponent.
 */
final class KeyRules {

  /** The most keys a set may hold: enough to roll over, few enough to bound the work. */
  static final int MAX_KEYS = 10;

  /** The smallest RSA modulus accepted, in bits (NIST SP 800-131A). */
  static final int MIN_RSA_BITS = 2048;

  /** The largest RSA modulus accepted, in bits: larger keys only make each check slower. */
  static final int MAX_RSA_BITS = 4096;

  /** The only RSA public exponent accepted (F4, as every current key generator makes). */
  static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);

  /** A set breaks a rule; the message names the key and the rule, and is safe to log. */
  static final class Broken extends Exception {
    private static final long serialVersionUID = 1L;

    Broken(String message) {
      super(message);
    }
  }

  private KeyRules() {}

  /**
   * Checks the rules every key of the set keeps.
   *
   * @param where how messages name the set, such as {@code jwks}
   * @throws Broken naming the first key that breaks a rule
   */
  static void check(JWKSet set, String where) throws Broken {
    List<JWK> keys = set.getKeys();
    if (keys.isEmpty()) {
      throw new Broken(where + " holds no keys; it needs at least one public signing key");
    }
    if (keys.size() > MAX_KEYS) {
      throw new Broken(
          where + " holds " + keys.size() + " keys; at most " + MAX_KEYS + " are accepted");
    }
    Set<String> kids = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      JWK key = keys.get(i);
      String which = "key " + (i + 1) + " of " + where;
      if (KeyType.OCT.equals(key.getKeyType())) {
        throw new Broken(
            which
                + " is a symmetric (oct) key; private_key_jwt needs public keys (client_secret_jwt"
                + " is not offered)");
      }
      if (key.isPrivate()) {
        throw new Broken(
            which
                + " holds private key material; send the public key only, and treat the private key"
                + " sent here as exposed");
      }
      if (key instanceof RSAKey) {
        checkRsa((RSAKey) key, which);
      }
      if (key.getKeyID() != null && !kids.add(key.getKeyID())) {
        throw new Broken(which + " repeats the kid of another key; give each key its own kid");
      }
    }
  }

  /**
   * Whether this server verifies assertions with the key: a public signing key ({@code use} absent
   * or {@code sig}) that is RSA, EC on P-256 or OKP on Ed25519, whose {@code alg}, if any, is an
   * accepted algorithm for its type.
   */
  static boolean isSigningKey(JWK key) {
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      return false;
    }
    boolean kind =
        key instanceof RSAKey
            || (key instanceof ECKey && Curve.P_256.equals(((ECKey) key).getCurve()))
            || (key instanceof OctetKeyPair
                && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve()));
    if (!kind || key.getAlgorithm() == null) {
      return kind;
    }
    JWSAlgorithm alg = JWSAlgorithm.parse(key.getAlgorithm().getName());
    return SigningAlgorithm.ACCEPTED.contains(alg)
        && key.getKeyType().equals(KeyType.forAlgorithm(alg));
  }

  /** The keys of the set this server verifies with, in their order; the others are left out. */
  static JWKSet signingKeys(JWKSet set) {
    List<JWK> signing = new ArrayList<>();
    for (JWK key : set.getKeys()) {
      if (isSigningKey(key)) {
        signing.add(key);
      }
    }
    return new JWKSet(signing);
  }

  private static void checkRsa(RSAKey key, String which) throws Broken {
    int bits = key.getModulus().decodeToBigInteger().bitLength();
    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
      throw new Broken(
          which
              + " is RSA of "
              + bits
              + " bits; use "
              + MIN_RSA_BITS
              + " to "
              + MAX_RSA_BITS
              + " bits");
    }
    if (!RSA_EXPONENT.equals(key.getPublicExponent().decodeToBigInteger())) {
      throw new Broken(which + " is RSA with a public exponent other than 65537; use e = 65537");
    }
  }
}

package dev.proauth2.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.proauth2.SigningContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The host's own signing keys, from a JWK set or a PKCS#12 keystore: for a host whose keys must
 * come from its own key management (a compliance rule, keys shared with another system). The first
 * key of each algorithm signs; every key is published. Nothing rotates by itself: to rotate, add
 * the new key after the current one, wait for resource servers' caches ({@link #maxAge()}), move it
 * first, and remove the old key once the tokens it signed have expired.
 */
public final class HostSigningKeys implements SigningKeys {

  private static final Duration MAX_AGE = Duration.ofMinutes(15);

  private final Map<JWSAlgorithm, SigningKey> signing;
  private final JWKSet published;

  private HostSigningKeys(List<JWK> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no signing keys given");
    }
    Map<JWSAlgorithm, SigningKey> first = new LinkedHashMap<>();
    List<JWK> publicKeys = new ArrayList<>();
    for (JWK key : keys) {
      if (!key.isPrivate()) {
        throw new IllegalArgumentException(
            "key " + key.getKeyID() + " has no private part; a signing key needs one");
      }
      if (key.getKeyID() == null || key.getKeyID().isBlank()) {
        throw new IllegalArgumentException("every signing key needs a kid");
      }
      if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
        throw new IllegalArgumentException("key " + key.getKeyID() + " is not for signing");
      }
      JWSAlgorithm algorithm = Algorithms.of(key);
      first.putIfAbsent(
          algorithm, new SigningKey(key.getKeyID(), algorithm, Algorithms.signer(key)));
      publicKeys.add(published(key, algorithm));
    }
    this.signing = Map.copyOf(first);
    this.published = new JWKSet(publicKeys);
  }

  /**
   * Keys from a JWK set (RFC 7517) in JSON, private parts included.
   *
   * @throws IllegalArgumentException when it is not a JWK set of private keys with {@code kid}s
   *     that sign with ES256, RS256 (2048 bits or more), PS256 or EdDSA
   */
  public static HostSigningKeys fromJwkSet(String json) {
    Objects.requireNonNull(json, "json");
    try {
      return new HostSigningKeys(JWKSet.parse(json).getKeys());
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWK set: " + e.getMessage());
    }
  }

  /** Keys from a JWK set file; see {@link #fromJwkSet(String)}. */
  public static HostSigningKeys fromJwkSetFile(Path file) {
    try {
      return fromJwkSet(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the JWK set file " + file, e);
    }
  }

  /**
   * Every private key of a PKCS#12 keystore; its alias is its {@code kid}. An RSA key signs with
   * RS256, an EC P-256 key with ES256.
   *
   * @throws IllegalArgumentException when the file cannot be read, the password is wrong, or it
   *     holds no private key
   */
  public static HostSigningKeys fromPkcs12(Path file, char[] password) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, password);
      List<JWK> keys = new ArrayList<>();
      for (String alias : Collections.list(keyStore.aliases())) {
        if (keyStore.isKeyEntry(alias)) {
          JWK key = JWK.load(keyStore, alias, password);
          if (key != null && key.isPrivate()) {
            keys.add(withKeyId(key, alias));
          }
        }
      }
      return new HostSigningKeys(keys);
    } catch (IOException | GeneralSecurityException | JOSEException | ParseException e) {
      throw new IllegalArgumentException(
          "cannot read signing keys from the keystore "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); check the path and the password",
          e);
    }
  }

  @Override
  public void start(SigningContext context, Set<JWSAlgorithm> algorithms) {
    for (JWSAlgorithm algorithm : algorithms) {
      if (!signing.containsKey(algorithm)) {
        throw new IllegalArgumentException(
            "the host's keys include none that signs with "
                + algorithm
                + "; add one, or choose another algorithm");
      }
    }
  }

  @Override
  public SigningKey signingKey(JWSAlgorithm algorithm) {
    SigningKey key = signing.get(algorithm);
    if (key == null) {
      throw new IllegalArgumentException("the host's keys include none for " + algorithm);
    }
    return key;
  }

  @Override
  public JWKSet publicKeys() {
    return published;
  }

  /** Fifteen minutes. */
  @Override
  public Duration maxAge() {
    return MAX_AGE;
  }

  private static JWK published(JWK key, JWSAlgorithm algorithm) {
    Map<String, Object> json = new LinkedHashMap<>(key.toPublicJWK().toJSONObject());
    json.put("use", "sig");
    json.put("alg", algorithm.getName());
    try {
      return JWK.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWK withKeyId(JWK key, String alias) throws ParseException {
    Map<String, Object> json = new LinkedHashMap<>(key.toJSONObject());
    json.put("kid", alias);
    return JWK.parse(json);
  }
}

package dev.proauth2;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server nonces for DPoP proofs (RFC 9449 section 8), kept by no store: a nonce is the number of
 * the current time window with a MAC over it, so every engine with the same key accepts the nonces
 * of the others, and a nonce stays good for one to two windows. The key is derived from the host's
 * key-encryption key when there is one (engines that share a store share it), else random per
 * engine.
 */
final class DPoPNonces {

  private static final int MAC_BYTES = 16;

  private final SecretKeySpec key;
  private final long windowMillis;
  private final Policy policy;

  DPoPNonces(Policy policy, SecretKey keyEncryptionKey) {
    this.policy = policy;
    this.windowMillis = policy.dpopNonceLifetime().toMillis();
    byte[] material;
    if (keyEncryptionKey != null) {
      material = mac(new SecretKeySpec(keyEncryptionKey.getEncoded(), "HmacSHA256"), "dpop-nonce");
    } else {
      material = new byte[32];
      new SecureRandom().nextBytes(material);
    }
    this.key = new SecretKeySpec(material, "HmacSHA256");
  }

  /** The nonce to hand out now. */
  String current() {
    return nonce(policy.now() / windowMillis);
  }

  /** Whether a proof's nonce is one of this window's or the last one's. */
  boolean accepts(String nonce) {
    if (nonce == null || nonce.length() > 64) {
      return false;
    }
    long window = policy.now() / windowMillis;
    byte[] presented = nonce.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(presented, nonce(window).getBytes())
        || MessageDigest.isEqual(presented, nonce(window - 1).getBytes());
  }

  private String nonce(long window) {
    byte[] index = ByteBuffer.allocate(Long.BYTES).putLong(window).array();
    byte[] tag = Arrays.copyOf(mac(key, index), MAC_BYTES);
    byte[] both = ByteBuffer.allocate(index.length + tag.length).put(index).put(tag).array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(both);
  }

  private static byte[] mac(SecretKeySpec key, String label) {
    return mac(key, label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static byte[] mac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}

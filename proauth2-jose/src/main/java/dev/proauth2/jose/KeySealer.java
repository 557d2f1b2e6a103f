package dev.proauth2.jose;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals private keys under the host's key-encryption key with AES-256-GCM before they reach a
 * store. The key id and algorithm are the associated data, so a sealed key moved to another entry
 * does not open.
 */
final class KeySealer {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey keyEncryptionKey;
  private final String id;

  KeySealer(SecretKey keyEncryptionKey) {
    this.keyEncryptionKey = keyEncryptionKey;
    this.id = idOf(keyEncryptionKey);
  }

  /**
   * A short public name for the key-encryption key: the first 8 bytes of a SHA-256 over it, hex. It
   * tells two keys apart in an error message and reveals nothing that helps find the key.
   */
  String id() {
    return id;
  }

  /** The sealed private key: base64url of the IV followed by the ciphertext and tag. */
  String seal(String keyId, String algorithm, String privateJwk) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, keyId, algorithm);
      byte[] sealed = cipher.doFinal(privateJwk.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[IV_BYTES + sealed.length];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * Opens a sealed private key.
   *
   * @throws WrongKeyException when it was sealed under another key, or altered
   */
  String open(String keyId, String algorithm, String sealed) {
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new WrongKeyException();
    }
    if (in.length <= IV_BYTES) {
      throw new WrongKeyException();
    }
    byte[] plain = null;
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, IV_BYTES), keyId, algorithm);
      plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new WrongKeyException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private Cipher cipher(int mode, byte[] iv, String keyId, String algorithm)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, keyEncryptionKey, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(
        ("proauth2 signing key " + algorithm + " " + keyId).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static String idOf(SecretKey key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update("proauth2 key-encryption key id".getBytes(StandardCharsets.UTF_8));
      byte[] digest = sha256.digest(key.getEncoded());
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", digest[i]));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** A sealed key that does not open under this key-encryption key. */
  static final class WrongKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongKeyException() {
      super("the sealed key does not open under this key-encryption key", null, false, false);
    }
  }
}

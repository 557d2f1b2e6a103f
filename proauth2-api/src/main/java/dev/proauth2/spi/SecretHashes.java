package dev.proauth2.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * SHA-256 hashing and constant-time comparison of secrets: the one way proauth2 and its plugins
 * turn a token, code or client secret into the value a store keeps.
 *
 * <p>A fast hash is right here because every secret proauth2 issues carries 256 bits from {@link
 * java.security.SecureRandom}; there is nothing to guess that a slow hash would protect.
 */
public final class SecretHashes {

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(SecretHashes::newDigest);
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private SecretHashes() {}

  /**
   * Hashes a secret.
   *
   * @param secret the secret as presented
   * @return SHA-256 of its UTF-8 bytes, base64url without padding (43 characters)
   */
  public static String sha256(String secret) {
    Objects.requireNonNull(secret, "secret");
    MessageDigest digest = SHA_256.get();
    return BASE64URL.encodeToString(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Checks a presented secret against a stored hash, in time that does not depend on where they
   * differ.
   *
   * @param presented the secret the caller sent, or {@code null}
   * @param expectedHash the stored {@link #sha256} value, or {@code null}
   * @return whether both are present and match
   */
  public static boolean matches(String presented, String expectedHash) {
    if (presented == null || expectedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sha256(presented).getBytes(StandardCharsets.US_ASCII),
        expectedHash.getBytes(StandardCharsets.US_ASCII));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}

package dev.proauth2;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes tokens, codes, secrets and client ids from one {@link SecureRandom}. */
final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Secrets() {}

  /** 256 random bits, base64url: a token, code or client secret (43 characters). */
  static String newSecret() {
    return random(32);
  }

  /** 128 random bits, base64url: a client id (22 characters); it is public, not a secret. */
  static String newClientId() {
    return random(16);
  }

  /** {@code length} characters drawn uniformly from {@code alphabet}: a user code. */
  static String newCode(String alphabet, int length) {
    StringBuilder code = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      code.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return code.toString();
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return BASE64URL.encodeToString(value);
  }
}

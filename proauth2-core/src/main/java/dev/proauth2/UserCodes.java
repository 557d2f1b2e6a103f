package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import java.util.Locale;

/**
 * User codes of the device grant (RFC 8628 section 6.1): eight characters from twenty consonants
 * with no vowels (no words) and no lookalikes (no 0/O, 1/I), shown as {@code XXXX-XXXX} and read
 * back case-insensitively with dashes and spaces dropped.
 */
final class UserCodes {

  static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
  static final int LENGTH = 8;

  /** The most characters a typed code may have, with separators: more is not a user code. */
  private static final int MAX_TYPED = 32;

  private UserCodes() {}

  /** A new user code from the engine's {@code SecureRandom}, normalised (no dash). */
  static String newCode() {
    return Secrets.newCode(ALPHABET, LENGTH);
  }

  /** The code as a user reads it: {@code XXXX-XXXX}. */
  static String shown(String normalised) {
    return normalised.substring(0, LENGTH / 2) + "-" + normalised.substring(LENGTH / 2);
  }

  /**
   * The code a user typed, upper-cased, without dashes and spaces.
   *
   * @throws Proauth2Exception {@code invalid_request} for a missing code or one that cannot be a
   *     user code, without quoting it
   */
  static String normalise(String typed) {
    if (typed == null || typed.isBlank()) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, "user_code is missing");
    }
    if (typed.length() > MAX_TYPED) {
      throw malformed();
    }
    StringBuilder code = new StringBuilder(LENGTH);
    for (int i = 0; i < typed.length(); i++) {
      char c = typed.charAt(i);
      if (c == '-' || c == ' ') {
        continue;
      }
      char upper = Character.toUpperCase(c);
      if (c > 0x7F || ALPHABET.indexOf(upper) < 0 || code.length() == LENGTH) {
        throw malformed();
      }
      code.append(upper);
    }
    if (code.length() != LENGTH) {
      throw malformed();
    }
    return code.toString().toUpperCase(Locale.ROOT);
  }

  private static Proauth2Exception malformed() {
    return new Proauth2Exception(
        Proauth2Exception.INVALID_REQUEST,
        "the code is not a user code: it has "
            + LENGTH
            + " letters, shown as XXXX-XXXX; check it on the device");
  }
}

package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;

/**
 * Bounds and character checks for every value a client sends. Each check throws {@link
 * Proauth2Exception} with the code the caller names, and never echoes a secret. (What the calling
 * programmer gets wrong, such as a {@code null} request object, is a {@link NullPointerException}
 * instead, thrown where the engine is called.)
 */
final class Inputs {

  /** The base64url alphabet (RFC 4648 section 5) as a lookup table: a token check runs it. */
  private static final boolean[] BASE64URL = new boolean[128];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      BASE64URL[c] = true;
      BASE64URL[Character.toLowerCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      BASE64URL[c] = true;
    }
    BASE64URL['-'] = true;
    BASE64URL['_'] = true;
  }

  /** The longest token, code, secret or verifier accepted; ours are 43 characters. */
  static final int MAX_SECRET = 512;

  /** The longest {@code state} accepted. */
  static final int MAX_STATE = 2048;

  private Inputs() {}

  /** A required text value of at most {@code max} characters without control characters. */
  static String text(String value, String name, int max, String error) {
    if (value == null || value.isBlank()) {
      throw new Proauth2Exception(error, name + " is missing");
    }
    if (value.length() > max) {
      throw new Proauth2Exception(
          error, name + " is longer than " + max + " characters (" + value.length() + ")");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) && !validSurrogate(value, i)) {
        throw new Proauth2Exception(
            error, name + " contains a control character or broken Unicode at index " + i);
      }
    }
    return value;
  }

  /**
   * A name shown to people, such as a client's on the consent page: {@link #text} and, besides, no
   * character that shows nothing or changes how the text around it shows ({@link #unprintable}),
   * such as a right-to-left override that makes "evil.example" read as another name, and not only
   * spaces. The error names the rule and the code point, never the name.
   */
  static String displayName(String value, String name, int max, String error) {
    text(value, name, max, error);
    boolean visible = false;
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (unprintable(c)) {
        throw new Proauth2Exception(
            error,
            name
                + " contains an invisible or text-direction character ("
                + String.format("U+%04X", c)
                + ") at index "
                + i
                + "; such characters can make a name read as another, so they are refused");
      }
      visible |= !Character.isSpaceChar(c) && !Character.isWhitespace(c);
      i += Character.charCount(c);
    }
    if (!visible) {
      throw new Proauth2Exception(error, name + " has only spaces");
    }
    return value;
  }

  /**
   * Whether a code point shows nothing of its own or can change how the text around it shows:
   * controls (Unicode category Cc, C0 and C1), format characters (Cf: bidi embeddings, overrides
   * and isolates, marks such as U+200E, zero-width characters, U+FEFF), line and paragraph
   * separators (Zl, Zp), private-use (Co) and unassigned (Cn) code points, and unpaired surrogates
   * (Cs). The audit log escapes them and display names refuse them.
   */
  static boolean unprintable(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }

  /** A client id: required, printable ASCII without spaces. */
  static String clientId(String value, String error) {
    return visibleAscii(value, Table.CLIENT_ID, Table.MAX_ID, error);
  }

  /** A user id as the host gives it. */
  static String userId(String value) {
    return text(value, Table.USER_ID, Table.MAX_ID, Proauth2Exception.INVALID_REQUEST);
  }

  /** An optional {@code state}: printable ASCII (RFC 6749 appendix A.5). */
  static String state(String value) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > MAX_STATE) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST, "state must have 1 to " + MAX_STATE + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST,
            "state may only contain printable ASCII; found a character outside it at index " + i);
      }
    }
    return value;
  }

  /**
   * A token, code or secret as presented: base64url characters only, bounded. Never quoted in the
   * error.
   */
  static String secret(String value, String name, String errorIfMissing, String errorIfMalformed) {
    if (value == null || value.isEmpty()) {
      throw new Proauth2Exception(errorIfMissing, name + " is missing");
    }
    if (value.length() > MAX_SECRET || !isBase64Url(value)) {
      throw new Proauth2Exception(errorIfMalformed, name + " is malformed");
    }
    return value;
  }

  /** Printable ASCII without spaces: %x21-7E. */
  static String visibleAscii(String value, String name, int max, String error) {
    if (value == null || value.isEmpty()) {
      throw new Proauth2Exception(error, name + " is missing");
    }
    if (value.length() > max) {
      throw new Proauth2Exception(error, name + " is longer than " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw new Proauth2Exception(
            error, name + " may only contain visible ASCII; found another character at index " + i);
      }
    }
    return value;
  }

  static boolean isBase64Url(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= BASE64URL.length || !BASE64URL[c]) {
        return false;
      }
    }
    return true;
  }

  private static boolean validSurrogate(String value, int i) {
    char c = value.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
  }
}

package dev.proauth2.hardening;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Random values that pass the engine's input rules (core's {@code Inputs}, {@code Scopes} and
 * {@code RedirectUris}), reaching for their edges: full length, unicode beyond the BMP, decomposed
 * accents, spaces at the ends, every allowed punctuation character.
 */
final class ValidInputs {

  /** Longest user id and client name (Table.MAX_ID). */
  static final int MAX_ID = 256;

  /** Longest state, scope string and redirect URI. */
  static final int MAX_TEXT = 2048;

  private static final int MAX_SCOPE_VALUES = 64;
  private static final int MAX_REDIRECT_URIS = 10;

  /** Code point ranges user ids and names are drawn from. */
  private static final int[][] LETTERS = {
    {0x20, 0x7E}, // printable ASCII, space and punctuation included
    {0xA0, 0xFF}, // Latin-1, no-break space included
    {0x0391, 0x03C9}, // Greek
    {0x0410, 0x044F}, // Cyrillic
    {0x05D0, 0x05EA}, // Hebrew, right to left
    {0x0300, 0x036F}, // combining accents, for decomposed forms
    {0x4E00, 0x9FFF}, // CJK
    {0xAC00, 0xD7A3}, // Hangul
    {0x1F600, 0x1F64F}, // emoji: surrogate pairs
    {0x20000, 0x2A6DF}, // CJK extension B: surrogate pairs
  };

  /**
   * Characters easy to lose on the way: C1 controls, separators, BOM, ...; allowed in user ids, not
   * in client names ({@link #displayName}).
   */
  private static final int[] ODD = {
    0x80, 0x85, 0x9F, 0xA0, 0x200B, 0x200D, 0x200E, 0x2028, 0x2029, 0xFEFF, 0xFFFD, 0xFFFF
  };

  private static final String SCOPE_CHARS = scopeChars();
  private static final String PCHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@";
  private static final String HEX = "0123456789ABCDEFabcdef";

  private ValidInputs() {}

  /** A user id or client name: 1 to 256 UTF-16 units, no control below 0x20 or DEL, not blank. */
  static String text(Gen gen) {
    while (true) {
      int length = gen.size(MAX_ID);
      StringBuilder out = new StringBuilder(length);
      while (out.length() < length) {
        int codePoint = codePoint(gen);
        if (out.length() + Character.charCount(codePoint) <= length) {
          out.appendCodePoint(codePoint);
        }
      }
      String value = out.toString();
      if (!value.isBlank()) {
        return value;
      }
    }
  }

  /**
   * A client name: as {@link #text}, less what a name shown on the consent page may not hold
   * (controls, format characters such as U+200E and U+FEFF, U+2028, U+2029, private-use and
   * unassigned code points), and not only spaces.
   */
  static String displayName(Gen gen) {
    while (true) {
      StringBuilder out = new StringBuilder();
      boolean visible = false;
      for (int c : text(gen).codePoints().toArray()) {
        switch (Character.getType(c)) {
          case Character.CONTROL,
              Character.FORMAT,
              Character.LINE_SEPARATOR,
              Character.PARAGRAPH_SEPARATOR,
              Character.PRIVATE_USE,
              Character.UNASSIGNED -> {}
          default -> {
            out.appendCodePoint(c);
            visible |= !Character.isSpaceChar(c) && !Character.isWhitespace(c);
          }
        }
      }
      if (visible) {
        return out.toString();
      }
    }
  }

  /** A {@code state}: 1 to 2048 characters of printable ASCII, spaces included. */
  static String state(Gen gen) {
    int length = gen.size(MAX_TEXT);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) gen.between(0x20, 0x7E));
    }
    return out.toString();
  }

  /**
   * Distinct scope values of RFC 6749 section 3.3's characters: at most 64, joined by single spaces
   * into at most 2048 characters. Sometimes one value fills the whole string.
   */
  static List<String> scopeValues(Gen gen) {
    if (gen.chance(0.05)) {
      return List.of(word(gen, SCOPE_CHARS, gen.size(MAX_TEXT)));
    }
    int count = gen.size(MAX_SCOPE_VALUES);
    Set<String> values = new LinkedHashSet<>();
    int length = -1;
    while (values.size() < count) {
      String value = word(gen, SCOPE_CHARS, gen.between(1, count > 16 ? 8 : 24));
      if (length + 1 + value.length() > MAX_TEXT) {
        break;
      }
      if (values.add(value)) {
        length += 1 + value.length();
      }
    }
    return new ArrayList<>(values);
  }

  /** One to ten distinct redirect URIs that registration accepts. */
  static List<String> redirectUris(Gen gen) {
    int count = gen.size(MAX_REDIRECT_URIS);
    Set<String> uris = new LinkedHashSet<>();
    while (uris.size() < count) {
      uris.add(redirectUri(gen));
    }
    return new ArrayList<>(uris);
  }

  /**
   * An https URI, a loopback http URI (RFC 8252 section 7.3) or a private-use scheme in reverse
   * domain form (section 7.1); with a port, path and query of any allowed characters, percent
   * escapes included, and sometimes exactly 2048 characters long.
   */
  static String redirectUri(Gen gen) {
    StringBuilder uri = new StringBuilder();
    switch (gen.between(0, 3)) {
      case 0 -> uri.append(gen.oneOf("http://127.0.0.1", "http://[::1]")).append(port(gen));
      case 1 -> {
        uri.append(domain(gen)).append(':');
        if (gen.chance(0.8)) {
          uri.append('/');
        }
      }
      default ->
          uri.append(gen.oneOf("https", "https", "https", "HTTPS", "Https"))
              .append("://")
              .append(gen.chance(0.1) ? "203.0.113." + gen.between(0, 255) : hostName(gen))
              .append(port(gen));
    }
    if (uri.charAt(uri.length() - 1) != '/' && uri.charAt(uri.length() - 1) != ':') {
      uri.append('/');
    }
    boolean opaque = uri.charAt(uri.length() - 1) == ':';
    int segments = gen.between(opaque ? 1 : 0, 4);
    for (int i = 0; i < segments; i++) {
      uri.append(i == 0 ? "" : "/").append(pathWord(gen, gen.between(1, 12)));
    }
    if (gen.chance(0.3)) {
      uri.append('?').append(pathWord(gen, gen.between(1, 20))).append(gen.oneOf("", "/", "?"));
    }
    if (gen.chance(0.05)) {
      while (uri.length() < MAX_TEXT) {
        uri.append(PCHARS.charAt(gen.between(0, 61)));
      }
    }
    return uri.toString();
  }

  private static int codePoint(Gen gen) {
    if (gen.chance(0.05)) {
      return ODD[gen.between(0, ODD.length - 1)];
    }
    int[] range = gen.chance(0.5) ? LETTERS[0] : gen.oneOf(LETTERS);
    return gen.between(range[0], range[1]);
  }

  private static String word(Gen gen, String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(gen.between(0, alphabet.length() - 1)));
    }
    return out.toString();
  }

  /** Path or query characters (RFC 3986 pchar), with some percent escapes. */
  private static String pathWord(Gen gen, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      if (gen.chance(0.1)) {
        out.append('%')
            .append(HEX.charAt(gen.between(0, 21)))
            .append(HEX.charAt(gen.between(0, 21)));
      } else {
        out.append(PCHARS.charAt(gen.between(0, PCHARS.length() - 1)));
      }
    }
    return out.toString();
  }

  private static String port(Gen gen) {
    return gen.chance(0.5) ? "" : ":" + gen.between(1, 65535);
  }

  /** A host name java.net.URI parses as a server: labels start with a letter. */
  private static String hostName(Gen gen) {
    int labels = gen.between(1, 4);
    StringBuilder host = new StringBuilder();
    for (int i = 0; i < labels; i++) {
      host.append(i == 0 ? "" : ".").append(label(gen));
    }
    return host.toString();
  }

  private static String label(Gen gen) {
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    String middle = letters + "0123456789-";
    String last = letters + "0123456789";
    int length = gen.between(1, 12);
    StringBuilder out = new StringBuilder().append(letters.charAt(gen.between(0, 51)));
    for (int i = 1; i < length - 1; i++) {
      out.append(middle.charAt(gen.between(0, middle.length() - 1)));
    }
    if (length > 1) {
      out.append(last.charAt(gen.between(0, last.length() - 1)));
    }
    return out.toString();
  }

  /** A private-use scheme: reverse domain, so it has a dot (RFC 8252 section 7.1). */
  private static String domain(Gen gen) {
    String lower = "abcdefghijklmnopqrstuvwxyz";
    return word(gen, lower, gen.between(1, 4))
        + "."
        + word(gen, lower, gen.between(1, 8))
        + (gen.chance(0.5) ? "." + word(gen, lower + "0123456789+-", gen.between(1, 8)) : "");
  }

  private static String scopeChars() {
    StringBuilder out = new StringBuilder();
    for (char c = 0x21; c <= 0x7E; c++) {
      if (c != '"' && c != '\\') {
        out.append(c);
      }
    }
    return out.toString();
  }
}

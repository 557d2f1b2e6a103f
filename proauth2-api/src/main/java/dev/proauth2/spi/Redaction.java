package dev.proauth2.spi;

import java.util.List;
import java.util.Locale;

/**
 * The one rule that hides secrets in a config string, a JDBC URL or a driver's message that repeats
 * one; {@link DataStoreConfig#redact(String)} is its public face. It reads text the way the drivers
 * do, and where a reading is ambiguous it hides more rather than less.
 */
final class Redaction {

  static final String REDACTED = "REDACTED";

  /** Parts of a parameter name that mark its value as a secret, lower case. */
  private static final List<String> SENSITIVE =
      List.of(
          "password", // password, password1..3, sslpassword, trustStorePassword, ...
          "passwd",
          "pwd",
          "passphrase",
          "secret",
          "encryption_key", // key_encryption_key
          "private_key",
          "token", // access_token, accessToken, AWS_SESSION_TOKEN
          "credential",
          "apikey",
          "api_key",
          "api-key");

  private Redaction() {}

  /** Whether a parameter of this name holds a secret, such as {@code password2} or {@code pwd}. */
  static boolean sensitive(String name) {
    String lower = percentDecoded(name).toLowerCase(Locale.ROOT);
    for (String part : SENSITIVE) {
      if (lower.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a scheme's drivers read a user info without a colon as the password, as Lettuce reads
   * {@code redis://secret@host}.
   */
  static boolean userInfoIsPassword(String scheme) {
    return scheme != null && scheme.toLowerCase(Locale.ROOT).startsWith("redis");
  }

  static String redact(String text) {
    return parameters(userInfo(text));
  }

  /**
   * Hides the password of every {@code //user:password@}. The user info ends at the last '@' before
   * the host, so a raw '/', '@' or ':' in a password stays hidden; the search for that '@' stops at
   * whitespace and at the first parameter with a value ({@code ?k=}, {@code &k=}, {@code ;k=}), so
   * an '@' in an option such as {@code ?user=me@corp} is not taken for one.
   */
  private static String userInfo(String text) {
    StringBuilder out = null;
    int copied = 0;
    int slashes = text.indexOf("//");
    while (slashes >= 0) {
      int start = slashes + 2;
      int at = -1;
      boolean inParameters = false;
      for (int i = start; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c) || (c == '=' && inParameters)) {
          break;
        }
        if (c == '?' || c == '&' || c == ';') {
          inParameters = true;
        } else if (c == '@') {
          at = i;
        }
      }
      if (at < 0) {
        slashes = text.indexOf("//", start);
        continue;
      }
      int colon = text.indexOf(':', start);
      int secretStart = -1;
      if (colon >= 0 && colon < at) {
        secretStart = colon + 1;
      } else if (userInfoIsPassword(schemeBefore(text, slashes))) {
        secretStart = start;
      }
      if (secretStart >= 0 && secretStart < at) {
        out = out == null ? new StringBuilder(text.length()) : out;
        out.append(text, copied, secretStart).append(REDACTED);
        copied = at;
      }
      slashes = text.indexOf("//", at);
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** The scheme written just before {@code ://}, or null. */
  private static String schemeBefore(String text, int slashes) {
    if (slashes < 1 || text.charAt(slashes - 1) != ':') {
      return null;
    }
    int start = slashes - 1;
    while (start > 0 && isSchemeChar(text.charAt(start - 1))) {
      start--;
    }
    return text.substring(start, slashes - 1);
  }

  private static boolean isSchemeChar(char c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
  }

  /**
   * Hides the value of every parameter whose name is sensitive, where drivers read parameters:
   * {@code ?k=v&k=v} (value up to '&'), {@code ;k=v;k=v} as in H2 and SQL Server (up to ';', or a
   * whole {@code {braced}} value), MySQL's {@code (k=v,k=v)} host properties (up to ',' or ')'),
   * {@code k=v} in free text (up to whitespace or punctuation), and {@code K:v} pairs as in
   * MongoDB's {@code authMechanismProperties=AWS_SESSION_TOKEN:v,SERVICE_NAME:x} (up to ',', also
   * in a driver's message that quotes them).
   */
  private static String parameters(String text) {
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < text.length()) {
      char before = i == 0 ? ' ' : text.charAt(i - 1);
      if (!isNameChar(text.charAt(i)) || (i > 0 && !isSeparator(before))) {
        i++;
        continue;
      }
      int nameEnd = i;
      while (nameEnd < text.length() && isNameChar(text.charAt(nameEnd))) {
        nameEnd++;
      }
      int sign = nameEnd;
      while (sign < text.length() && text.charAt(sign) == ' ') {
        sign++;
      }
      boolean pair = sign < text.length() && text.charAt(sign) == '=';
      boolean subPair = sign == nameEnd && sign < text.length() && text.charAt(sign) == ':';
      if (!(pair || subPair) || !sensitive(text.substring(i, nameEnd))) {
        i = nameEnd;
        continue;
      }
      int valueStart = sign + 1;
      int valueEnd = valueEnd(text, valueStart, subPair && (before == ',') ? '=' : before);
      if (valueEnd > valueStart) {
        out = out == null ? new StringBuilder(text.length()) : out;
        out.append(text, copied, valueStart).append(REDACTED);
        copied = valueEnd;
      }
      i = Math.max(valueEnd, nameEnd);
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** Where a value that starts at {@code start} ends, by what came before its name. */
  private static int valueEnd(String text, int start, char before) {
    if (before == ';' && start < text.length() && text.charAt(start) == '{') {
      int close = text.indexOf('}', start);
      return close < 0 ? text.length() : close + 1;
    }
    String ends =
        switch (before) {
          case '?', '&' -> "&#";
          case ';' -> ";";
          case '(', ',' -> ",)&";
          case '=' -> ",&;";
          default -> "&;,)'\"`";
        };
    int end = start;
    while (end < text.length()
        && !Character.isWhitespace(text.charAt(end))
        && ends.indexOf(text.charAt(end)) < 0) {
      end++;
    }
    return end;
  }

  private static boolean isNameChar(char c) {
    return c < 0x80
        && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '%');
  }

  private static boolean isSeparator(char c) {
    return Character.isWhitespace(c) || "?&;(,='\"`".indexOf(c) >= 0;
  }

  /** A name with its %XX escapes decoded, for the sensitivity test only. */
  private static String percentDecoded(String name) {
    if (name.indexOf('%') < 0) {
      return name;
    }
    StringBuilder decoded = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      int high = i + 2 < name.length() ? Character.digit(name.charAt(i + 1), 16) : -1;
      int low = i + 2 < name.length() ? Character.digit(name.charAt(i + 2), 16) : -1;
      if (c == '%' && high >= 0 && low >= 0) {
        decoded.append((char) (high * 16 + low));
        i += 2;
      } else {
        decoded.append(c);
      }
    }
    return decoded.toString();
  }
}

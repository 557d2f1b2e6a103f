package dev.proauth2.endpoint;

import java.util.Collection;
import java.util.Map;

/**
 * Writes the small JSON documents the endpoints answer with (RFC 8259): objects whose values are
 * strings, integers, booleans, {@code null}, lists of those, or nested objects. No JSON library is
 * needed for that, and a library-free core stays easy to embed.
 *
 * <p>Strings are escaped as RFC 8259 section 7 requires ({@code "}, {@code \} and every control
 * character), and also {@code <}, {@code >}, {@code &}, U+2028 and U+2029, so the output is safe to
 * embed in HTML or JavaScript too. Members keep the map's iteration order.
 */
final class JsonWriter {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonWriter() {}

  /**
   * Writes an object.
   *
   * @param object member names to values ({@link String}, {@link Number} other than a non-finite
   *     floating-point value, {@link Boolean}, {@code null}, {@link Collection}, {@link Map})
   * @return the JSON text
   * @throws IllegalArgumentException for a value of another type
   */
  static String write(Map<String, ?> object) {
    StringBuilder out = new StringBuilder(128);
    writeObject(object, out);
    return out.toString();
  }

  /** Writes a string as a JSON string literal, with its quotes. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2);
    writeString(value, out);
    return out.toString();
  }

  private static void writeObject(Map<?, ?> object, StringBuilder out) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> member : object.entrySet()) {
      if (!(member.getKey() instanceof String)) {
        throw new IllegalArgumentException("JSON member names must be strings");
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString((String) member.getKey(), out);
      out.append(':');
      writeValue(member.getValue(), out);
    }
    out.append('}');
  }

  private static void writeValue(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      writeString((String) value, out);
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (!Double.isFinite(number)) {
        throw new IllegalArgumentException("JSON has no NaN or infinity");
      }
      out.append(value);
    } else if (value instanceof Number) {
      out.append(value);
    } else if (value instanceof Collection) {
      out.append('[');
      boolean first = true;
      for (Object element : (Collection<?>) value) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeValue(element, out);
      }
      out.append(']');
    } else if (value instanceof Map) {
      writeObject((Map<?, ?>) value, out);
    } else {
      throw new IllegalArgumentException(
          "cannot write a " + value.getClass().getName() + " as JSON");
    }
  }

  private static void writeString(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20
              || c == '<'
              || c == '>'
              || c == '&'
              || c == '\u2028'
              || c == '\u2029'
              || Character.isSurrogate(c) && !pairedSurrogate(value, i)) {
            out.append("\\u")
                .append(HEX[c >> 12 & 0xF])
                .append(HEX[c >> 8 & 0xF])
                .append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /**
   * Whether the surrogate at {@code i} is half of a well-formed pair (then it is written as is).
   */
  private static boolean pairedSurrogate(String value, int i) {
    char c = value.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
  }
}

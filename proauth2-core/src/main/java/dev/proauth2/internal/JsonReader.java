package dev.proauth2.internal;

import dev.proauth2.spi.Proauth2Exception;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON object a client sent (registration metadata, a Client ID Metadata Document; RFC
 * 8259), strictly and within bounds: the text's length, the nesting depth and the members per
 * object or array are limited, duplicate member names are refused, and nothing but a top-level
 * object is accepted.
 *
 * <p>Values come back as {@link String}, {@link BigDecimal}, {@link Boolean}, {@code null}, {@link
 * List} and {@link Map} (in document order). Every problem is {@code invalid_request} with the
 * offset where it was found, never with the offending text.
 */
public final class JsonReader {

  /** The longest document read, in characters. */
  public static final int MAX_LENGTH = 64 * 1024;

  /**
   * The deepest nesting of objects and arrays, the top-level object counting as 1: enough for a key
   * set in registration metadata whose keys carry certificate chains ({@code jwks.keys[].x5c[]}).
   */
  public static final int MAX_DEPTH = 5;

  /** The most members of one object or elements of one array. */
  public static final int MAX_MEMBERS = 256;

  private static final int MAX_NUMBER = 64;

  private final String text;
  private int pos;

  private JsonReader(String text) {
    this.text = text;
  }

  /**
   * Reads a document that must be one JSON object.
   *
   * @throws Proauth2Exception {@code invalid_request} when it is not valid JSON, not an object, or
   *     out of bounds
   */
  public static Map<String, Object> readObject(String text) {
    if (text == null || text.isBlank()) {
      throw fail("the body is empty; send a JSON object");
    }
    if (text.length() > MAX_LENGTH) {
      throw fail("the JSON body is longer than " + MAX_LENGTH + " characters");
    }
    JsonReader reader = new JsonReader(text);
    reader.skipWhitespace();
    if (reader.peek() != '{') {
      throw fail("the body must be a JSON object, starting with '{'");
    }
    Map<String, Object> object = reader.object(1);
    reader.skipWhitespace();
    if (reader.pos != text.length()) {
      throw reader.error("unexpected text after the JSON object");
    }
    return object;
  }

  private Object value(int depth) {
    skipWhitespace();
    char c = peek();
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || c >= '0' && c <= '9') {
          return number();
        }
        throw error("unexpected character");
    }
  }

  private Map<String, Object> object(int depth) {
    checkDepth(depth);
    expect('{');
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return Collections.unmodifiableMap(members);
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a member name in double quotes");
      }
      int at = pos;
      String name = string();
      if (members.containsKey(name)) {
        pos = at;
        throw error("duplicate member name");
      }
      skipWhitespace();
      expect(':');
      members.put(name, value(depth));
      if (members.size() > MAX_MEMBERS) {
        throw error("more than " + MAX_MEMBERS + " members in one object");
      }
      skipWhitespace();
      char c = next();
      if (c == '}') {
        return Collections.unmodifiableMap(members);
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) {
    checkDepth(depth);
    expect('[');
    List<Object> elements = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(elements);
    }
    while (true) {
      elements.add(value(depth));
      if (elements.size() > MAX_MEMBERS) {
        throw error("more than " + MAX_MEMBERS + " elements in one array");
      }
      skipWhitespace();
      char c = next();
      if (c == ']') {
        return Collections.unmodifiableList(elements);
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("a control character must be escaped in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escape = next();
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          out.append(escape);
          break;
        case 'b':
          out.append('\b');
          break;
        case 'f':
          out.append('\f');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          out.append(hex4());
          break;
        default:
          pos--;
          throw error("unknown escape in a string");
      }
    }
  }

  private char hex4() {
    if (pos + 4 > text.length()) {
      throw error("a \\u escape needs four hex digits");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(pos), 16);
      if (digit < 0) {
        throw error("a \\u escape needs four hex digits");
      }
      value = value * 16 + digit;
      pos++;
    }
    return (char) value;
  }

  private BigDecimal number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (peek() == '.') {
      pos++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
    if (pos - start > MAX_NUMBER) {
      pos = start;
      throw error("a number longer than " + MAX_NUMBER + " characters");
    }
    return new BigDecimal(text.substring(start, pos));
  }

  private void digits() {
    char c = peek();
    if (c < '0' || c > '9') {
      throw error("expected a digit");
    }
    while (peek() >= '0' && peek() <= '9') {
      pos++;
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected character");
    }
    pos += word.length();
    return value;
  }

  private void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("objects and arrays are nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void expect(char c) {
    if (next() != c) {
      pos--;
      throw error("expected '" + c + "'");
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= text.length()) {
      pos++;
      throw fail("the JSON text ends too early");
    }
    return text.charAt(pos++);
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private Proauth2Exception error(String problem) {
    if (pos >= text.length()) {
      return fail("the JSON text ends too early");
    }
    return fail("the body is not valid JSON: " + problem + " at offset " + pos);
  }

  private static Proauth2Exception fail(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, description);
  }
}

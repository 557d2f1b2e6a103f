package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.internal.JsonReader;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  @Test
  @DisplayName("writes every supported type, members in the map's order")
  void types() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("s", "x");
    object.put("n", 42L);
    object.put("i", 7);
    object.put("d", 1.5);
    object.put("t", true);
    object.put("f", false);
    object.put("z", null);
    object.put("l", List.of("a", "b"));
    object.put("o", Map.of("k", "v"));
    assertEquals(
        "{\"s\":\"x\",\"n\":42,\"i\":7,\"d\":1.5,\"t\":true,\"f\":false,\"z\":null,"
            + "\"l\":[\"a\",\"b\"],\"o\":{\"k\":\"v\"}}",
        JsonWriter.write(object));
  }

  @Test
  @DisplayName("escapes quote, backslash and every control character (RFC 8259 section 7)")
  void escapes() {
    assertEquals("\"a\\\"b\\\\c\"", JsonWriter.quote("a\"b\\c"));
    assertEquals("\"\\n\\r\\t\\b\\f\\u0000\\u001f\"", JsonWriter.quote("\n\r\t\b\f\u0000\u001f"));
  }

  @Test
  @DisplayName("escapes <, >, &, U+2028 and U+2029 so the output is safe inside HTML or a script")
  void htmlSafe() {
    assertEquals(
        "\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\"",
        JsonWriter.quote("</script>&\u2028\u2029"));
  }

  @Test
  @DisplayName("keeps non-ASCII and surrogate pairs as they are, and escapes a lone surrogate")
  void unicode() {
    assertEquals("\"é😀\"", JsonWriter.quote("é😀"));
    assertEquals("\"a\\ud800b\"", JsonWriter.quote("a\ud800b"));
    assertEquals("\"\\udc00\"", JsonWriter.quote("\udc00"));
  }

  @Test
  @DisplayName("what it writes, the reader reads back unchanged")
  void roundTrip() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("text", "line\nbreak \"quoted\" \\ </tag> \u0001 é😀");
    object.put("list", List.of("x", "y"));
    object.put("flag", true);
    object.put("none", null);
    Map<String, Object> read = JsonReader.readObject(JsonWriter.write(object));
    assertEquals(object, read);
    assertEquals(
        new BigDecimal("123"), JsonReader.readObject(JsonWriter.write(Map.of("n", 123))).get("n"));
  }

  @Test
  @DisplayName("refuses what JSON cannot hold")
  void refuses() {
    assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Map.of("d", Double.NaN)));
    assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Map.of("o", new Object())));
    assertThrows(
        IllegalArgumentException.class,
        () -> JsonWriter.write(Map.of("l", Arrays.asList(Map.of(1, 2)))));
  }
}

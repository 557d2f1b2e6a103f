package dev.proauth2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.Proauth2Exception;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

  @Test
  @DisplayName("reads strings, numbers, booleans, null and arrays, in document order")
  void flatObject() {
    Map<String, Object> object =
        JsonReader.readObject(
            " {\"s\":\"x\", \"n\":-1.5e3, \"z\":0, \"t\":true, \"f\":false, \"null\":null,"
                + " \"a\":[\"u\",\"v\"], \"e\":[] , \"o\":{}}\n");
    assertEquals(
        List.of("s", "n", "z", "t", "f", "null", "a", "e", "o"), List.copyOf(object.keySet()));
    assertEquals("x", object.get("s"));
    assertEquals(new BigDecimal("-1.5e3"), object.get("n"));
    assertEquals(BigDecimal.ZERO, object.get("z"));
    assertEquals(true, object.get("t"));
    assertEquals(false, object.get("f"));
    assertTrue(object.containsKey("null"));
    assertEquals(null, object.get("null"));
    assertEquals(List.of("u", "v"), object.get("a"));
    assertEquals(List.of(), object.get("e"));
    assertEquals(Map.of(), object.get("o"));
  }

  @Test
  @DisplayName("decodes every escape, joining \\u surrogate pairs")
  void escapes() {
    assertEquals(
        "\"\\/\b\f\n\r\té😀",
        JsonReader.readObject("{\"k\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}")
            .get("k"));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "   ",
        "[]",
        "\"text\"",
        "{",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{\"a\":1 \"b\":2}",
        "{a:1}",
        "{'a':1}",
        "{\"a\":[1,]}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":-}",
        "{\"a\":.5}",
        "{\"a\":1e}",
        "{\"a\":tru}",
        "{\"a\":NaN}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u12g4\"}",
        "{\"a\":\"unterminated}",
        "{\"a\":\"tab\tinside\"}",
        "{\"a\":1}{}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":[[[[[1]]]]]}",
      })
  @DisplayName("refuses anything but one well-formed object within bounds, as invalid_request")
  void refuses(String text) {
    Proauth2Exception e = assertThrows(Proauth2Exception.class, () -> JsonReader.readObject(text));
    assertEquals("invalid_request", e.error());
  }

  @Test
  @DisplayName("nesting is allowed up to the bound")
  void depth() {
    assertEquals(
        List.of(List.of(List.of("x"))), JsonReader.readObject("{\"a\":[[[\"x\"]]]}").get("a"));
  }

  @Test
  @DisplayName("a document over the size bound is refused before it is parsed")
  void tooLong() {
    char[] padding = new char[JsonReader.MAX_LENGTH];
    Arrays.fill(padding, ' ');
    assertThrows(Proauth2Exception.class, () -> JsonReader.readObject("{}" + new String(padding)));
  }

  @Test
  @DisplayName("too many members or elements are refused")
  void tooMany() {
    StringBuilder object = new StringBuilder("{");
    StringBuilder array = new StringBuilder("{\"a\":[");
    for (int i = 0; i <= JsonReader.MAX_MEMBERS; i++) {
      object.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
      array.append(i == 0 ? "" : ",").append('1');
    }
    assertThrows(Proauth2Exception.class, () -> JsonReader.readObject(object + "}"));
    assertThrows(Proauth2Exception.class, () -> JsonReader.readObject(array + "]}"));
  }

  @Test
  @DisplayName("an error gives the offset, never the text it choked on")
  void errorsQuoteNoInput() {
    Proauth2Exception e =
        assertThrows(Proauth2Exception.class, () -> JsonReader.readObject("{\"secret\":s3cr3t}"));
    assertTrue(e.description().contains("offset 10"), e.description());
    assertFalse(e.description().contains("s3cr3t"));
  }
}

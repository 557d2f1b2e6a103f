package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  @DisplayName(
      "the five characters that could break out of content or a quoted attribute are escaped")
  void escapesMarkup() {
    assertEquals(
        "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;",
        Html.escape("<script>alert(\"x\" & 'y')</script>"));
  }

  @Test
  @DisplayName("hidden inputs come one per line, in the fields' order, names and values escaped")
  void hiddenInputs() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("state", "\"><script>x</script>");
    fields.put("a&b", "1");
    assertEquals(
        "<input type=\"hidden\" name=\"state\" value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">\n"
            + "<input type=\"hidden\" name=\"a&amp;b\" value=\"1\">\n",
        Html.hiddenInputs(fields));
  }

  @Test
  @DisplayName("other text, non-ASCII included, is kept as it is")
  void keepsText() {
    assertEquals(
        "Caf\u00e9 app \uD83D\uDE00 read write",
        Html.escape("Caf\u00e9 app \uD83D\uDE00 read write"));
  }
}

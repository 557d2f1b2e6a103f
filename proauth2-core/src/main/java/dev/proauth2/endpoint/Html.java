package dev.proauth2.endpoint;

import java.util.Map;

/**
 * Escapes text for HTML element content and quoted attribute values: what a consent or error page
 * needs for every value that came from a client (its name, scope, state). The endpoint helpers' own
 * pages and the adapters' consent pages all use this one.
 */
public final class Html {

  private Html() {}

  /** Escapes {@code & < > " '}; the result is safe in element content and quoted attributes. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The fields as {@code <input type="hidden">} elements, one per line, names and values escaped:
   * what a consent or device form posts back with the user's answer.
   */
  public static String hiddenInputs(Map<String, String> fields) {
    StringBuilder html = new StringBuilder();
    fields.forEach(
        (name, value) ->
            html.append("<input type=\"hidden\" name=\"")
                .append(escape(name))
                .append("\" value=\"")
                .append(escape(value))
                .append("\">\n"));
    return html.toString();
  }
}

package dev.proauth2.endpoint;

/**
 * Escapes text for HTML element content and quoted attribute values: what a host's consent page
 * needs for every value that came from a client (its name, scope, state).
 */
public final class Html {

  private Html() {}

  /** Escapes {@code & < > " '}; the result is safe in element content and quoted attributes. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }
}

package dev.proauth2.servlet;

import dev.proauth2.endpoint.Html;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;

/**
 * What every page the host draws for this servlet shares: the headers that keep it out of caches
 * and frames, and the hidden form fields that make its answer count.
 */
final class Pages {

  private Pages() {}

  /**
   * Sets the headers of a page that shows a one-time nonce and asks for a click: no cache keeps it,
   * no other site frames it (clickjacking), no link leaks its URL.
   */
  static void secure(HttpServletResponse resp) {
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Frame-Options", "DENY");
    resp.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    resp.setHeader("Referrer-Policy", "no-referrer");
  }

  /** The fields as HTML {@code <input type="hidden">} elements, names and values escaped. */
  static String hiddenInputs(Map<String, String> fields) {
    StringBuilder html = new StringBuilder();
    fields.forEach(
        (name, value) ->
            html.append("<input type=\"hidden\" name=\"")
                .append(Html.escape(name))
                .append("\" value=\"")
                .append(Html.escape(value))
                .append("\">\n"));
    return html.toString();
  }
}

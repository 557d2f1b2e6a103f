package dev.proauth2.example;

import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.Html;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frame of the demo's pages that ask the user for a click (consent, device approval): one
 * stylesheet, and headers that keep the page out of caches, out of other sites' frames (so no site
 * can trick a user into clicking Approve) and its URL out of referrers.
 */
final class HtmlPage {

  private HtmlPage() {}

  /** A 200 page with the title (escaped here) and the body's HTML content. */
  static EndpointResponse of(String title, String content) {
    String body =
        "<!DOCTYPE html>\n"
            + "<html lang=\"en\">\n"
            + "<head><meta charset=\"utf-8\"><title>"
            + Html.escape(title)
            + "</title>\n"
            + "<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}"
            + "button{font-size:1em;margin-right:1em}</style></head>\n"
            + "<body>\n"
            + content
            + "</body>\n"
            + "</html>\n";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/html;charset=UTF-8");
    headers.put("Cache-Control", "no-store");
    headers.put("X-Frame-Options", "DENY");
    headers.put(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    headers.put("Referrer-Policy", "no-referrer");
    return new EndpointResponse(200, headers, body);
  }
}

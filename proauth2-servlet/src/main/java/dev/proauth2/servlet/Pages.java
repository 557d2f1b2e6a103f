package dev.proauth2.servlet;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers of every page the host draws for this servlet: they keep it out of caches and other
 * sites' frames.
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
}

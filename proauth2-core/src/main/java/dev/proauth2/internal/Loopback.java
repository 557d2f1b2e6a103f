package dev.proauth2.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The one loopback rule: which URL hosts name this machine. A loopback redirect URI may use plain
 * {@code http} and any port (RFC 8252 sections 7.3 and 8.3; the MCP authorization spec allows
 * {@code localhost}), an issuer on loopback marks a development server, and such a server may fetch
 * loopback URLs. The names are spelled exactly: {@code 127.0.0.2} or {@code localhost.example} are
 * not loopback here.
 */
public final class Loopback {

  private Loopback() {}

  /**
   * Whether a host, as {@link URI#getHost()} gives it, is {@code localhost}, 127.0.0.1 or [::1].
   */
  public static boolean isLoopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
  }

  /** Whether a URL's host is a loopback host; {@code false} for anything that is not a URL. */
  public static boolean isLoopbackUrl(String url) {
    try {
      return isLoopbackHost(new URI(url).getHost());
    } catch (URISyntaxException e) {
      return false;
    }
  }
}

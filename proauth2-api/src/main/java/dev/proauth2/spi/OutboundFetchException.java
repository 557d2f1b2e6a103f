package dev.proauth2.spi;

import java.util.Objects;
import java.util.Set;

/**
 * A fetch under the outbound policy failed. The {@link #reason()} says which rule or step, from a
 * fixed set; the message gives the detail for the server's log and must never reach a client, whom
 * a plugin answers with one description for every failure.
 */
public final class OutboundFetchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The URL's form or scheme is not one the policy fetches. */
  public static final String REFUSED_URL = "refused_url";

  /** The host is, or resolves to, a special-use address (RFC 6890). */
  public static final String REFUSED_ADDRESS = "refused_address";

  /** The host could not be resolved, or no connection could be made or kept. */
  public static final String CONNECTION = "connection";

  /** The TLS handshake failed: an untrusted certificate, or one for another name. */
  public static final String TLS = "tls";

  /** The fetch took longer than its deadline. */
  public static final String TIMEOUT = "timeout";

  /** The server answered with a redirect, which is never followed. */
  public static final String REDIRECT = "redirect";

  /** The server answered with a status other than 200, or not with HTTP. */
  public static final String STATUS = "status";

  /** The body was longer than allowed. */
  public static final String TOO_LARGE = "too_large";

  /** The thread was interrupted while it waited. */
  public static final String INTERRUPTED = "interrupted";

  /** Every reason, for listeners that keep a bounded set of tags. */
  public static final Set<String> REASONS =
      Set.of(
          REFUSED_URL,
          REFUSED_ADDRESS,
          CONNECTION,
          TLS,
          TIMEOUT,
          REDIRECT,
          STATUS,
          TOO_LARGE,
          INTERRUPTED);

  private final String reason;

  /**
   * Creates the exception.
   *
   * @param reason one of {@link #REASONS}
   * @param detail what happened, for the log
   */
  public OutboundFetchException(String reason, String detail) {
    this(reason, detail, null);
  }

  /** Creates the exception with its cause. */
  public OutboundFetchException(String reason, String detail, Throwable cause) {
    super(detail, cause);
    if (!REASONS.contains(Objects.requireNonNull(reason, "reason"))) {
      throw new IllegalArgumentException("unknown reason " + reason + "; use one of " + REASONS);
    }
    this.reason = reason;
  }

  /** Which rule or step failed, one of {@link #REASONS}. */
  public String reason() {
    return reason;
  }
}

package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;

/**
 * A DPoP proof without the server's current nonce (RFC 9449 section 8): {@code use_dpop_nonce},
 * with the nonce to send back in the {@code DPoP-Nonce} header for the client to retry with.
 */
public final class DPoPNonceRequired extends Proauth2Exception {

  private static final long serialVersionUID = 1L;

  private final String nonce;

  DPoPNonceRequired(String nonce) {
    super(
        Proauth2Exception.USE_DPOP_NONCE,
        "the DPoP proof must carry the nonce this server sent in the DPoP-Nonce header; retry"
            + " with a new proof that has it");
    this.nonce = nonce;
  }

  /** The nonce for the {@code DPoP-Nonce} header. */
  public String nonce() {
    return nonce;
  }
}

package dev.proauth2;

import java.time.Instant;
import java.util.Objects;

/**
 * What a checked DPoP proof says, for the engine's own checks.
 *
 * @param jkt the JWK SHA-256 thumbprint (RFC 7638) of the proof's key, base64url: what tokens are
 *     bound to
 * @param jti the proof's unique identifier, 1 to 256 characters
 * @param issuedAt the proof's {@code iat}
 * @param nonce the proof's {@code nonce}, or {@code null} when it has none
 */
public record DPoPProof(String jkt, String jti, Instant issuedAt, String nonce) {

  /** Checks the required values are present. */
  public DPoPProof {
    Objects.requireNonNull(jkt, "jkt");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }
}

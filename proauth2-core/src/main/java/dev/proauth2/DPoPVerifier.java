package dev.proauth2;

import java.util.List;

/**
 * Checks DPoP proofs (RFC 9449 section 4.3), the part of DPoP that needs JOSE; the engine does the
 * rest: the {@code iat} window, the single use of each {@code jti} through the store, server nonces
 * and the binding of tokens to the key. {@code proauth2-jose} has one ({@code
 * JoseDPoP.verifier()}); give it to {@link Proauth2.Builder#dpop}.
 *
 * <p>The contract: {@link #verify} returns only for a proof that is one compact JWS with {@code
 * typ: dpop+jwt}, an asymmetric {@code alg} among {@link #algorithms()}, a public key in its {@code
 * jwk} header (never a private or symmetric one), a valid signature by that key, {@code htm} equal
 * to the method, {@code htu} equal to the URL without query and fragment (after RFC 3986
 * normalisation), {@code iat} and a {@code jti} of 1 to 256 characters, and, when an access token
 * hash is given, {@code ath} equal to it. Anything else throws a {@link
 * dev.proauth2.spi.Proauth2Exception} {@code invalid_dpop_proof} whose description never quotes the
 * proof. It must bound what it parses and be thread-safe.
 */
public interface DPoPVerifier {

  /** The longest proof the engine hands to {@link #verify}, in characters. */
  int MAX_PROOF = 8 * 1024;

  /** The JWS algorithms accepted, as {@code dpop_signing_alg_values_supported} advertises them. */
  List<String> algorithms();

  /**
   * Checks a proof for a request.
   *
   * @param proof the {@code DPoP} header's value, at most {@link #MAX_PROOF} characters
   * @param method the HTTP method, such as {@code POST}
   * @param url the request's URL as the client addressed it, such as {@code
   *     https://auth.example/token}
   * @param accessTokenHash base64url SHA-256 of the access token the proof goes with, or {@code
   *     null} at the token endpoint
   * @return what the engine needs of the proof
   * @throws dev.proauth2.spi.Proauth2Exception {@code invalid_dpop_proof} when any check fails
   */
  DPoPProof verify(String proof, String method, String url, String accessTokenHash);
}

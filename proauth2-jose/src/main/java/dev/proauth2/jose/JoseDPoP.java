package dev.proauth2.jose;

import com.nimbusds.jose.JWSAlgorithm;
import dev.proauth2.DPoPVerifier;
import java.util.ArrayList;
import java.util.List;

/**
 * DPoP proof checks (RFC 9449) with nimbus-jose-jwt, for {@code Proauth2.builder().dpop(...)}:
 *
 * <pre>{@code
 * Proauth2 oauth = Proauth2.builder().dataStore("memory:").issuer("https://auth.example")
 *     .dpop(JoseDPoP.verifier())
 *     .build();
 * }</pre>
 *
 * <p>Proofs signed with ES256, RS256, PS256 (RSA keys of 2048 to 4096 bits) or EdDSA (Ed25519) are
 * accepted; {@code none} and HMACs never are, nor a {@code jwk} header that holds a private or
 * symmetric key.
 */
public final class JoseDPoP {

  private JoseDPoP() {}

  /** A verifier that accepts every asymmetric algorithm proauth2 knows. */
  public static DPoPVerifier verifier() {
    return new DPoPProofCheck(Algorithms.SUPPORTED);
  }

  /**
   * A verifier that accepts only these algorithms, such as {@code ES256} alone.
   *
   * @throws IllegalArgumentException for an empty list or an algorithm other than ES256, RS256,
   *     PS256 and EdDSA
   */
  public static DPoPVerifier verifier(List<String> algorithms) {
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("name at least one DPoP signing algorithm");
    }
    List<JWSAlgorithm> named = new ArrayList<>();
    for (String algorithm : algorithms) {
      named.add(Algorithms.named(algorithm));
    }
    return new DPoPProofCheck(named);
  }
}

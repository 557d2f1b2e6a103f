package dev.proauth2.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import java.util.Objects;

/**
 * The key that signs now with one algorithm.
 *
 * @param keyId its {@code kid}, under which {@link SigningKeys#publicKeys()} publishes it
 * @param algorithm the algorithm it signs with
 * @param signer what signs; a KMS plugin's signer may call out to the KMS
 */
public record SigningKey(String keyId, JWSAlgorithm algorithm, JWSSigner signer) {

  /** Checks every part is present. */
  public SigningKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(signer, "signer");
  }
}

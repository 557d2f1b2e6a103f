package dev.proauth2.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proauth2.SigningContext;
import java.time.Duration;
import java.util.Set;

/**
 * Where signing keys come from. Three kinds: {@link ManagedSigningKeys} (the engine makes, seals,
 * stores and rotates them: the default), {@link HostSigningKeys} (the host's own, from a JWK set or
 * a PKCS#12 keystore, rotated by the host) and a plugin of the host's own, such as one whose {@link
 * SigningKey#signer()} asks a KMS to sign, so the private key never leaves it.
 *
 * <p>The contract:
 *
 * <ol>
 *   <li>{@link #start} is called once, before any other method, with every algorithm the engine
 *       will ask for; it throws, saying what to do, when it cannot sign with one of them.
 *   <li>{@link #signingKey} answers a key that {@link #publicKeys()} has published for at least
 *       {@link #maxAge()}, except for the very first key of a new deployment.
 *   <li>{@link #publicKeys()} holds public keys only, each with {@code kid}, {@code use: sig} and
 *       {@code alg}, and keeps a key published until every token it signed has expired.
 *   <li>Every method is safe to call from many threads at once, and cheap: a token check calls
 *       {@link #publicKeys()}.
 * </ol>
 */
public interface SigningKeys extends AutoCloseable {

  /** Starts with the engine's store, clock and key-encryption key, for these algorithms. */
  void start(SigningContext context, Set<JWSAlgorithm> algorithms);

  /** The key that signs with this algorithm now. */
  SigningKey signingKey(JWSAlgorithm algorithm);

  /** Every key a verifier must know now: public parts only. */
  JWKSet publicKeys();

  /**
   * The keys again, after asking their source, for a token whose {@code kid} is not among {@link
   * #publicKeys()}; a source that cannot change answers {@link #publicKeys()}. Calls may be limited
   * in rate.
   */
  default JWKSet reloadPublicKeys() {
    return publicKeys();
  }

  /** How long a resource server may cache {@link #publicKeys()}. */
  Duration maxAge();

  /** Stops background work. */
  @Override
  default void close() {}
}

package dev.proauth2;

/**
 * Signs what the engine issues in a signed format and checks it when it comes back; {@code
 * proauth2-jose} provides one ({@code JoseSigning}). Core stays free of JOSE: the engine decides
 * every claim and keeps a record of every token under its hash, as for opaque tokens; the signer
 * only writes, verifies and publishes keys.
 *
 * <p>The contract:
 *
 * <ol>
 *   <li>{@link #start} is called once, before any other method, when the engine is built; a signer
 *       that cannot work with what it is given (no key-encryption key for a durable store, a
 *       key-encryption key that does not open the stored keys) throws there, saying what to do.
 *   <li>{@link #signAccessToken} writes every claim it is given and nothing else that a verifier
 *       must trust, under a key that {@link #publicKeys()} has published for at least its {@code
 *       maxAge}.
 *   <li>{@link #verifiesAccessToken} is true only for an access token this signer wrote with a key
 *       it still publishes; it never throws for a malformed or hostile value, and never reads the
 *       store for one.
 *   <li>Every method is safe to call from many threads at once.
 * </ol>
 */
public interface TokenSigner extends AutoCloseable {

  /** Starts the signer with the engine's store, clock, issuer and key-encryption key. */
  void start(SigningContext context);

  /** Writes an access token (RFC 9068: a JWT of type {@code at+jwt}) with these claims. */
  String signAccessToken(AccessTokenClaims claims);

  /**
   * Whether a presented value is an access token this signer wrote, under a key it still publishes,
   * for the engine's issuer. The engine then looks its record up, which says whether it is still
   * valid.
   */
  boolean verifiesAccessToken(String token);

  /** The public keys to serve at the {@code jwks_uri}. */
  PublicKeys publicKeys();

  /** Stops background work; the engine calls nothing after this. */
  @Override
  default void close() {}
}

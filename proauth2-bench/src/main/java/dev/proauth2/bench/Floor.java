package dev.proauth2.bench;

/**
 * The cheapest way a backend can do the data work of a flow: the raw reads and writes the engine's
 * flow makes, with no engine around them, plus the cryptography no implementation can skip (the
 * {@code SecureRandom} secrets, the SHA-256 of each secret presented or issued, the PKCE check).
 *
 * <p>A code or refresh token is used once the way the engine uses it: the exchange stores its new
 * tokens first, then makes one atomic replace of the record with its tombstone, which only replaces
 * a record that is there and live, and keeps its tokens only if it replaced the live, unspent one;
 * otherwise it removes them and refuses. So a floor writes the same records as the engine,
 * tombstones included. What it keeps none of is the indexes by family, user and client that
 * revocation needs: that bookkeeping, and the engine's checks, are what the engine's figure adds on
 * top.
 */
interface Floor extends AutoCloseable {

  /**
   * An authorization request and its token request: find the client, store the code; find the
   * client again and check its secret, read the code (check its client, redirect URI and PKCE), put
   * a refresh and an access token, then replace the code with its tombstone (refusing, and removing
   * the two tokens, unless it replaced the live, unredeemed code).
   *
   * @return the access token
   */
  String codeExchange(String userId);

  /** Stores a refresh token directly, for a refresh pool; answers the token. */
  String issueRefreshToken(String userId);

  /**
   * A refresh with rotation: find the client and check its secret, read the old refresh token
   * (check its owner, and that it was not rotated), put a new refresh and a new access token, then
   * replace the old refresh token with its tombstone (refusing, and removing the two tokens, unless
   * it replaced the live, unrotated token).
   *
   * @return the new refresh token
   */
  String refresh(String refreshToken);

  /** Stores access tokens directly, for a revocation pool. */
  void storeAccessTokens(String[] tokens);

  /** Revokes an access token: hash it, delete its record. */
  void revoke(String accessToken);

  @Override
  void close();
}

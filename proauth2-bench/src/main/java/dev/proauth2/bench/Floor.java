package dev.proauth2.bench;

/**
 * The cheapest way a backend can do the data work of a flow: the raw reads and writes the engine's
 * flow makes, with no engine around them, plus the cryptography no implementation can skip (the
 * {@code SecureRandom} secrets, the SHA-256 of each secret presented or issued, the PKCE check).
 *
 * <p>A code or refresh token is used once the way the engine uses it, by a create-or-replace that
 * answers what it replaced: the exchange puts a tombstone over the record and goes on only if it
 * replaced the live, unspent one; once the tokens are out it puts the completed tombstone. So a
 * floor writes the same records as the engine, tombstones included. What it keeps none of is the
 * indexes by family, user and client that revocation needs: that bookkeeping, and the engine's
 * checks, are what the engine's figure adds on top.
 */
interface Floor extends AutoCloseable {

  /**
   * An authorization request and its token request: find the client, store the code; find the
   * client again and check its secret, read the code, put its tombstone (refusing unless it
   * replaced the live code), check PKCE, put a refresh and an access token, put the completed
   * tombstone (refusing unless it replaced the first).
   *
   * @return the access token
   */
  String codeExchange(String userId);

  /** Stores a refresh token directly, for a refresh pool; answers the token. */
  String issueRefreshToken(String userId);

  /**
   * A refresh with rotation: find the client and check its secret, read the old refresh token, put
   * its tombstone (refusing unless it replaced the live token), put a new refresh and a new access
   * token, put the completed tombstone (refusing unless it replaced the first).
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

package dev.proauth2.bench;

/**
 * The cheapest way a backend can do the data work of a flow: its raw operations with no engine
 * around them, plus the cryptography no implementation can skip (the {@code SecureRandom} secrets,
 * the SHA-256 of each secret presented or issued, the PKCE check). A floor keeps no indexes, no
 * revocation markers and no tombstones; that bookkeeping is what the engine's figure adds on top.
 */
interface Floor extends AutoCloseable {

  /**
   * An authorization request and its token request: find the client, store the code; find the
   * client again and check its secret, take the code, check PKCE, store a refresh and an access
   * token.
   *
   * @return the access token
   */
  String codeExchange(String userId);

  /** Stores a refresh token directly, for a refresh pool; answers the token. */
  String issueRefreshToken(String userId);

  /**
   * A refresh with rotation: find the client and check its secret, take the old refresh token,
   * store a new refresh and a new access token.
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

package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.Optional;

/**
 * Token revocation (RFC 7009). An access token is revoked alone; a refresh token takes every token
 * of its grant with it (section 2.1). An unknown token is not an error, but a failure of the store
 * is: revocation is never reported done when it was not.
 */
final class Revocations {

  static final String ACCESS_TOKEN = "access_token";
  static final String REFRESH_TOKEN = "refresh_token";

  private final Tokens tokens;

  Revocations(Tokens tokens) {
    this.tokens = tokens;
  }

  /**
   * Revokes a token.
   *
   * @param clientId the authenticated client that must own the token, or {@code null} when the host
   *     revokes on its own authority
   * @param token the token as presented
   * @param hint the {@code token_type_hint}, or {@code null}; it only orders the lookups
   */
  void revoke(String clientId, String token, String hint) {
    if (token == null || token.isEmpty() || token.length() > Inputs.MAX_SECRET) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "token is missing or longer than " + Inputs.MAX_SECRET + " characters");
    }
    if (hint != null) {
      Inputs.visibleAscii(hint, "token_type_hint", 64, Proauth2Exception.INVALID_REQUEST);
    }
    if (!Inputs.isBase64Url(token)) {
      return;
    }
    // A refresh token being rotated right now is found neither live nor as a tombstone; the
    // marker makes that rotation withdraw what it issues (see RefreshGrant).
    tokens.mark(Tokens.TOKEN_MARK + SecretHashes.sha256(token));
    boolean refreshFirst = REFRESH_TOKEN.equals(hint);
    if (refreshFirst && revokeRefresh(clientId, token)) {
      return;
    }
    Optional<Record> access = tokens.findAccess(token);
    if (access.isPresent()) {
      checkOwner(clientId, access.get());
      tokens.revokeAccess(token);
      return;
    }
    if (!refreshFirst) {
      revokeRefresh(clientId, token);
    }
  }

  /** Revokes the grant of a refresh token; a rotated one still names its grant, so it counts. */
  private boolean revokeRefresh(String clientId, String token) {
    Optional<Record> refresh = tokens.findRefreshOrTombstone(token);
    if (refresh.isEmpty()) {
      return false;
    }
    checkOwner(clientId, refresh.get());
    tokens.revokeFamily(refresh.get().string(Table.FAMILY).orElseThrow());
    return true;
  }

  private static void checkOwner(String clientId, Record token) {
    if (clientId != null && !clientId.equals(token.string(Table.CLIENT_ID).orElse(null))) {
      throw new Proauth2Exception(
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          "the token was issued to another client, which alone may revoke it (RFC 7009 section"
              + " 2.1)");
    }
  }
}

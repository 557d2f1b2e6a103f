package dev.proauth2;

import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.Optional;

/**
 * Token revocation (RFC 7009). An access token is revoked alone; a refresh token takes every token
 * of its grant with it (section 2.1). An unknown token is not an error, but a failure of the store
 * is: revocation is never reported done when it was not.
 */
final class Revocations {

  private final Tokens tokens;
  private final Policy policy;
  private final Events events;

  Revocations(Tokens tokens, Policy policy, Events events) {
    this.tokens = tokens;
    this.policy = policy;
    this.events = events;
  }

  /**
   * Revokes a token.
   *
   * @param clientId the authenticated client that must own the token, or {@code null} when the host
   *     revokes on its own authority
   * @param token the token as presented
   * @param hint the {@code token_type_hint}, or {@code null}; checked, then ignored, as RFC 7009
   *     section 2.1 allows: either lookup is one key
   */
  void revoke(String clientId, String token, String hint) {
    if (token == null || token.isEmpty() || token.length() > Tokens.MAX_SIGNED_TOKEN) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "token is missing or longer than " + Tokens.MAX_SIGNED_TOKEN + " characters");
    }
    if (hint != null) {
      Inputs.visibleAscii(hint, "token_type_hint", 64, Proauth2Exception.INVALID_REQUEST);
    }
    if (!Inputs.isBase64Url(token.replace(".", ""))) {
      return; // neither an opaque token nor a JWT: nothing this server issued
    }
    Optional<Record> access = tokens.findAccess(token);
    if (access.isPresent()) {
      // Ownership first: a refused revocation must change nothing.
      checkOwner(clientId, access.get());
      if (tokens.revokeAccess(access.get())) {
        revoked(access.get(), "access_token", clientId);
      }
      return;
    }
    Optional<Record> refresh = tokens.findRefreshOrTombstone(token);
    if (refresh.isPresent()) {
      // A refresh token being rotated right now is found as its tombstone, and removing the family
      // makes that rotation withdraw what it issues (see Tombstone).
      checkOwner(clientId, refresh.get());
      if (tokens.revokeFamily(refresh.get().string(Table.FAMILY).orElseThrow()) > 0) {
        revoked(refresh.get(), "refresh_token", clientId);
      }
    }
  }

  private void revoked(Record token, String tokenType, String revokedBy) {
    if (events.enabled()) {
      events.emit(
          new Proauth2Event.TokenRevoked(
              policy.instant(),
              token.string(Table.CLIENT_ID).orElseThrow(),
              token.string(Table.USER_ID).orElse(null),
              Events.grantId(token.string(Table.FAMILY).orElseThrow()),
              tokenType,
              revokedBy));
    }
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

package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DuplicateKeyException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.Optional;

/**
 * The {@code refresh_token} grant with rotation: every use takes the refresh token and issues a new
 * one in the same family, leaving a tombstone. A rotated token presented again is reuse, which
 * revokes the whole family (RFC 9700 section 4.14.2). The family keeps the lifetime its first
 * refresh token had, so rotation never extends it.
 */
final class RefreshGrant {

  private static final String UNUSABLE = "the refresh token is unknown, expired or revoked";

  private final DataStore store;
  private final Tokens tokens;
  private final Policy policy;

  RefreshGrant(DataStore store, Tokens tokens, Policy policy) {
    this.store = store;
    this.tokens = tokens;
    this.policy = policy;
  }

  TokenResponse refresh(Record client, TokenRequest request) {
    String token =
        Inputs.secret(
            request.refreshToken(),
            "refresh_token",
            Proauth2Exception.INVALID_REQUEST,
            Proauth2Exception.INVALID_GRANT);
    var requestedScope = Scopes.parse(request.scope(), Proauth2Exception.INVALID_SCOPE);
    String clientId = client.string(Table.CLIENT_ID).orElseThrow();
    Query byKey = Query.where(Table.TOKEN_HASH, SecretHashes.sha256(token));

    Record current =
        store
            .fetch(Table.REFRESH_TOKENS, byKey)
            .orElseThrow(() -> new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE));
    String family = current.string(Table.FAMILY).orElseThrow();
    boolean ownedByClient = clientId.equals(current.string(Table.CLIENT_ID).orElse(null));
    if (current.has(Table.ROTATED_AT)) {
      if (ownedByClient) {
        tokens.revokeFamily(family);
      }
      throw reused();
    }
    long now = policy.now();
    if (current.isExpired(now) || !ownedByClient) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE);
    }
    String granted = current.string(Table.SCOPE).orElse(null);
    if (granted == null && !requestedScope.isEmpty()) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_SCOPE,
          "the grant has no scope; a refresh may narrow the scope, never add to it (RFC 6749"
              + " section 6)");
    }
    String scope = granted == null ? null : Scopes.grant(requestedScope, granted);

    Optional<Record> taken = store.take(Table.REFRESH_TOKENS, byKey);
    if (taken.isEmpty()) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE);
    }
    if (taken.get().has(Table.ROTATED_AT)) {
      putBack(taken.get());
      tokens.revokeFamily(family);
      throw reused();
    }
    long familyEnd = current.number(Table.EXPIRES_AT).orElseThrow();
    Tokens.Grant grant =
        new Tokens.Grant(
            clientId, current.string(Table.USER_ID).orElseThrow(), scope, family, familyEnd);
    TokenResponse issued = tokens.issue(grant, true);
    // The tombstone goes in only after the new tokens: a concurrent request that sees it revokes
    // the family, and must not do so before exactly one refresh has succeeded.
    try {
      store.store(Table.REFRESH_TOKENS, current.with(Table.ROTATED_AT, now));
      String tokenHash = current.string(Table.TOKEN_HASH).orElseThrow();
      if (tokens.revokedSince(Long.MIN_VALUE, Tokens.TOKEN_MARK + tokenHash)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_GRANT,
            "the refresh token was revoked while it was being used");
      }
    } catch (RuntimeException e) {
      try {
        tokens.revokeFamily(family);
      } catch (RuntimeException undoing) {
        e.addSuppressed(undoing);
      }
      throw e;
    }
    return issued;
  }

  private void putBack(Record tombstone) {
    try {
      store.store(Table.REFRESH_TOKENS, tombstone);
    } catch (DuplicateKeyException e) {
      // another request put it back first
    }
  }

  private static Proauth2Exception reused() {
    return new Proauth2Exception(
        Proauth2Exception.INVALID_GRANT,
        "the refresh token was already used; every token of its grant is now revoked");
  }
}

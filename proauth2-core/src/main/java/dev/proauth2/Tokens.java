package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DuplicateKeyException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issues, checks and revokes access and refresh tokens. Tokens of one grant share a family, so a
 * replayed code or a reused refresh token can revoke them all at once.
 */
final class Tokens {

  static final String BEARER = "Bearer";
  static final String FAMILY_MARK = "family:";
  static final String USER_MARK = "user:";
  static final String CLIENT_MARK = "client:";
  static final String TOKEN_MARK = "token:";
  private static final long MARKER_LIFETIME_MILLIS = 10 * 60_000L;

  private final DataStore store;
  private final Policy policy;
  private final boolean rechecksExpiry;

  Tokens(DataStore store, Policy policy) {
    this.store = store;
    this.policy = policy;
    this.rechecksExpiry = policy.rechecksExpiry();
  }

  /** What a new pair of tokens is issued for. */
  record Grant(
      String clientId, String userId, String scope, String family, long refreshExpiresAt) {}

  /**
   * Stores a new access token, and a refresh token when {@code withRefresh}, then returns them. If
   * a store fails midway, whatever was stored is removed before the failure is rethrown.
   */
  TokenResponse issue(Grant grant, boolean withRefresh) {
    long now = policy.now();
    String accessToken = Secrets.newSecret();
    String refreshToken = withRefresh ? Secrets.newSecret() : null;
    Record access = record(accessToken, grant, now, now + policy.accessTokenTtl().toMillis());
    try {
      if (refreshToken != null) {
        store.store(
            Table.REFRESH_TOKENS, record(refreshToken, grant, now, grant.refreshExpiresAt()));
      }
      store.store(Table.TOKENS, access);
      if (revokedSince(now, grant)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_GRANT,
            "the grant was revoked while tokens were being issued");
      }
    } catch (RuntimeException e) {
      undo(Table.REFRESH_TOKENS, refreshToken, e);
      undo(Table.TOKENS, accessToken, e);
      throw e;
    }
    return new TokenResponse(
        accessToken, BEARER, policy.accessTokenTtl().toSeconds(), refreshToken, grant.scope());
  }

  /** The live access token record for a presented token. */
  Optional<Record> findAccess(String token) {
    return findLive(Table.TOKENS, token);
  }

  /** The live, unrotated refresh token record for a presented token. */
  Optional<Record> findRefresh(String token) {
    return findRefreshOrTombstone(token).filter(r -> !r.has(Table.ROTATED_AT));
  }

  /** The live refresh token record, or the tombstone a rotated one left. */
  Optional<Record> findRefreshOrTombstone(String token) {
    return findLive(Table.REFRESH_TOKENS, token);
  }

  /** Removes every access and refresh token of a family; returns how many were removed. */
  long revokeFamily(String family) {
    mark(FAMILY_MARK + family);
    // Access tokens first: if this fails midway, the refresh token still names the family, so
    // the caller can retry the revocation with it.
    long removed = store.remove(Table.TOKENS, Query.where(Table.FAMILY, family));
    return removed + store.remove(Table.REFRESH_TOKENS, Query.where(Table.FAMILY, family));
  }

  /** Removes every code, access and refresh token of a user; returns how many were removed. */
  long revokeUser(String userId) {
    mark(USER_MARK + userId);
    Query byUser = Query.where(Table.USER_ID, userId);
    long removed = store.remove(Table.REFRESH_TOKENS, byUser);
    removed += store.remove(Table.TOKENS, byUser);
    return removed + store.remove(Table.NONCE_CODES, byUser);
  }

  /**
   * Writes a revocation marker before tokens are removed, so an issuance racing this revocation
   * finds it afterwards and withdraws its tokens. A marker outlives any issuance in flight.
   */
  void mark(String subject) {
    long now = policy.now();
    Record marker =
        Record.of(
            Map.of(
                Table.SUBJECT, subject,
                Table.REVOKED_AT, now,
                Table.EXPIRES_AT, now + MARKER_LIFETIME_MILLIS));
    store.remove(Table.REVOCATIONS, Query.where(Table.SUBJECT, subject));
    try {
      store.store(Table.REVOCATIONS, marker);
    } catch (DuplicateKeyException e) {
      // a concurrent revocation of the same subject wrote its marker first: it serves as well
    }
  }

  /**
   * Whether the grant was revoked while it was being issued: its family at any time (a revoked
   * family never grows again), or its user or client at or after {@code issuedAt} (later sign-ins
   * are new grants).
   */
  private boolean revokedSince(long issuedAt, Grant grant) {
    List<Optional<Record>> markers =
        store.fetchAll(
            Table.REVOCATIONS,
            List.of(
                Query.where(Table.SUBJECT, FAMILY_MARK + grant.family()),
                Query.where(Table.SUBJECT, USER_MARK + grant.userId()),
                Query.where(Table.SUBJECT, CLIENT_MARK + grant.clientId())));
    return markers.get(0).isPresent()
        || markedSince(markers.get(1), issuedAt)
        || markedSince(markers.get(2), issuedAt);
  }

  /** Whether a revocation marker for the subject was written at or after {@code since}. */
  boolean revokedSince(long since, String subject) {
    return markedSince(store.fetch(Table.REVOCATIONS, Query.where(Table.SUBJECT, subject)), since);
  }

  private static boolean markedSince(Optional<Record> marker, long since) {
    return marker.isPresent() && marker.get().number(Table.REVOKED_AT).orElse(0) >= since;
  }

  /** Removes an access token found by {@link #findAccess}, if it is still there. */
  void revokeAccess(Record access) {
    store.remove(
        Table.TOKENS, Query.where(Table.TOKEN_HASH, access.string(Table.TOKEN_HASH).orElseThrow()));
  }

  /**
   * The live record of a presented token: the token check. A value that cannot be one of ours
   * (empty, too long) is refused before it is hashed; any other is simply not found, so the check
   * needs no scan of its characters.
   */
  private Optional<Record> findLive(Table table, String token) {
    if (token == null || token.isEmpty() || token.length() > Inputs.MAX_SECRET) {
      return Optional.empty();
    }
    Optional<Record> found =
        store.fetch(table, Query.where(Table.TOKEN_HASH, SecretHashes.sha256(token)));
    if (!rechecksExpiry) {
      return found;
    }
    long now = policy.now();
    return found.filter(record -> !record.isExpired(now));
  }

  private static Record record(String token, Grant grant, long issuedAt, long expiresAt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.TOKEN_HASH, SecretHashes.sha256(token));
    fields.put(Table.CLIENT_ID, grant.clientId());
    fields.put(Table.USER_ID, grant.userId());
    if (grant.scope() != null) {
      fields.put(Table.SCOPE, grant.scope());
    }
    fields.put(Table.FAMILY, grant.family());
    fields.put(Table.ISSUED_AT, issuedAt);
    fields.put(Table.EXPIRES_AT, expiresAt);
    return Record.of(fields);
  }

  private void undo(Table table, String token, RuntimeException failure) {
    if (token == null) {
      return;
    }
    try {
      store.remove(table, Query.where(Table.TOKEN_HASH, SecretHashes.sha256(token)));
    } catch (RuntimeException e) {
      failure.addSuppressed(
          new Proauth2Exception(
              Proauth2Exception.SERVER_ERROR,
              "could not remove a token stored before the failure; it was never handed out",
              e));
    }
  }

  static Proauth2Exception invalidToken() {
    return new Proauth2Exception(
        Proauth2Exception.INVALID_TOKEN, "the access token is unknown, expired or revoked");
  }
}

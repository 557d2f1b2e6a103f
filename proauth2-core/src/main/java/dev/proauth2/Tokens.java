package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issues, checks and revokes access and refresh tokens. Tokens of one grant share a family, so a
 * replayed code or a reused refresh token can revoke them all at once.
 *
 * <p>A revocation racing an issuance never leaves a usable token: every issuance ends with a check
 * that its grant is still there (the code's or refresh token's tombstone, or the client), and every
 * revocation removes access tokens after the records that check reads. Either the check sees the
 * revocation and withdraws the tokens, or the revocation comes after the tokens and removes them.
 */
final class Tokens {

  static final String BEARER = "Bearer";

  /** The token type of an access token bound to a DPoP key (RFC 9449 section 5). */
  static final String DPOP = "DPoP";

  /**
   * The longest signed access token accepted for a check: room for ten resources of the longest URI
   * in its audience.
   */
  static final int MAX_SIGNED_TOKEN = 32 * 1024;

  private final DataStore store;
  private final Policy policy;
  private final TokenSigner signer;
  private DPoPChecks dpop;

  /**
   * @param signer writes and verifies JWT access tokens, or {@code null} when the engine signs
   *     nothing
   */
  Tokens(DataStore store, Policy policy, TokenSigner signer) {
    this.store = store;
    this.policy = policy;
    this.signer = signer;
  }

  /** Sets the DPoP checks, once, while the engine is built. */
  void useDpop(DPoPChecks checks) {
    this.dpop = checks;
  }

  /**
   * What a new pair of tokens is issued for.
   *
   * @param userId the user, or {@code null} for a client's own token
   * @param scope the access token's scope
   * @param grantScope the refresh token's scope: the whole grant's, which a refresh that narrows
   *     the access token keeps (RFC 6749 section 6)
   * @param audience the access token's resources (RFC 8707), as stored, or {@code null}
   * @param grantAudience the refresh token's resources: the whole grant's, as stored, or {@code
   *     null}
   * @param accessExpiresAt the latest the access token may expire, epoch milliseconds: a token
   *     issued from another ends with it
   * @param act who acts for the user, as {@link Actors} stores it, or {@code null}
   * @param dpopJkt the thumbprint of the DPoP key the tokens are bound to, or {@code null}
   */
  record Grant(
      String clientId,
      String userId,
      String scope,
      String grantScope,
      String audience,
      String grantAudience,
      String family,
      long refreshExpiresAt,
      long accessExpiresAt,
      String act,
      String dpopJkt) {

    /** A grant whose access token lives its whole lifetime, with no actor, bound to a DPoP key. */
    Grant(
        String clientId,
        String userId,
        String scope,
        String grantScope,
        String audience,
        String grantAudience,
        String family,
        long refreshExpiresAt,
        String dpopJkt) {
      this(
          clientId,
          userId,
          scope,
          grantScope,
          audience,
          grantAudience,
          family,
          refreshExpiresAt,
          Long.MAX_VALUE,
          null,
          dpopJkt);
    }
  }

  /** Tokens stored but not yet confirmed: the caller checks its grant, then keeps or withdraws. */
  final class Issued {
    private final TokenResponse response;
    private final String accessHash;
    private final String refreshHash;

    private Issued(TokenResponse response, String accessHash, String refreshHash) {
      this.response = response;
      this.accessHash = accessHash;
      this.refreshHash = refreshHash;
    }

    /** The response for the client, once the grant is confirmed. */
    TokenResponse response() {
      return response;
    }

    /** Removes the tokens, adding any failure to {@code cause}, and returns {@code cause}. */
    <E extends RuntimeException> E withdraw(E cause) {
      undo(Table.REFRESH_TOKENS, refreshHash, cause);
      undo(Table.TOKENS, accessHash, cause);
      return cause;
    }
  }

  /**
   * Stores a new access token, in the format its resources, its client or the engine chose, and a
   * refresh token when {@code withRefresh}. If a store fails midway, whatever was stored is removed
   * before the failure is rethrown.
   */
  Issued issue(Record client, Grant grant, boolean withRefresh) {
    return issue(client, grant, withRefresh, null);
  }

  /**
   * Stores new tokens as {@link #issue(Record, Grant, boolean)} does, the refresh token carrying
   * the grant's sign-in facts, so a refresh can state them again (OpenID Connect Core section
   * 12.2).
   *
   * @param signIn what the host said of the sign-in, or {@code null}
   */
  Issued issue(Record client, Grant grant, boolean withRefresh, SignIn signIn) {
    long now = policy.now();
    AccessTokenFormat format =
        policy.accessTokenFormat(
            client.string(Table.ACCESS_TOKEN_FORMAT).orElse(null), grant.audience());
    Duration ttl = policy.accessTokenTtl(format);
    String accessToken;
    long expiresAt;
    if (format == AccessTokenFormat.JWT && signer == null) {
      throw new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          "the client's access tokens are JWTs, but this engine signs nothing: add proauth2-jose"
              + " and call signing(...) on its builder");
    }
    if (format == AccessTokenFormat.JWT) {
      long issuedAt = now / 1000 * 1000; // a JWT's iat and exp are whole seconds
      expiresAt = Math.min(issuedAt + ttl.toMillis(), grant.accessExpiresAt() / 1000 * 1000);
      accessToken = signer.signAccessToken(claims(grant, issuedAt, expiresAt));
    } else {
      expiresAt = Math.min(now + ttl.toMillis(), grant.accessExpiresAt());
      accessToken = Secrets.newSecret();
    }
    long expiresIn = Math.min(ttl.toSeconds(), Math.max(0, grant.accessExpiresAt() - now) / 1000);
    String refreshToken = withRefresh ? Secrets.newSecret() : null;
    Record access = record(accessToken, grant, grant.scope(), grant.audience(), now, expiresAt);
    if (grant.act() != null) {
      access = access.with(Table.ACT, grant.act());
    }
    if (grant.dpopJkt() != null) {
      access = access.with(Table.DPOP_JKT, grant.dpopJkt());
    }
    Record refresh =
        refreshToken == null
            ? null
            : record(
                refreshToken,
                grant,
                grant.grantScope(),
                grant.grantAudience(),
                now,
                grant.refreshExpiresAt());
    if (refresh != null && signIn != null) {
      Map<String, Object> withSignIn = new LinkedHashMap<>(refresh.fields());
      ResponseExtensions.put(signIn, withSignIn);
      refresh = Record.of(withSignIn);
    }
    // A confidential client's refresh token is bound to its authentication; a public client's to
    // its DPoP key (RFC 9449 section 5).
    if (refresh != null && grant.dpopJkt() != null && Clients.isPublic(client)) {
      refresh = refresh.with(Table.DPOP_JKT, grant.dpopJkt());
    }
    String tokenType = grant.dpopJkt() == null ? BEARER : DPOP;
    Issued issued =
        new Issued(
            new TokenResponse(accessToken, tokenType, expiresIn, refreshToken, grant.scope()),
            access.string(Table.TOKEN_HASH).orElseThrow(),
            refresh == null ? null : refresh.string(Table.TOKEN_HASH).orElseThrow());
    try {
      if (refresh != null) {
        store.put(Table.REFRESH_TOKENS, refresh);
      }
      store.put(Table.TOKENS, access);
    } catch (RuntimeException e) {
      throw issued.withdraw(e);
    }
    return issued;
  }

  /**
   * The live access token record for a presented token. A signed one (it has dots, which an opaque
   * token never has) is verified first, so a forged or foreign one costs no store read.
   */
  Optional<Record> findAccess(String token) {
    // Without a signer a dotted value is simply not found by its hash: no scan for a dot then.
    if (signer != null && token != null && token.indexOf('.') >= 0) {
      if (token.length() > MAX_SIGNED_TOKEN || !signer.verifiesAccessToken(token)) {
        return Optional.empty();
      }
      return store.fetch(Table.TOKENS, SecretHashes.sha256(token));
    }
    return findLive(Table.TOKENS, token);
  }

  /**
   * What a signed access token says (RFC 9068 section 2.2): {@code sub} is the user, or the client
   * for its own token; {@code aud} the token's resources, or the issuer for a token bound to none.
   */
  private AccessTokenClaims claims(Grant grant, long issuedAt, long expiresAt) {
    List<String> audience = Resources.parse(grant.audience());
    return new AccessTokenClaims(
        policy.issuer(),
        grant.userId() != null ? grant.userId() : grant.clientId(),
        grant.clientId(),
        audience.isEmpty() ? List.of(policy.issuer()) : audience,
        grant.scope(),
        Instant.ofEpochMilli(issuedAt),
        Instant.ofEpochMilli(expiresAt),
        Secrets.newSecret(),
        Actors.decode(grant.act()),
        grant.dpopJkt());
  }

  /** The live, unrotated refresh token record for a presented token. */
  Optional<Record> findRefresh(String token) {
    return findRefreshOrTombstone(token).filter(r -> !r.has(Table.ROTATED_AT));
  }

  /** The live refresh token record, or the tombstone a rotated one left. */
  Optional<Record> findRefreshOrTombstone(String token) {
    return findLive(Table.REFRESH_TOKENS, token);
  }

  /**
   * Removes every access and refresh token of a family; returns how many were removed.
   *
   * <p>Access tokens go first, so that a failure midway leaves the refresh token to retry with.
   * Then come a second sweep of both tables, after the one that removed the grant's refresh token
   * (or its tombstone). A refresh racing this revocation stores its new tokens before it replaces
   * the old refresh token with its tombstone; if that replace won, the sweep that removed the
   * tombstone came after it, so the new tokens were stored before the second sweep began. The first
   * sweep alone may miss them: on a store whose {@code removeAll} is not one atomic step (a SQL
   * {@code DELETE} under read committed, a MongoDB {@code deleteMany}, a map scan), a record put
   * behind its cursor is not seen while the tombstone ahead of it is.
   */
  long revokeFamily(String family) {
    long removed = store.removeAll(Table.TOKENS, Table.FAMILY, family);
    removed += store.removeAll(Table.REFRESH_TOKENS, Table.FAMILY, family);
    removed += store.removeAll(Table.TOKENS, Table.FAMILY, family);
    return removed + store.removeAll(Table.REFRESH_TOKENS, Table.FAMILY, family);
  }

  /**
   * Removes every code, access and refresh token of a user or client, named by {@code field};
   * returns how many were removed. Codes and refresh tokens, which issuance checks, go before the
   * last sweep of access and refresh tokens, for the reason {@link #revokeFamily} gives.
   */
  long revokeAllBy(String field, String value) {
    long removed = store.removeAll(Table.TOKENS, field, value);
    removed += store.removeAll(Table.NONCE_CODES, field, value);
    removed += store.removeAll(Table.DEVICE_CODES, field, value);
    removed += store.removeAll(Table.REFRESH_TOKENS, field, value);
    removed += store.removeAll(Table.TOKENS, field, value);
    return removed + store.removeAll(Table.REFRESH_TOKENS, field, value);
  }

  /**
   * Removes an access token found by {@link #findAccess}, if it is still there.
   *
   * @return whether this call removed it
   */
  boolean revokeAccess(Record access) {
    return store.remove(Table.TOKENS, access.string(Table.TOKEN_HASH).orElseThrow());
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
    return store.fetch(table, SecretHashes.sha256(token));
  }

  private static Record record(
      String token, Grant grant, String scope, String audience, long issuedAt, long expiresAt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.TOKEN_HASH, SecretHashes.sha256(token));
    fields.put(Table.CLIENT_ID, grant.clientId());
    if (grant.userId() != null) {
      fields.put(Table.USER_ID, grant.userId());
    }
    if (scope != null) {
      fields.put(Table.SCOPE, scope);
    }
    fields.put(Table.FAMILY, grant.family());
    if (audience != null) {
      fields.put(Table.RESOURCE, audience);
    }
    fields.put(Table.ISSUED_AT, issuedAt);
    fields.put(Table.EXPIRES_AT, expiresAt);
    return Record.of(fields);
  }

  private void undo(Table table, String tokenHash, RuntimeException failure) {
    if (tokenHash == null) {
      return;
    }
    try {
      store.remove(table, tokenHash);
    } catch (RuntimeException e) {
      failure.addSuppressed(
          new Proauth2Exception(
              Proauth2Exception.SERVER_ERROR,
              "could not remove a token stored before the failure; it was never handed out",
              e));
    }
  }

  /** The subject of an access token bound to no resource, for an API that names none. */
  TokenSubject subject(String accessToken) {
    Record record = findAccess(accessToken).orElseThrow(Tokens::invalidToken);
    refuseBound(record);
    if (record.string(Table.RESOURCE).isPresent()) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_TOKEN,
          "the access token was issued for a specific resource (RFC 8707) and is accepted only"
              + " there");
    }
    return subject(record);
  }

  /** The subject of an access token bound to this resource (RFC 8707). */
  TokenSubject subject(String accessToken, String resource) {
    Record record = findAccess(accessToken).orElseThrow(Tokens::invalidToken);
    refuseBound(record);
    if (!Resources.contains(record.string(Table.RESOURCE).orElse(null), resource)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_TOKEN,
          "the access token was not issued for this resource; ask for one with resource="
              + resource
              + " (RFC 8707)");
    }
    return subject(record);
  }

  /**
   * The subject of an access token sent with a DPoP proof or as a bearer token, for a resource or
   * for none ({@code null}).
   */
  TokenSubject subject(String accessToken, String resource, DPoPRequest proof) {
    Record record = findAccess(accessToken).orElseThrow(Tokens::invalidToken);
    String audience = record.string(Table.RESOURCE).orElse(null);
    if (resource == null ? audience != null : !Resources.contains(audience, resource)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_TOKEN, "the access token was not issued for this resource");
    }
    dpop.checkUse(record, accessToken, proof);
    return subject(record);
  }

  private static TokenSubject subject(Record record) {
    return new TokenSubject(
        record.string(Table.USER_ID).orElse(null),
        record.string(Table.CLIENT_ID).orElseThrow(),
        record.string(Table.SCOPE).orElse(null),
        Resources.parse(record.string(Table.RESOURCE).orElse(null)));
  }

  /** A DPoP-bound token is never accepted as a bearer token (RFC 9449 section 7.2). */
  private static void refuseBound(Record record) {
    if (record.has(Table.DPOP_JKT)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_TOKEN,
          "the access token is bound to a DPoP key: send it with Authorization: DPoP and a DPoP"
              + " proof (RFC 9449 section 7)");
    }
  }

  /** What a token is (RFC 7662): an access or refresh token, else inactive. */
  TokenInfo describe(String token) {
    Optional<Record> access = findAccess(token);
    if (access.isPresent()) {
      return info(access.get(), access.get().has(Table.DPOP_JKT) ? DPOP : BEARER);
    }
    return findRefresh(token).map(r -> info(r, "refresh_token")).orElse(TokenInfo.inactive());
  }

  private static TokenInfo info(Record record, String tokenType) {
    return new TokenInfo(
        true,
        record.string(Table.SCOPE).orElse(null),
        record.string(Table.CLIENT_ID).orElse(null),
        record.string(Table.USER_ID).orElse(null),
        tokenType,
        record.number(Table.EXPIRES_AT).orElse(0) / 1000,
        record.number(Table.ISSUED_AT).orElse(0) / 1000,
        Resources.parse(record.string(Table.RESOURCE).orElse(null)),
        Actors.decode(record.string(Table.ACT).orElse(null)),
        record.string(Table.DPOP_JKT).orElse(null));
  }

  static Proauth2Exception invalidToken() {
    return new Proauth2Exception(
        Proauth2Exception.INVALID_TOKEN, "the access token is unknown, expired or revoked");
  }
}

package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DuplicateKeyException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code authorization_code} grant: redeems a code exactly once and, when a redeemed code is
 * presented again by its authenticated client, revokes every token it issued (RFC 6749 section
 * 4.1.2, OAuth 2.1 section 7.5.2).
 *
 * <p>A redeemed code leaves a tombstone under its hash, with {@code redeemed_at} set, for as long
 * as its tokens may live. The tokens' family is the code's hash.
 */
final class CodeGrant {

  private static final String UNUSABLE = "the code is unknown, expired or already used";

  private final DataStore store;
  private final Tokens tokens;
  private final Policy policy;

  CodeGrant(DataStore store, Tokens tokens, Policy policy) {
    this.store = store;
    this.tokens = tokens;
    this.policy = policy;
  }

  TokenResponse redeem(Record client, TokenRequest request) {
    String code =
        Inputs.secret(
            request.code(),
            "code",
            Proauth2Exception.INVALID_REQUEST,
            Proauth2Exception.INVALID_GRANT);
    if (request.redirectUri() != null) {
      Inputs.visibleAscii(
          request.redirectUri(),
          Table.REDIRECT_URI,
          Table.MAX_URI,
          Proauth2Exception.INVALID_REQUEST);
    }
    if (request.codeVerifier() != null) {
      Pkce.checkVerifier(request.codeVerifier());
    }
    String clientId = client.string(Table.CLIENT_ID).orElseThrow();
    String codeHash = SecretHashes.sha256(code);

    Optional<Record> taken = store.take(Table.NONCE_CODES, Query.where(Table.CODE_HASH, codeHash));
    if (taken.isEmpty()) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE);
    }
    Record issued = taken.get();
    if (issued.has(Table.REDEEMED_AT)) {
      replayed(issued, clientId, request);
      throw new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE);
    }
    long now = policy.now();
    if (issued.isExpired(now)) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE);
    }
    if (!clientId.equals(issued.string(Table.CLIENT_ID).orElse(null))) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_GRANT, "the code was issued to another client");
    }
    String redirectUri = issued.string(Table.REDIRECT_URI).orElseThrow();
    if (request.redirectUri() != null && !request.redirectUri().equals(redirectUri)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_GRANT,
          "redirect_uri differs from the one in the authorization request");
    }
    checkPkce(issued, request.codeVerifier());

    boolean withRefresh = Clients.allowsGrant(client, TokenRequest.REFRESH_TOKEN);
    long familyEnd =
        now + (withRefresh ? policy.refreshTokenTtl() : policy.accessTokenTtl()).toMillis();
    Tokens.Grant grant =
        new Tokens.Grant(
            clientId,
            issued.string(Table.USER_ID).orElseThrow(),
            issued.string(Table.SCOPE).orElse(null),
            codeHash,
            familyEnd);
    TokenResponse tokensIssued = tokens.issue(grant, withRefresh);
    // The tombstone goes in only after the tokens: a replay that finds it revokes the family, and
    // must not do so before exactly one redemption has succeeded.
    try {
      leaveTombstone(issued, now, familyEnd);
    } catch (RuntimeException e) {
      try {
        tokens.revokeFamily(codeHash);
      } catch (RuntimeException undoing) {
        e.addSuppressed(undoing);
      }
      throw e;
    }
    return tokensIssued;
  }

  private static void checkPkce(Record issued, String verifier) {
    Optional<String> challenge = issued.string(Table.CODE_CHALLENGE);
    if (challenge.isEmpty()) {
      if (verifier != null) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_GRANT,
            "a code_verifier was sent, but the authorization request had no code_challenge");
      }
      return;
    }
    if (verifier == null) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_GRANT,
          "the authorization request had a code_challenge; send its code_verifier");
    }
    String method = issued.string(Table.CODE_CHALLENGE_METHOD).orElse(Pkce.PLAIN);
    if (!Pkce.verifies(verifier, challenge.get(), method)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_GRANT, "the code_verifier does not match the code_challenge");
    }
  }

  /**
   * A redeemed code came back. The tombstone goes back in place for later replays; the tokens are
   * revoked only if the replay passes every check the first redemption passed, so someone who
   * cannot act as the client cannot revoke its tokens.
   */
  private void replayed(Record tombstone, String clientId, TokenRequest request) {
    try {
      store.store(Table.NONCE_CODES, tombstone);
    } catch (DuplicateKeyException e) {
      // a concurrent replay put it back first
    }
    boolean sameClient = clientId.equals(tombstone.string(Table.CLIENT_ID).orElse(null));
    boolean sameRedirect =
        request.redirectUri() == null
            || request.redirectUri().equals(tombstone.string(Table.REDIRECT_URI).orElse(null));
    boolean provesPossession;
    try {
      checkPkce(tombstone, request.codeVerifier());
      provesPossession = true;
    } catch (Proauth2Exception e) {
      provesPossession = false;
    }
    if (sameClient && sameRedirect && provesPossession && !tombstone.isExpired(policy.now())) {
      tokens.revokeFamily(tombstone.string(Table.CODE_HASH).orElseThrow());
    }
  }

  private void leaveTombstone(Record issued, long now, long familyEnd) {
    Map<String, Object> tombstone = new LinkedHashMap<>(issued.fields());
    tombstone.put(Table.REDEEMED_AT, now);
    tombstone.put(Table.EXPIRES_AT, familyEnd);
    store.store(Table.NONCE_CODES, Record.of(tombstone));
  }
}

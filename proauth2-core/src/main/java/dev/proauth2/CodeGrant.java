package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.List;
import java.util.Optional;

/**
 * The {@code authorization_code} grant: redeems a code exactly once and, when a redeemed code is
 * presented again by its authenticated client, revokes every token it issued (RFC 6749 section
 * 4.1.2, OAuth 2.1 section 7.5.2).
 *
 * <p>A redeemed code leaves a {@link Tombstone} under its hash for as long as its tokens may live.
 * The tokens' family is the code's hash. Another client's attempt consumes nothing; the owner's
 * failed attempt (wrong redirect URI or verifier) uses the code up.
 */
final class CodeGrant {

  private static final String UNUSABLE = "the code is unknown, expired or already used";

  private final DataStore store;
  private final Tokens tokens;
  private final Policy policy;
  private final Events events;
  private final ResponseExtensions extensions;

  CodeGrant(
      DataStore store, Tokens tokens, Policy policy, Events events, ResponseExtensions extensions) {
    this.store = store;
    this.tokens = tokens;
    this.policy = policy;
    this.events = events;
    this.extensions = extensions;
  }

  TokenResponse redeem(Record client, TokenRequest.AuthorizationCode request, String jkt) {
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
    List<String> named = Resources.check(request.resources(), Proauth2Exception.INVALID_TARGET);
    String clientId = client.string(Table.CLIENT_ID).orElseThrow();
    String codeHash = SecretHashes.sha256(code);

    Record issued = store.fetch(Table.NONCE_CODES, codeHash).orElseThrow(CodeGrant::unusable);
    if (!clientId.equals(issued.string(Table.CLIENT_ID).orElse(null))) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_GRANT, "the code was issued to another client");
    }
    if (issued.has(Table.REDEEMED_AT)) {
      replayed(issued, request);
      throw unusable();
    }
    long now = policy.now();
    boolean withRefresh = Clients.allowsGrant(client, GrantType.REFRESH_TOKEN);
    long familyEnd =
        now + (withRefresh ? policy.refreshTokenTtl() : policy.longestAccessTokenTtl()).toMillis();
    Record tombstone =
        issued.with(Table.REDEEMED_AT, now).with(Table.EXPIRES_AT, Math.max(familyEnd, now + 1));
    String grantAudience = issued.string(Table.RESOURCE).orElse(null);
    String audience;
    try {
      String redirectUri = issued.string(Table.REDIRECT_URI).orElseThrow();
      if (request.redirectUri() != null && !request.redirectUri().equals(redirectUri)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_GRANT,
            "redirect_uri differs from the one in the authorization request");
      }
      checkPkce(issued, request.codeVerifier());
      String boundTo = issued.string(Table.DPOP_JKT).orElse(null);
      if (boundTo != null && !boundTo.equals(jkt)) {
        throw DPoPChecks.invalid(
            "the authorization request bound the code to a DPoP key (dpop_jkt); send a DPoP"
                + " proof signed by that key");
      }
      audience = Resources.narrowed(named, grantAudience);
    } catch (Proauth2Exception e) {
      // The client's own failed attempt (a wrong verifier, a resource outside the authorization)
      // uses the code up: a verifier gets one try.
      store.replace(Table.NONCE_CODES, tombstone);
      throw e;
    }
    String scope = issued.string(Table.SCOPE).orElse(null);
    Tokens.Grant grant =
        new Tokens.Grant(
            clientId,
            issued.string(Table.USER_ID).orElseThrow(),
            scope,
            scope,
            audience,
            grantAudience,
            codeHash,
            familyEnd,
            jkt);
    SignIn signIn = ResponseExtensions.signIn(issued);
    Tokens.Issued out = tokens.issue(client, grant, withRefresh, signIn);
    TokenResponse response =
        extensions.extend(
            out,
            GrantType.AUTHORIZATION_CODE,
            client,
            grant.userId(),
            issued.string(Table.NONCE).orElse(null),
            signIn);
    Tombstone.Claim claim =
        Tombstone.claim(store, Table.NONCE_CODES, tombstone, Table.REDEEMED_AT, out);
    if (claim == Tombstone.Claim.WON) {
      if (events.enabled()) {
        events.emit(
            new Proauth2Event.TokensIssued(
                policy.instant(),
                clientId,
                grant.userId(),
                Events.grantId(codeHash),
                GrantType.AUTHORIZATION_CODE.value()));
      }
      return response;
    }
    Proauth2Exception refused = out.withdraw(unusable());
    if (claim == Tombstone.Claim.USED) {
      // Another request redeemed the code first, so this one is a replay.
      replayed(issued, request);
    }
    throw refused;
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
    // Stored as sent; absent means plain (RFC 7636 section 4.3), and a value no version wrote
    // fails.
    Optional<CodeChallengeMethod> method =
        CodeChallengeMethod.fromValue(
            issued.string(Table.CODE_CHALLENGE_METHOD).orElse(CodeChallengeMethod.PLAIN.value()));
    if (method.isEmpty() || !Pkce.verifies(verifier, challenge.get(), method.get())) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_GRANT, "the code_verifier does not match the code_challenge");
    }
  }

  /**
   * A redeemed code came back from its own client. The tokens are revoked, but only if the replay
   * passes every check the first redemption passed, so someone who cannot act as the client cannot
   * revoke its tokens.
   */
  private void replayed(Record code, TokenRequest.AuthorizationCode request) {
    boolean sameRedirect =
        request.redirectUri() == null
            || request.redirectUri().equals(code.string(Table.REDIRECT_URI).orElse(null));
    boolean provesPossession;
    try {
      checkPkce(code, request.codeVerifier());
      provesPossession = true;
    } catch (Proauth2Exception e) {
      provesPossession = false;
    }
    if (sameRedirect && provesPossession) {
      String family = code.string(Table.CODE_HASH).orElseThrow();
      tokens.revokeFamily(family);
      if (events.enabled()) {
        events.emit(
            new Proauth2Event.CodeReplayDetected(
                policy.instant(),
                code.string(Table.CLIENT_ID).orElseThrow(),
                code.string(Table.USER_ID).orElseThrow(),
                Events.grantId(family)));
      }
    }
  }

  private static Proauth2Exception unusable() {
    return new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE);
  }
}

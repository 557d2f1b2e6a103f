package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.List;

/**
 * The {@code refresh_token} grant with rotation: every use issues a new refresh token in the same
 * family and replaces the old one with a {@link Tombstone}. A rotated token presented again is
 * reuse, which revokes the whole family (RFC 9700 section 4.14.2). The family keeps the lifetime
 * its first refresh token had, so rotation never extends it, and the scope the grant had, so a
 * refresh that narrows its access token does not narrow later ones (RFC 6749 section 6).
 */
final class RefreshGrant {

  private static final String UNUSABLE = "the refresh token is unknown, expired or revoked";

  private final DataStore store;
  private final Tokens tokens;
  private final Policy policy;
  private final Events events;
  private final ResponseExtensions extensions;

  RefreshGrant(
      DataStore store, Tokens tokens, Policy policy, Events events, ResponseExtensions extensions) {
    this.store = store;
    this.tokens = tokens;
    this.policy = policy;
    this.events = events;
    this.extensions = extensions;
  }

  TokenResponse refresh(Record client, TokenRequest.RefreshToken request, String jkt) {
    String token =
        Inputs.secret(
            request.refreshToken(),
            "refresh_token",
            Proauth2Exception.INVALID_REQUEST,
            Proauth2Exception.INVALID_GRANT);
    var requestedScope = Scopes.parse(request.scope(), Proauth2Exception.INVALID_SCOPE);
    List<String> named = Resources.check(request.resources(), Proauth2Exception.INVALID_TARGET);
    String clientId = client.string(Table.CLIENT_ID).orElseThrow();

    Record current =
        store
            .fetch(Table.REFRESH_TOKENS, SecretHashes.sha256(token))
            .orElseThrow(() -> new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE));
    String family = current.string(Table.FAMILY).orElseThrow();
    if (!clientId.equals(current.string(Table.CLIENT_ID).orElse(null))) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE);
    }
    if (current.has(Table.ROTATED_AT)) {
      tokens.revokeFamily(family);
      reuseDetected(current);
      throw reused();
    }
    String boundTo = current.string(Table.DPOP_JKT).orElse(null);
    if (boundTo != null && !boundTo.equals(jkt)) {
      throw DPoPChecks.invalid(
          "the refresh token is bound to a DPoP key (RFC 9449 section 5); send a DPoP proof"
              + " signed by that key");
    }
    String granted = current.string(Table.SCOPE).orElse(null);
    if (granted == null && !requestedScope.isEmpty()) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_SCOPE,
          "the grant has no scope; a refresh may narrow the scope, never add to it (RFC 6749"
              + " section 6)");
    }
    String scope = granted == null ? null : Scopes.grant(requestedScope, granted);
    String grantAudience = current.string(Table.RESOURCE).orElse(null);
    String audience = Resources.narrowed(named, grantAudience);

    long familyEnd = current.number(Table.EXPIRES_AT).orElseThrow();
    // The new refresh token keeps the grant's scope; only the access token is narrowed.
    Tokens.Grant grant =
        new Tokens.Grant(
            clientId,
            current.string(Table.USER_ID).orElseThrow(),
            scope,
            granted,
            audience,
            grantAudience,
            family,
            familyEnd,
            jkt);
    SignIn signIn = ResponseExtensions.signIn(current);
    Tokens.Issued issued = tokens.issue(client, grant, true, signIn);
    TokenResponse response =
        extensions.extend(issued, GrantType.REFRESH_TOKEN, client, grant.userId(), null, signIn);
    Record tombstone = current.with(Table.ROTATED_AT, policy.now());
    Tombstone.Claim claim =
        Tombstone.claim(store, Table.REFRESH_TOKENS, tombstone, Table.ROTATED_AT, issued);
    if (claim == Tombstone.Claim.WON) {
      if (events.enabled()) {
        String grantId = Events.grantId(family);
        events.emit(
            new Proauth2Event.RefreshRotated(policy.instant(), clientId, grant.userId(), grantId));
        events.emit(
            new Proauth2Event.TokensIssued(
                policy.instant(),
                clientId,
                grant.userId(),
                grantId,
                GrantType.REFRESH_TOKEN.value()));
      }
      return response;
    }
    if (claim == Tombstone.Claim.GONE) {
      throw issued.withdraw(new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE));
    }
    // Another request rotated the token first, so this one is reuse.
    Proauth2Exception refused = issued.withdraw(reused());
    tokens.revokeFamily(family);
    reuseDetected(current);
    throw refused;
  }

  private void reuseDetected(Record token) {
    if (events.enabled()) {
      events.emit(
          new Proauth2Event.RefreshReuseDetected(
              policy.instant(),
              token.string(Table.CLIENT_ID).orElseThrow(),
              token.string(Table.USER_ID).orElseThrow(),
              Events.grantId(token.string(Table.FAMILY).orElseThrow())));
    }
  }

  private static Proauth2Exception reused() {
    return new Proauth2Exception(
        Proauth2Exception.INVALID_GRANT,
        "the refresh token was already used; every token of its grant is now revoked");
  }
}

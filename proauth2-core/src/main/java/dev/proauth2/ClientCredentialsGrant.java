package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;

/**
 * The {@code client_credentials} grant (RFC 6749 section 4.4): a confidential client gets a token
 * for itself; the token has no user, and no refresh token is issued.
 */
final class ClientCredentialsGrant {

  private final DataStore store;
  private final Tokens tokens;
  private final Policy policy;
  private final Events events;

  ClientCredentialsGrant(DataStore store, Tokens tokens, Policy policy, Events events) {
    this.store = store;
    this.tokens = tokens;
    this.policy = policy;
    this.events = events;
  }

  TokenResponse issue(Record client, TokenRequest.ClientCredentials request, String jkt) {
    if (Clients.isPublic(client)) {
      throw new Proauth2Exception(
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          "client_credentials is for confidential clients only");
    }
    String scope = Clients.grantedScope(client, request.scope());
    String audience =
        Resources.join(
            Resources.audience(
                Resources.check(request.resources(), Proauth2Exception.INVALID_TARGET),
                Resources.allowedFor(client, policy.resources()),
                policy.defaultResource()));
    String clientId = client.string(Table.CLIENT_ID).orElseThrow();
    String family = SecretHashes.sha256(Secrets.newSecret());
    long end = policy.now() + policy.longestAccessTokenTtl().toMillis();
    Tokens.Issued issued =
        tokens.issue(
            client,
            new Tokens.Grant(clientId, null, scope, scope, audience, audience, family, end, jkt),
            false);
    // The grant is the client itself: if it was deleted meanwhile, its deletion may have missed
    // this token, so the token is withdrawn (see Tokens on revocations racing issuance).
    boolean stillRegistered;
    try {
      stillRegistered = store.fetch(Table.APPLICATIONS, clientId).isPresent();
    } catch (RuntimeException e) {
      throw issued.withdraw(e);
    }
    if (!stillRegistered) {
      throw issued.withdraw(
          new Proauth2Exception(
              Proauth2Exception.INVALID_CLIENT,
              "the client was deleted while its token was issued"));
    }
    if (events.enabled()) {
      events.emit(
          new Proauth2Event.TokensIssued(
              policy.instant(),
              clientId,
              null,
              Events.grantId(family),
              GrantType.CLIENT_CREDENTIALS.value()));
    }
    return issued.response();
  }
}

package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.ExtensionGrant;
import dev.proauth2.spi.GrantRequest;
import dev.proauth2.spi.IssuedTokens;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;

/**
 * Runs an {@link ExtensionGrant} for a client that authenticated: refuses a client not registered
 * for its grant type, gives the grant a fresh {@link EngineGrantContext}, and keeps only an answer
 * that is what the context issued; anything the grant issued before it failed is withdrawn.
 */
final class ExtensionGrantRunner {

  private final DataStore store;
  private final Tokens tokens;
  private final Policy policy;
  private final Events events;
  private final ExtensionGrants grants;

  ExtensionGrantRunner(
      DataStore store, Tokens tokens, Policy policy, Events events, ExtensionGrants grants) {
    this.store = store;
    this.tokens = tokens;
    this.policy = policy;
    this.events = events;
    this.grants = grants;
  }

  TokenResponse run(Record client, GrantRequest request) {
    ExtensionGrant grant =
        grants
            .find(request.grantType())
            .orElseThrow(
                () ->
                    new Proauth2Exception(
                        Proauth2Exception.UNSUPPORTED_GRANT_TYPE,
                        "no grant answering this grant_type is installed here; the metadata's"
                            + " grant_types_supported lists those that are"));
    Clients.requireGrant(client, request.grantType());
    EngineGrantContext context =
        new EngineGrantContext(store, tokens, policy, client, request.grantType());
    IssuedTokens answer;
    try {
      answer = grant.issue(request, context);
    } catch (RuntimeException e) {
      Tokens.Issued issued = context.issued();
      throw issued == null ? e : issued.withdraw(e);
    }
    Tokens.Issued issued = context.issued();
    if (issued == null
        || answer == null
        || !answer.accessToken().equals(issued.response().accessToken())) {
      Proauth2Exception broken =
          new Proauth2Exception(
              Proauth2Exception.SERVER_ERROR,
              "the grant answered with tokens its context did not issue; fix the plugin "
                  + grant.getClass().getName());
      throw issued == null ? broken : issued.withdraw(broken);
    }
    TokenResponse response = issued.response();
    if (events.enabled()) {
      Tokens.Grant made = context.issuedGrant();
      events.emit(
          new Proauth2Event.TokensIssued(
              policy.instant(),
              client.string(Table.CLIENT_ID).orElseThrow(),
              made.userId(),
              Events.grantId(made.family()),
              request.grantType()));
    }
    return new TokenResponse(
        response.accessToken(),
        response.tokenType(),
        response.expiresIn(),
        null,
        response.scope(),
        answer.issuedTokenType(),
        response.parameters());
  }
}

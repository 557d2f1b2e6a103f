package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;

/**
 * The {@code client_credentials} grant (RFC 6749 section 4.4): a confidential client gets a token
 * for itself; the token's subject is the client, and no refresh token is issued.
 */
final class ClientCredentialsGrant {

  private final Tokens tokens;
  private final Policy policy;

  ClientCredentialsGrant(Tokens tokens, Policy policy) {
    this.tokens = tokens;
    this.policy = policy;
  }

  TokenResponse issue(Record client, TokenRequest request) {
    if (Clients.isPublic(client)) {
      throw new Proauth2Exception(
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          "client_credentials is for confidential clients only");
    }
    String scope = Clients.grantedScope(client, request.scope());
    String clientId = client.string(Table.CLIENT_ID).orElseThrow();
    String family = SecretHashes.sha256(Secrets.newSecret());
    long end = policy.now() + policy.accessTokenTtl().toMillis();
    return tokens.issue(new Tokens.Grant(clientId, clientId, scope, family, end), false);
  }
}

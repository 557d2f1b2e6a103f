package dev.proauth2;

import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.Optional;

/**
 * {@code none}: a public client names itself with {@code client_id} in the form and proves nothing;
 * PKCE protects its codes instead. Built into core, so public clients work with no plugin.
 */
final class NoneAuthMethod implements ClientAuthMethod {

  static final String NAME = "none";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean usesSecret() {
    return false;
  }

  @Override
  public Optional<ClientCredentials> extract(ClientAuthRequest request) {
    // A client_id beside a secret, a header or an assertion (RFC 7521 section 4.2 allows it there)
    // belongs to that method, not to this one.
    if (request.header("Authorization").isPresent()
        || request.parameter("client_secret").isPresent()
        || request.parameter("client_assertion").isPresent()
        || request.parameter("client_assertion_type").isPresent()) {
      return Optional.empty();
    }
    return request.parameter("client_id").map(id -> new ClientCredentials(NAME, id, null));
  }

  @Override
  public boolean verify(
      ClientCredentials presented, Record application, ClientAuthContext context) {
    return presented.secret() == null
        && application.string(Table.SECRET_HASH).isEmpty()
        && application.string(Table.CLIENT_ID).orElse("").equals(presented.clientId());
  }
}

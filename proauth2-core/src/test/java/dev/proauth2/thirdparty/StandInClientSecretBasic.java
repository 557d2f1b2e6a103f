package dev.proauth2.thirdparty;

import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.Optional;

/**
 * Stands in for {@code client_secret_basic} of {@code dev.proauth2:authmethod-basic}, which core
 * cannot depend on, so that core's own tests can register confidential clients: it checks a secret
 * against the stored hash as that method does, and reads nothing from HTTP requests, since these
 * tests present credentials through the Java API. A test gives it to one engine's builder (see
 * {@code dev.proauth2.TestEngine}); its services file sits outside {@code META-INF}, so that only a
 * test that asks for it finds it by discovery (see {@code dev.proauth2.BuilderRulesTest}).
 */
public final class StandInClientSecretBasic implements ClientAuthMethod {

  @Override
  public String name() {
    return "client_secret_basic";
  }

  @Override
  public Optional<ClientCredentials> extract(ClientAuthRequest request) {
    return Optional.empty();
  }

  @Override
  public boolean verify(
      ClientCredentials presented, Record application, ClientAuthContext context) {
    boolean sameClient =
        application.string(Table.CLIENT_ID).orElse("").equals(presented.clientId());
    return sameClient
        && SecretHashes.matches(
            presented.secret(), application.string(Table.SECRET_HASH).orElse(null));
  }
}

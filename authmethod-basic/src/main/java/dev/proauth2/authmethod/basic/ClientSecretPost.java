package dev.proauth2.authmethod.basic;

import com.google.auto.service.AutoService;
import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Record;
import java.util.Optional;

/**
 * {@code client_secret_post}: {@code client_id} and {@code client_secret} as form parameters in the
 * request body (RFC 6749 section 2.3.1). The host must take them from the body only, never from the
 * URL query.
 */
@AutoService(ClientAuthMethod.class)
public final class ClientSecretPost implements ClientAuthMethod {

  /** The registered name. */
  public static final String NAME = "client_secret_post";

  /** Creates the method; it holds no state. */
  public ClientSecretPost() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<ClientCredentials> extract(ClientAuthRequest request) {
    Optional<String> secret = request.parameter("client_secret");
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    String clientId = request.parameter("client_id").orElse(null);
    return Optional.of(new ClientCredentials(NAME, clientId, secret.get()));
  }

  @Override
  public boolean verify(
      ClientCredentials presented, Record application, ClientAuthContext context) {
    return SecretCheck.verify(presented, application);
  }
}

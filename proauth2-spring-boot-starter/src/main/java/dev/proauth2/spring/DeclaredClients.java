package dev.proauth2.spring;

import dev.proauth2.AccessTokenFormat;
import dev.proauth2.ClientSecret;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies {@code proauth2.clients.<name>.*} to the engine at start with {@link Proauth2#applyApp}:
 * each client under its own id and secret, updated in place when it is already there; and deletes
 * those of {@code proauth2.removed-clients}.
 */
final class DeclaredClients {

  private DeclaredClients() {}

  /**
   * Applies every declared client, in the order of the configuration, then deletes the clients of
   * {@code proauth2.removed-clients} with every token they hold: a client taken out of {@code
   * proauth2.clients} is otherwise left alone, since the store cannot tell which clients a
   * configuration once declared.
   *
   * @throws Proauth2StartupException naming the property and what is wrong, or when an id is both
   *     declared and to be removed
   */
  static void apply(
      Proauth2 oauth, Map<String, Proauth2Properties.Client> clients, List<String> removed) {
    for (Map.Entry<String, Proauth2Properties.Client> declared : clients.entrySet()) {
      String clientId =
          declared.getValue().getClientId() != null
              ? declared.getValue().getClientId()
              : declared.getKey();
      if (removed.contains(clientId)) {
        throw new Proauth2StartupException(
            "the client '" + clientId + "' is both declared and in proauth2.removed-clients",
            "Take it out of one of proauth2.clients."
                + declared.getKey()
                + " and"
                + " proauth2.removed-clients.");
      }
    }
    applyDeclared(oauth, clients);
    removed.forEach(oauth::deleteApp);
  }

  /** Applies each client, naming its property when one is refused. */
  private static void applyDeclared(
      Proauth2 oauth, Map<String, Proauth2Properties.Client> clients) {
    clients.forEach(
        (name, client) -> {
          String property = "proauth2.clients." + name;
          try {
            String clientId = client.getClientId() != null ? client.getClientId() : name;
            oauth.applyApp(clientId, secret(client, property), request(clientId, client, property));
          } catch (DataStoreUnavailableException e) {
            throw e; // the store's failure, not the client's: reported as such
          } catch (Proauth2Exception | IllegalArgumentException e) {
            throw new Proauth2StartupException(
                "the client " + property + " cannot be registered: " + e.getMessage(),
                "Correct " + property + ".* and start again.",
                e);
          }
        });
  }

  private static ClientSecret secret(Proauth2Properties.Client client, String property) {
    if (client.getClientSecret() != null && client.getClientSecretSha256() != null) {
      throw new IllegalArgumentException(
          "set " + property + ".client-secret or " + property + ".client-secret-sha256, not both");
    }
    if (client.getClientSecret() != null) {
      return ClientSecret.of(client.getClientSecret());
    }
    return client.getClientSecretSha256() != null
        ? ClientSecret.hashed(client.getClientSecretSha256())
        : null;
  }

  private static RegistrationRequest request(
      String clientId, Proauth2Properties.Client client, String property) {
    RegistrationRequest.Builder request =
        RegistrationRequest.builder(
                client.getClientName() != null ? client.getClientName() : clientId)
            .authMethod(client.getAuthMethod())
            .resourceServer(client.isResourceServer())
            .jwks(client.getJwks())
            .jwksUri(client.getJwksUri());
    if (!client.getScopes().isEmpty()) {
      request.scope(String.join(" ", client.getScopes()));
    }
    for (String grant : client.getGrantTypes()) {
      Optional<GrantType> builtIn = GrantType.fromValue(grant);
      if (builtIn.isPresent()) {
        request.grantType(builtIn.get());
      } else if (grant.indexOf(':') > 0) {
        // An extension grant (RFC 6749 section 4.5) names itself by URI; the engine checks that
        // one installed answers it.
        request.extensionGrantType(grant);
      } else {
        throw new IllegalArgumentException(
            property + ".grant-types has '" + grant + "', which is no grant type");
      }
    }
    client.getRedirectUris().forEach(request::redirectUri);
    if (client.getAccessTokenFormat() != null) {
      request.accessTokenFormat(AccessTokenFormat.of(client.getAccessTokenFormat()));
    }
    client.getResources().forEach(request::resource);
    return request.build();
  }
}

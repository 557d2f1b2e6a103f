package dev.proauth2;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A registered client as {@link Proauth2#registerApp} returns it. The client secret is shown here
 * once and never stored in clear: hand it to the client's developer and forget it.
 *
 * @param clientId the generated client id
 * @param clientSecret the generated secret, or {@code null} for a public client
 * @param name the display name
 * @param redirectUris the exact redirect URIs the client may use; empty for a client that only uses
 *     {@code client_credentials}
 * @param scope the space-separated scopes it may ask for, or {@code null} for none
 * @param grantTypes the grant types it may use
 * @param authMethod its {@code token_endpoint_auth_method}
 * @param resourceServer whether the host made it a resource server, which may introspect any token
 * @param resources the resources (RFC 8707) it may ask tokens for; empty for any the engine knows
 * @param jwks its public keys as a JSON Web Key Set, or {@code null}
 * @param jwksUri where it publishes its keys, or {@code null}
 * @param expiresAt when its registration ends however much it is used, as RFC 7591 reports in
 *     {@code client_secret_expires_at}; a client never issued tokens ends sooner, at the end of its
 *     unused lifetime ({@link RegistrationRequest.Builder#unusedLifetime}); {@code null} for a
 *     client that never expires
 * @param applicationType {@code web} or {@code native}, as the client registered
 * @param extensionGrantTypes the extension grants it may use, by their {@code grant_type} URIs
 * @param openId the client's OpenID Connect metadata; {@link OpenIdClientMetadata#NONE} for none
 */
public record ClientRegistration(
    String clientId,
    String clientSecret,
    String name,
    List<String> redirectUris,
    String scope,
    List<GrantType> grantTypes,
    String authMethod,
    boolean resourceServer,
    List<String> resources,
    String jwks,
    String jwksUri,
    Instant expiresAt,
    ApplicationType applicationType,
    List<String> extensionGrantTypes,
    OpenIdClientMetadata openId) {

  /** Copies the lists. */
  public ClientRegistration {
    extensionGrantTypes =
        extensionGrantTypes == null ? List.of() : List.copyOf(extensionGrantTypes);
    redirectUris = List.copyOf(redirectUris);
    grantTypes = List.copyOf(grantTypes);
    resources = resources == null ? List.of() : List.copyOf(resources);
    openId = openId == null ? OpenIdClientMetadata.NONE : openId;
  }

  /** A registration for the built-in grant types only, without OpenID Connect metadata. */
  public ClientRegistration(
      String clientId,
      String clientSecret,
      String name,
      List<String> redirectUris,
      String scope,
      List<GrantType> grantTypes,
      String authMethod,
      boolean resourceServer,
      List<String> resources,
      String jwks,
      String jwksUri,
      Instant expiresAt,
      ApplicationType applicationType) {
    this(
        clientId,
        clientSecret,
        name,
        redirectUris,
        scope,
        grantTypes,
        authMethod,
        resourceServer,
        resources,
        jwks,
        jwksUri,
        expiresAt,
        applicationType,
        List.of(),
        OpenIdClientMetadata.NONE);
  }

  /** The secret, for confidential clients. */
  public Optional<String> optionalSecret() {
    return Optional.ofNullable(clientSecret);
  }

  @Override
  public String toString() {
    return "ClientRegistration[clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret == null ? "none" : "REDACTED")
        + ", name="
        + name
        + ", redirectUris="
        + redirectUris
        + ", scope="
        + scope
        + ", grantTypes="
        + grantTypes
        + ", authMethod="
        + authMethod
        + ", resourceServer="
        + resourceServer
        + ", resources="
        + resources
        + ", jwksUri="
        + jwksUri
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}

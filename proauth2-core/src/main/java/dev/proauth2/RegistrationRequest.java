package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a client asks for when it registers: its name, redirect URIs, scopes, grant types and how it
 * authenticates. Build one with {@link #builder(String)}; {@link Proauth2#registerApp(String,
 * String)} covers the common case.
 *
 * @param name the display name
 * @param redirectUris the exact redirect URIs, one to ten; none for a client that only uses {@code
 *     client_credentials}
 * @param scope the space-separated scopes the client may ask for, or {@code null} for none
 * @param grantTypes the grant types, or empty for {@link GrantType#AUTHORIZATION_CODE} and {@link
 *     GrantType#REFRESH_TOKEN} when no extension grant is named either; empty with extension grants
 *     means those alone, as an RFC 7591 {@code grant_types} list does
 * @param authMethod the {@code token_endpoint_auth_method}, or {@code null} for {@code
 *     client_secret_basic}
 * @param resourceServer whether the client is a resource server, which may introspect every token
 *     (RFC 7662 section 4); only the host sets this, never a client registering itself
 * @param resources the resources (RFC 8707) the client may ask tokens for, absolute URIs; empty for
 *     those the engine knows ({@link Proauth2.Builder#resource})
 * @param jwks the client's public keys as a JSON Web Key Set, for {@code private_key_jwt}, or
 *     {@code null}
 * @param jwksUri where the client publishes its JSON Web Key Set, or {@code null}
 * @param lifetime how long the registration lasts, from now, however much the client is used; then
 *     the client is unknown and must register again; {@code null} for a client that never expires
 * @param unusedLifetime how long the registration lasts if the client is never issued tokens,
 *     within {@code lifetime}; {@code null} for the whole lifetime
 * @param applicationType {@code web} or {@code native}, or {@code null} for {@code web}
 * @param accessTokenFormat the format of the client's access tokens, or {@code null} for the
 *     engine's choice; only the host sets this
 * @param extensionGrantTypes the extension grants (RFC 6749 section 4.5) the client may use, by
 *     their {@code grant_type} URIs, each installed in the engine; a client that uses only these
 *     needs no redirect URI
 * @param openId the client's OpenID Connect metadata ({@code post_logout_redirect_uris}, {@code
 *     id_token_signed_response_alg}); {@link OpenIdClientMetadata#NONE} for none
 * @param requirePushedAuthorizationRequests whether the client must push its authorization requests
 *     (RFC 9126 section 6)
 * @param dpopBoundAccessTokens whether the client's access tokens must be bound to a DPoP key (RFC
 *     9449 section 5.2): a token request without a proof is refused
 */
public record RegistrationRequest(
    String name,
    List<String> redirectUris,
    String scope,
    List<GrantType> grantTypes,
    String authMethod,
    boolean resourceServer,
    List<String> resources,
    String jwks,
    String jwksUri,
    Duration lifetime,
    Duration unusedLifetime,
    ApplicationType applicationType,
    AccessTokenFormat accessTokenFormat,
    List<String> extensionGrantTypes,
    OpenIdClientMetadata openId,
    boolean requirePushedAuthorizationRequests,
    boolean dpopBoundAccessTokens) {

  /** The longest lifetime a client may be registered for. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(3650);

  /**
   * Copies the lists; the values are checked by {@link Proauth2#registerApp(RegistrationRequest)}.
   *
   * @throws Proauth2Exception {@code invalid_client_metadata} for a {@code null} redirect URI, a
   *     value a client sends
   * @throws NullPointerException for a {@code null} grant type, which no client can send
   * @throws IllegalArgumentException for a lifetime outside 1 second to {@link #MAX_LIFETIME}, or
   *     an unused lifetime without a lifetime or longer than it: settings of the host, never of a
   *     client
   */
  public RegistrationRequest {
    if (redirectUris == null) {
      redirectUris = List.of();
    } else if (redirectUris.stream().anyMatch(Objects::isNull)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA, "redirect_uris contains a null value");
    } else {
      redirectUris = List.copyOf(redirectUris);
    }
    grantTypes = grantTypes == null ? List.of() : List.copyOf(grantTypes);
    if (extensionGrantTypes == null) {
      extensionGrantTypes = List.of();
    } else if (extensionGrantTypes.stream().anyMatch(Objects::isNull)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA, "grant_types contains a null value");
    } else {
      extensionGrantTypes = List.copyOf(extensionGrantTypes);
    }
    openId = openId == null ? OpenIdClientMetadata.NONE : openId;
    if (resources == null) {
      resources = List.of();
    } else if (resources.stream().anyMatch(Objects::isNull)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA, "resources contains a null value");
    } else {
      resources = List.copyOf(resources);
    }
    checkLifetime(lifetime, "lifetime");
    if (unusedLifetime != null) {
      checkLifetime(unusedLifetime, "unusedLifetime");
      if (lifetime == null || unusedLifetime.compareTo(lifetime) > 0) {
        throw new IllegalArgumentException(
            "unusedLifetime must be within the lifetime; got "
                + unusedLifetime
                + " with lifetime "
                + lifetime);
      }
    }
  }

  /**
   * A request for the built-in grant types only, without OpenID Connect metadata, pushed-request or
   * DPoP requirements.
   */
  public RegistrationRequest(
      String name,
      List<String> redirectUris,
      String scope,
      List<GrantType> grantTypes,
      String authMethod,
      boolean resourceServer,
      List<String> resources,
      String jwks,
      String jwksUri,
      Duration lifetime,
      Duration unusedLifetime,
      ApplicationType applicationType,
      AccessTokenFormat accessTokenFormat) {
    this(
        name,
        redirectUris,
        scope,
        grantTypes,
        authMethod,
        resourceServer,
        resources,
        jwks,
        jwksUri,
        lifetime,
        unusedLifetime,
        applicationType,
        accessTokenFormat,
        List.of(),
        OpenIdClientMetadata.NONE,
        false,
        false);
  }

  private static void checkLifetime(Duration lifetime, String name) {
    if (lifetime != null
        && (lifetime.compareTo(Duration.ofSeconds(1)) < 0
            || lifetime.compareTo(MAX_LIFETIME) > 0)) {
      throw new IllegalArgumentException(
          name + " must be between 1 second and " + MAX_LIFETIME + "; got " + lifetime);
    }
  }

  /** Starts a request for a client with this display name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link RegistrationRequest}. */
  public static final class Builder {
    private final String name;
    private final List<String> redirectUris = new ArrayList<>();
    private final List<GrantType> grantTypes = new ArrayList<>();
    private final List<String> extensionGrantTypes = new ArrayList<>();
    private String scope;
    private String authMethod;
    private boolean resourceServer;
    private final List<String> resources = new ArrayList<>();
    private String jwks;
    private String jwksUri;
    private ApplicationType applicationType;
    private AccessTokenFormat accessTokenFormat;
    private OpenIdClientMetadata openId = OpenIdClientMetadata.NONE;
    private Duration lifetime;
    private Duration unusedLifetime;
    private boolean requirePushedAuthorizationRequests;
    private boolean dpopBoundAccessTokens;

    private Builder(String name) {
      this.name = name;
    }

    /** Adds an exact redirect URI. */
    public Builder redirectUri(String redirectUri) {
      redirectUris.add(redirectUri);
      return this;
    }

    /**
     * The scopes the client may ask for, space-separated; a client registered without any gets
     * tokens without scope, and a request that names one is {@code invalid_scope}.
     */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /** Adds a grant type, such as {@link GrantType#CLIENT_CREDENTIALS}. */
    public Builder grantType(GrantType grantType) {
      grantTypes.add(Objects.requireNonNull(grantType, "grantType"));
      return this;
    }

    /**
     * Adds an extension grant (RFC 6749 section 4.5) by its {@code grant_type} URI, such as {@code
     * urn:ietf:params:oauth:grant-type:token-exchange}; the engine must have it installed. A client
     * that names extension grants only is registered for them alone: add {@link
     * #grantType(GrantType)} for the built-in grants it uses too.
     */
    public Builder extensionGrantType(String grantType) {
      extensionGrantTypes.add(Objects.requireNonNull(grantType, "grantType"));
      return this;
    }

    /** Sets the {@code token_endpoint_auth_method}; {@code none} makes a public client. */
    public Builder authMethod(String authMethod) {
      this.authMethod = authMethod;
      return this;
    }

    /**
     * Makes the client a resource server: it may introspect tokens issued to any client. Without
     * this, a client's introspection answers only for its own tokens.
     */
    public Builder resourceServer(boolean resourceServer) {
      this.resourceServer = resourceServer;
      return this;
    }

    /**
     * Adds a resource (RFC 8707) the client may ask tokens for, such as {@code
     * https://api.example/mcp}; a client registered with none may ask for any the engine knows.
     */
    public Builder resource(String resource) {
      resources.add(resource);
      return this;
    }

    /**
     * The client's public keys, a JSON Web Key Set (RFC 7517) as JSON, for {@code private_key_jwt};
     * private keys are refused.
     */
    public Builder jwks(String jwks) {
      this.jwks = jwks;
      return this;
    }

    /** Where the client publishes its JSON Web Key Set, for {@code private_key_jwt}. */
    public Builder jwksUri(String jwksUri) {
      this.jwksUri = jwksUri;
      return this;
    }

    /**
     * Makes the registration end: the client is unknown once {@code lifetime} has passed since it
     * registered, and must register again. Without this a client never expires.
     *
     * @param lifetime 1 second to {@link #MAX_LIFETIME}, or {@code null} for none
     * @throws IllegalArgumentException outside that range
     */
    public Builder lifetime(Duration lifetime) {
      checkLifetime(lifetime, "lifetime");
      this.lifetime = lifetime;
      return this;
    }

    /**
     * Ends the registration sooner if the client is never issued tokens: once {@code
     * unusedLifetime} has passed, an unused client is unknown, so that registrations nobody uses
     * are reclaimed; the first tokens it gets extend it to its whole {@link #lifetime}.
     *
     * @param unusedLifetime 1 second up to the lifetime, or {@code null} for the whole lifetime
     * @throws IllegalArgumentException outside 1 second to {@link #MAX_LIFETIME}; {@link #build()}
     *     throws it when there is no lifetime or this is longer
     */
    public Builder unusedLifetime(Duration unusedLifetime) {
      checkLifetime(unusedLifetime, "unusedLifetime");
      this.unusedLifetime = unusedLifetime;
      return this;
    }

    /** What kind of application the client is; {@code web} when not said (OpenID Connect). */
    public Builder applicationType(ApplicationType applicationType) {
      this.applicationType = Objects.requireNonNull(applicationType, "applicationType");
      return this;
    }

    /**
     * The format of this client's access tokens, whatever the engine's default; a resource given
     * its own format still decides for tokens bound to it. {@link AccessTokenFormat#JWT} needs a
     * signing engine.
     */
    public Builder accessTokenFormat(AccessTokenFormat accessTokenFormat) {
      this.accessTokenFormat = Objects.requireNonNull(accessTokenFormat, "accessTokenFormat");
      return this;
    }

    /**
     * Sets the client's OpenID Connect metadata: where it may send the user after logout, and the
     * algorithm of its ID tokens.
     */
    public Builder openId(OpenIdClientMetadata openId) {
      this.openId = Objects.requireNonNull(openId, "openId");
      return this;
    }

    /**
     * Requires the client to push its authorization requests (RFC 9126 section 6): the
     * authorization endpoint then takes only a {@code request_uri} from it.
     */
    public Builder requirePushedAuthorizationRequests(boolean required) {
      this.requirePushedAuthorizationRequests = required;
      return this;
    }

    /**
     * Requires the client's access tokens to be bound to a DPoP key (RFC 9449 section 5.2): a token
     * request without a DPoP proof is refused.
     */
    public Builder dpopBoundAccessTokens(boolean required) {
      this.dpopBoundAccessTokens = required;
      return this;
    }

    /** Builds the request. */
    public RegistrationRequest build() {
      return new RegistrationRequest(
          name,
          redirectUris,
          scope,
          grantTypes,
          authMethod,
          resourceServer,
          resources,
          jwks,
          jwksUri,
          lifetime,
          unusedLifetime,
          applicationType,
          accessTokenFormat,
          extensionGrantTypes,
          openId,
          requirePushedAuthorizationRequests,
          dpopBoundAccessTokens);
    }
  }
}

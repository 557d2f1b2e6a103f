package dev.proauth2.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The proauth2.* application properties: the store, the issuer and the engine's other builder
 * settings, where the endpoints are served, and the clients the application declares. Unset
 * durations and limits keep the engine's defaults, so the engine alone decides them. A property
 * under proauth2. that none of these names (a typo such as proauth2.acess-token-ttl) stops the
 * start.
 */
@ConfigurationProperties(prefix = "proauth2", ignoreUnknownFields = false)
public class Proauth2Properties {

  /**
   * The DataStore config string, such as memory: or redis://cache:6379/0; unset, the application's
   * DataSource with the JDBC store (dev.proauth2:datastore-jdbc).
   */
  private String datastore;

  /**
   * Whether Proauth2Listeners are also found with ServiceLoader; off, the listeners are the
   * application's Proauth2Listener beans.
   */
  private boolean discoverListeners;

  /**
   * Clients registered under their own ids and secrets at every start, by any name: the same id is
   * updated, never duplicated; a client removed from here is left in the store.
   */
  private Map<String, Client> clients = new LinkedHashMap<>();

  /**
   * Client ids to delete at start, with every token they hold: how a client that was declared under
   * proauth2.clients is pruned once it is taken out of there.
   */
  private List<String> removedClients = new ArrayList<>();

  public List<String> getRemovedClients() {
    return removedClients;
  }

  public void setRemovedClients(List<String> removedClients) {
    this.removedClients = removedClients;
  }

  /** The issuer identifier (RFC 8414), such as https://auth.example. */
  private String issuer;

  /** How long an authorization code lives; the engine's default is 60 s. */
  private Duration codeTtl;

  /** How long an access token lives; the engine's default is 1 hour. */
  private Duration accessTokenTtl;

  /** How long a grant's refresh tokens live; the engine's default is 30 days. */
  private Duration refreshTokenTtl;

  /**
   * How long a device authorization waits for the user (device grant, 1 to 30 minutes); the
   * engine's default is 10 minutes.
   */
  private Duration deviceCodeTtl;

  /**
   * The least time between a device's polls (device grant, 1 second to 1 minute); the engine's
   * default is 5 s.
   */
  private Duration devicePollingInterval;

  /** Whether confidential clients need PKCE too (public clients always do). */
  private boolean requirePkce;

  /** Whether code_challenge_method=plain is accepted; RFC 9700 advises against it. */
  private boolean allowPlainPkce;

  /** Failed client authentications per client and address before it is refused; default 10. */
  private Integer clientFailureLimit;

  /** The window in which client-failure-limit failures are counted; default 1 minute. */
  private Duration clientFailureWindow;

  /** The scopes the metadata document advertises as scopes_supported. */
  private List<String> scopesSupported = new ArrayList<>();

  /**
   * The resources (RFC 8707) clients may ask tokens for, such as https://api.example/mcp; none by
   * default.
   */
  private List<String> resources = new ArrayList<>();

  /** The resource a token is bound to when the client names none; one of the resources. */
  private String defaultResource;

  private final Endpoints endpoints = new Endpoints();

  /** Which paths of the application need a bearer token. */
  private final ResourceServer resourceServer = new ResourceServer();

  /**
   * How access tokens are written: opaque (default) or jwt (RFC 9068, signed; needs
   * dev.proauth2:proauth2-jose).
   */
  private String accessTokenFormat = "opaque";

  /** How long a JWT access token lives; the engine's default is 5 minutes. */
  private Duration jwtAccessTokenTtl;

  /** Signing keys and the jwks_uri, with dev.proauth2:proauth2-jose. */
  private final Signing signing = new Signing();

  /** Signing keys and the jwks_uri (dev.proauth2:proauth2-jose). */
  public static class Signing {

    /** Whether the engine signs and serves /jwks; on by itself when access-token-format is jwt. */
    private boolean enabled;

    /** How often the managed signing keys rotate; each is published one period ahead. */
    private Duration keyRotation = Duration.ofDays(7);

    /** The algorithm of JWT access tokens: ES256 (default), RS256, PS256 or EdDSA. */
    private String accessTokenAlgorithm = "ES256";

    /**
     * The key-encryption key (base64 of 32 bytes) that seals private keys in a store outside the
     * process; else PROAUTH2_KEY_ENCRYPTION_KEY. Keep it with your other secrets.
     */
    private String keyEncryptionKey;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getKeyRotation() {
      return keyRotation;
    }

    public void setKeyRotation(Duration keyRotation) {
      this.keyRotation = keyRotation;
    }

    public String getAccessTokenAlgorithm() {
      return accessTokenAlgorithm;
    }

    public void setAccessTokenAlgorithm(String accessTokenAlgorithm) {
      this.accessTokenAlgorithm = accessTokenAlgorithm;
    }

    public String getKeyEncryptionKey() {
      return keyEncryptionKey;
    }

    public void setKeyEncryptionKey(String keyEncryptionKey) {
      this.keyEncryptionKey = keyEncryptionKey;
    }
  }

  public String getAccessTokenFormat() {
    return accessTokenFormat;
  }

  public void setAccessTokenFormat(String accessTokenFormat) {
    this.accessTokenFormat = accessTokenFormat;
  }

  public Duration getJwtAccessTokenTtl() {
    return jwtAccessTokenTtl;
  }

  public void setJwtAccessTokenTtl(Duration jwtAccessTokenTtl) {
    this.jwtAccessTokenTtl = jwtAccessTokenTtl;
  }

  public Signing getSigning() {
    return signing;
  }

  /** Whether every client must push its authorization requests (RFC 9126), as FAPI 2.0 asks. */
  private boolean requirePushedAuthorizationRequests;

  public boolean isRequirePushedAuthorizationRequests() {
    return requirePushedAuthorizationRequests;
  }

  public void setRequirePushedAuthorizationRequests(boolean requirePushedAuthorizationRequests) {
    this.requirePushedAuthorizationRequests = requirePushedAuthorizationRequests;
  }

  /** DPoP (RFC 9449), with dev.proauth2:proauth2-jose. */
  private final Dpop dpop = new Dpop();

  public Dpop getDpop() {
    return dpop;
  }

  /** DPoP (RFC 9449): sender-constrained tokens, with dev.proauth2:proauth2-jose. */
  public static class Dpop {

    /** Whether token requests with a DPoP proof get tokens bound to its key. */
    private boolean enabled;

    /** How far a proof's iat may be from the server's time; the engine's default is 60 s. */
    private Duration proofWindow;

    /** How often the server nonce changes; unset for proofs without nonces. */
    private Duration nonceLifetime;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getProofWindow() {
      return proofWindow;
    }

    public void setProofWindow(Duration proofWindow) {
      this.proofWindow = proofWindow;
    }

    public Duration getNonceLifetime() {
      return nonceLifetime;
    }

    public void setNonceLifetime(Duration nonceLifetime) {
      this.nonceLifetime = nonceLifetime;
    }
  }

  /** Clients identified by the URL of their Client ID Metadata Document (MCP clients). */
  private final ClientIdMetadataDocuments clientIdMetadataDocuments =
      new ClientIdMetadataDocuments();

  /** Clients that name themselves by the https URL of a Client ID Metadata Document. */
  public static class ClientIdMetadataDocuments {

    /** Whether such clients are accepted; off by default. */
    private boolean enabled;

    /** The scopes such a client may be granted, space-separated; none by default. */
    private String scopes;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getScopes() {
      return scopes;
    }

    public void setScopes(String scopes) {
      this.scopes = scopes;
    }
  }

  /** A client the application declares, as {@code proauth2.clients.<name>.*}. */
  public static class Client {

    /** The client id; the name under proauth2.clients when unset. */
    private String clientId;

    /** The secret in clear, 32 characters or more (such as openssl rand -base64 32). */
    private String clientSecret;

    /** The secret as its SHA-256, base64url without padding, instead of the secret in clear. */
    private String clientSecretSha256;

    /** The display name shown on the consent page; the client id when unset. */
    private String clientName;

    /**
     * The token_endpoint_auth_method: client_secret_basic (the default), client_secret_post,
     * private_key_jwt or none (a public client).
     */
    private String authMethod;

    /**
     * The grant types, such as authorization_code, refresh_token, client_credentials;
     * authorization_code and refresh_token when empty.
     */
    private List<String> grantTypes = new ArrayList<>();

    /** The scopes the client may ask for; none when empty. */
    private List<String> scopes = new ArrayList<>();

    /** The exact redirect URIs, for authorization_code. */
    private List<String> redirectUris = new ArrayList<>();

    /** The resources (RFC 8707) the client may ask tokens for; any the engine knows when empty. */
    private List<String> resources = new ArrayList<>();

    /** Whether the client is a resource server, which may introspect every token. */
    private boolean resourceServer;

    /** The client's public keys as a JSON Web Key Set, for private_key_jwt. */
    private String jwks;

    /** Where the client publishes its JSON Web Key Set, for private_key_jwt. */
    private String jwksUri;

    /** The format of this client's access tokens, opaque or jwt; unset, the engine's. */
    private String accessTokenFormat;

    public String getAccessTokenFormat() {
      return accessTokenFormat;
    }

    public void setAccessTokenFormat(String accessTokenFormat) {
      this.accessTokenFormat = accessTokenFormat;
    }

    public String getClientId() {
      return clientId;
    }

    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    public String getClientSecret() {
      return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
    }

    public String getClientSecretSha256() {
      return clientSecretSha256;
    }

    public void setClientSecretSha256(String clientSecretSha256) {
      this.clientSecretSha256 = clientSecretSha256;
    }

    public String getClientName() {
      return clientName;
    }

    public void setClientName(String clientName) {
      this.clientName = clientName;
    }

    public String getAuthMethod() {
      return authMethod;
    }

    public void setAuthMethod(String authMethod) {
      this.authMethod = authMethod;
    }

    public List<String> getGrantTypes() {
      return grantTypes;
    }

    public void setGrantTypes(List<String> grantTypes) {
      this.grantTypes = grantTypes;
    }

    public List<String> getScopes() {
      return scopes;
    }

    public void setScopes(List<String> scopes) {
      this.scopes = scopes;
    }

    public List<String> getRedirectUris() {
      return redirectUris;
    }

    public void setRedirectUris(List<String> redirectUris) {
      this.redirectUris = redirectUris;
    }

    public List<String> getResources() {
      return resources;
    }

    public void setResources(List<String> resources) {
      this.resources = resources;
    }

    public boolean isResourceServer() {
      return resourceServer;
    }

    public void setResourceServer(boolean resourceServer) {
      this.resourceServer = resourceServer;
    }

    public String getJwks() {
      return jwks;
    }

    public void setJwks(String jwks) {
      this.jwks = jwks;
    }

    public String getJwksUri() {
      return jwksUri;
    }

    public void setJwksUri(String jwksUri) {
      this.jwksUri = jwksUri;
    }

    /** Never the secret. */
    @Override
    public String toString() {
      return "Client[clientId=" + clientId + "]";
    }
  }

  /** The paths of the endpoints, relative to the issuer and the servlet context. */
  public static class Endpoints {
    /** The authorization endpoint. */
    private String authorization = "/authorize";

    /** The token endpoint. */
    private String token = "/token";

    /** Token introspection (RFC 7662); empty turns it off. */
    private String introspection = "/introspect";

    /** Token revocation (RFC 7009); empty turns it off. */
    private String revocation = "/revoke";

    /**
     * Dynamic client registration (RFC 7591), off unless set; bounded by the application's
     * RegistrationPolicy bean, or the default policy.
     */
    private String registration;

    /** Where the public signing keys are served (jwks_uri), when the engine signs. */
    private String jwks = "/jwks";

    /** The pushed authorization request endpoint (RFC 9126); blank for none. */
    private String pushedAuthorizationRequest = "/par";

    /** The device authorization endpoint (RFC 8628), where a device starts the device grant. */
    private String deviceAuthorization = "/device_authorization";

    /**
     * The device grant's verification page (verification_uri), where the signed-in user types the
     * device's code; the servlet draws it with the application's DevicePage bean, or a plain page.
     */
    private String deviceVerification = "/device";

    public String getDeviceAuthorization() {
      return deviceAuthorization;
    }

    public void setDeviceAuthorization(String deviceAuthorization) {
      this.deviceAuthorization = deviceAuthorization;
    }

    public String getDeviceVerification() {
      return deviceVerification;
    }

    public void setDeviceVerification(String deviceVerification) {
      this.deviceVerification = deviceVerification;
    }

    public String getPushedAuthorizationRequest() {
      return pushedAuthorizationRequest;
    }

    public void setPushedAuthorizationRequest(String pushedAuthorizationRequest) {
      this.pushedAuthorizationRequest = pushedAuthorizationRequest;
    }

    public String getJwks() {
      return jwks;
    }

    public void setJwks(String jwks) {
      this.jwks = jwks;
    }

    public String getAuthorization() {
      return authorization;
    }

    public void setAuthorization(String authorization) {
      this.authorization = authorization;
    }

    public String getToken() {
      return token;
    }

    public void setToken(String token) {
      this.token = token;
    }

    public String getIntrospection() {
      return introspection;
    }

    public void setIntrospection(String introspection) {
      this.introspection = introspection;
    }

    public String getRevocation() {
      return revocation;
    }

    public void setRevocation(String revocation) {
      this.revocation = revocation;
    }

    public String getRegistration() {
      return registration;
    }

    public void setRegistration(String registration) {
      this.registration = registration;
    }
  }

  /** The application's own APIs that proauth2's tokens protect. */
  public static class ResourceServer {
    /**
     * The paths that pass only with a live bearer token, such as /api/** or /api/* (a prefix), /me
     * (exact) or *.json; none by default.
     */
    private List<String> urlPatterns = new ArrayList<>();

    /**
     * The identifier of the API these patterns guard, one of proauth2.resources: when set, only
     * tokens issued for it pass, and its metadata (RFC 9728) is served at
     * /.well-known/oauth-protected-resource followed by its path.
     */
    private String resource;

    public List<String> getUrlPatterns() {
      return urlPatterns;
    }

    public void setUrlPatterns(List<String> urlPatterns) {
      this.urlPatterns = urlPatterns;
    }

    public String getResource() {
      return resource;
    }

    public void setResource(String resource) {
      this.resource = resource;
    }
  }

  public String getDatastore() {
    return datastore;
  }

  public void setDatastore(String datastore) {
    this.datastore = datastore;
  }

  public boolean isDiscoverListeners() {
    return discoverListeners;
  }

  public void setDiscoverListeners(boolean discoverListeners) {
    this.discoverListeners = discoverListeners;
  }

  public Map<String, Client> getClients() {
    return clients;
  }

  public void setClients(Map<String, Client> clients) {
    this.clients = clients;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public Duration getDeviceCodeTtl() {
    return deviceCodeTtl;
  }

  public void setDeviceCodeTtl(Duration deviceCodeTtl) {
    this.deviceCodeTtl = deviceCodeTtl;
  }

  public Duration getDevicePollingInterval() {
    return devicePollingInterval;
  }

  public void setDevicePollingInterval(Duration devicePollingInterval) {
    this.devicePollingInterval = devicePollingInterval;
  }

  public Duration getCodeTtl() {
    return codeTtl;
  }

  public void setCodeTtl(Duration codeTtl) {
    this.codeTtl = codeTtl;
  }

  public Duration getAccessTokenTtl() {
    return accessTokenTtl;
  }

  public void setAccessTokenTtl(Duration accessTokenTtl) {
    this.accessTokenTtl = accessTokenTtl;
  }

  public Duration getRefreshTokenTtl() {
    return refreshTokenTtl;
  }

  public void setRefreshTokenTtl(Duration refreshTokenTtl) {
    this.refreshTokenTtl = refreshTokenTtl;
  }

  public boolean isRequirePkce() {
    return requirePkce;
  }

  public void setRequirePkce(boolean requirePkce) {
    this.requirePkce = requirePkce;
  }

  public boolean isAllowPlainPkce() {
    return allowPlainPkce;
  }

  public void setAllowPlainPkce(boolean allowPlainPkce) {
    this.allowPlainPkce = allowPlainPkce;
  }

  public Integer getClientFailureLimit() {
    return clientFailureLimit;
  }

  public void setClientFailureLimit(Integer clientFailureLimit) {
    this.clientFailureLimit = clientFailureLimit;
  }

  public Duration getClientFailureWindow() {
    return clientFailureWindow;
  }

  public void setClientFailureWindow(Duration clientFailureWindow) {
    this.clientFailureWindow = clientFailureWindow;
  }

  public List<String> getScopesSupported() {
    return scopesSupported;
  }

  public void setScopesSupported(List<String> scopesSupported) {
    this.scopesSupported = scopesSupported;
  }

  public Endpoints getEndpoints() {
    return endpoints;
  }

  public List<String> getResources() {
    return resources;
  }

  public void setResources(List<String> resources) {
    this.resources = resources;
  }

  public String getDefaultResource() {
    return defaultResource;
  }

  public void setDefaultResource(String defaultResource) {
    this.defaultResource = defaultResource;
  }

  public ResourceServer getResourceServer() {
    return resourceServer;
  }

  public ClientIdMetadataDocuments getClientIdMetadataDocuments() {
    return clientIdMetadataDocuments;
  }
}

package dev.proauth2.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code proauth2.*} application properties: the store, the issuer and the engine's other
 * builder settings, and where the endpoints are served. Unset durations and limits keep the
 * engine's defaults, so the engine alone decides them.
 */
@ConfigurationProperties("proauth2")
public class Proauth2Properties {

  /** The DataStore config string, such as {@code memory:} or {@code redis://cache:6379/0}. */
  private String datastore;

  /** The issuer identifier (RFC 8414), such as {@code https://auth.example}. */
  private String issuer;

  /** How long an authorization code lives; the engine's default is 60 s. */
  private Duration codeTtl;

  /** How long an access token lives; the engine's default is 1 hour. */
  private Duration accessTokenTtl;

  /** How long a grant's refresh tokens live; the engine's default is 30 days. */
  private Duration refreshTokenTtl;

  /** Whether confidential clients need PKCE too (public clients always do). */
  private boolean requirePkce;

  /** Whether {@code code_challenge_method=plain} is accepted; RFC 9700 advises against it. */
  private boolean allowPlainPkce;

  /** Failed client authentications per client and address before it is refused; default 10. */
  private Integer clientFailureLimit;

  /** The window in which {@link #clientFailureLimit} failures are counted; default 1 minute. */
  private Duration clientFailureWindow;

  /** The scopes the metadata document advertises as {@code scopes_supported}. */
  private List<String> scopesSupported = new ArrayList<>();

  /**
   * The resources (RFC 8707) clients may ask tokens for, such as {@code https://api.example/mcp};
   * none by default.
   */
  private List<String> resources = new ArrayList<>();

  /** The resource a token is bound to when the client names none; one of the resources. */
  private String defaultResource;

  private final Endpoints endpoints = new Endpoints();

  /** Which paths of the application need a bearer token. */
  private final ResourceServer resourceServer = new ResourceServer();

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
     * Dynamic client registration (RFC 7591), off unless set; bounded by the application's {@code
     * RegistrationPolicy} bean, or the default policy.
     */
    private String registration;

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
     * Servlet URL patterns, such as {@code /api/*}, that pass only with a live bearer token; none
     * by default.
     */
    private List<String> urlPatterns = new ArrayList<>();

    /**
     * The identifier of the API these patterns guard, one of {@code proauth2.resources}: when set,
     * only tokens issued for it pass, and its metadata (RFC 9728) is served at {@code
     * /.well-known/oauth-protected-resource} followed by its path.
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

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
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

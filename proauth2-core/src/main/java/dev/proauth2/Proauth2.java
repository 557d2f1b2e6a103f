package dev.proauth2;

import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The OAuth 2.0 authorization server engine: registers clients, issues codes, exchanges them for
 * tokens, checks and revokes tokens. One instance per application; it is thread-safe.
 *
 * <pre>{@code
 * try (Proauth2 oauth = Proauth2.open("memory:")) {
 *   ClientRegistration app = oauth.registerApp("my app", "https://app.example/cb");
 *   ...
 * }
 * }</pre>
 *
 * <p>Every method checks its input and throws {@link Proauth2Exception} with the RFC error code
 * that fits; a failed call leaves nothing behind.
 */
public final class Proauth2 implements AutoCloseable {

  /** The environment variable {@link #open()} reads. */
  public static final String DATASTORE_ENV = "PROAUTH2_DATASTORE";

  /** The system property {@link #open()} reads first. */
  public static final String DATASTORE_PROPERTY = "proauth2.datastore";

  private final CheckedDataStore store;
  private final boolean ownsStore;
  private final ClientAuthMethods methods;
  private final Clients clients;
  private final Authorizations authorizations;
  private final Tokens tokens;
  private final CodeGrant codeGrant;
  private final RefreshGrant refreshGrant;
  private final ClientCredentialsGrant clientCredentialsGrant;
  private final Revocations revocations;
  private final Policy policy;

  private Proauth2(DataStore plugin, boolean ownsStore, boolean rechecksExpiry, Policy policy) {
    this.store = new CheckedDataStore(plugin, policy.clock(), rechecksExpiry);
    this.ownsStore = ownsStore;
    this.policy = policy;
    this.methods = ClientAuthMethods.load();
    this.clients = new Clients(store, methods, policy);
    this.authorizations = new Authorizations(store, clients, policy);
    this.tokens = new Tokens(store, policy);
    this.codeGrant = new CodeGrant(store, tokens, policy);
    this.refreshGrant = new RefreshGrant(store, tokens, policy);
    this.clientCredentialsGrant = new ClientCredentialsGrant(store, tokens, policy);
    this.revocations = new Revocations(tokens);
  }

  /**
   * Opens an engine on the store named by the system property {@code proauth2.datastore} or, when
   * it is not set, the environment variable {@code PROAUTH2_DATASTORE}.
   *
   * @throws Proauth2Exception {@code server_error} when neither is set, saying how to set one
   */
  public static Proauth2 open() {
    String uri = System.getProperty(DATASTORE_PROPERTY);
    if (uri == null || uri.isBlank()) {
      uri = System.getenv(DATASTORE_ENV);
    }
    if (uri == null || uri.isBlank()) {
      throw new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          "No DataStore is configured. Set the environment variable "
              + DATASTORE_ENV
              + " or the system property "
              + DATASTORE_PROPERTY
              + " to a config string such as 'memory:' or 'redis://localhost:6379/0', or call"
              + " Proauth2.open(String).");
    }
    return open(uri);
  }

  /** Opens an engine with default settings on the store a config string names. */
  public static Proauth2 open(String dataStoreUri) {
    return builder().dataStore(dataStoreUri).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers a confidential client with one redirect URI, authenticating with {@code
   * client_secret_basic}.
   *
   * @return the registration, with the client secret shown this once
   */
  public ClientRegistration registerApp(String name, String redirectUri) {
    return registerApp(RegistrationRequest.builder(name).redirectUri(redirectUri).build());
  }

  /** Registers a client as the request describes. */
  public ClientRegistration registerApp(RegistrationRequest request) {
    return clients.register(Inputs.required(request, "request"));
  }

  /**
   * Issues an authorization code after the host has authenticated the user and obtained consent.
   *
   * @throws AuthorizationError for an error to redirect to the client, with its {@code state}
   * @throws Proauth2Exception for an error the host must show instead: the client or redirect URI
   *     could not be confirmed
   */
  public AuthorizationCode requestAuthorization(AuthorizationRequest request) {
    return authorizations.authorize(Inputs.required(request, "request"));
  }

  /**
   * Runs every check of {@link #requestAuthorization} without issuing a code, for the host to call
   * before it asks the user for consent; the user id is not needed yet.
   *
   * @return what the user is asked to grant
   * @throws AuthorizationError for an error to redirect to the client
   * @throws Proauth2Exception for an error the host must show instead (unknown client, redirect URI
   *     not registered)
   */
  public ValidatedAuthorization checkAuthorization(AuthorizationRequest request) {
    return authorizations.check(Inputs.required(request, "request"));
  }

  /** The short form of {@link #requestAuthorization(AuthorizationRequest)}, without PKCE. */
  public AuthorizationCode requestAuthorization(
      String clientId, String userId, String responseType, String redirectUri) {
    return requestAuthorization(
        AuthorizationRequest.builder()
            .clientId(clientId)
            .userId(userId)
            .responseType(responseType)
            .redirectUri(redirectUri)
            .build());
  }

  /**
   * Answers a token request: authenticates the client, then runs its grant.
   *
   * @throws Proauth2Exception {@code invalid_client}, {@code invalid_grant}, {@code
   *     unsupported_grant_type}, {@code unauthorized_client}, {@code invalid_scope}, ...
   */
  public TokenResponse requestAccessToken(TokenRequest request) {
    Inputs.required(request, "request");
    String grantType = checkGrantType(request.grantType());
    return grant(
        grantType,
        clients.authenticate(Clients.direct(request.clientId(), request.clientSecret())),
        request);
  }

  /** The short form: redeems a code with {@code grantType} {@code authorization_code}. */
  public TokenResponse requestAccessToken(
      String clientId, String clientSecret, String code, String grantType) {
    return requestAccessToken(
        new TokenRequest(grantType, clientId, clientSecret, code, null, null, null, null));
  }

  /**
   * Answers a token request whose client credentials a {@code ClientAuthMethod} extracted from an
   * HTTP request; the endpoint helpers use this.
   */
  public TokenResponse requestAccessToken(ClientCredentials credentials, TokenRequest request) {
    Inputs.required(credentials, "credentials");
    String grantType = checkGrantType(Inputs.required(request, "request").grantType());
    return grant(grantType, clients.authenticate(credentials), request);
  }

  /**
   * Checks an access token, as a resource server does on every request: one key lookup.
   *
   * @return the id of the user the token was issued for (for client credentials, the client id)
   * @throws Proauth2Exception {@code invalid_token} when it is unknown, expired or revoked
   */
  public String authenticateToken(String accessToken) {
    return tokens
        .findAccess(accessToken)
        .flatMap(record -> record.string(Table.USER_ID))
        .orElseThrow(Tokens::invalidToken);
  }

  /**
   * Tells what an access or refresh token is (RFC 7662). Anything not currently valid is {@link
   * TokenInfo#inactive()}.
   */
  public TokenInfo introspect(String token) {
    Optional<Record> access = tokens.findAccess(token);
    if (access.isPresent()) {
      return info(access.get(), Tokens.BEARER);
    }
    return tokens
        .findRefresh(token)
        .map(r -> info(r, "refresh_token"))
        .orElse(TokenInfo.inactive());
  }

  /**
   * Revokes a token (RFC 7009) on the host's own authority: an access token alone, or a refresh
   * token with every token of its grant. Unknown, expired and already revoked tokens are ignored,
   * as the RFC asks.
   *
   * @throws Proauth2Exception {@code invalid_request} when the token is missing or over-long
   */
  public void revokeToken(String token) {
    revocations.revoke(null, token, null);
  }

  /**
   * Revokes a token for the client that authenticated at the revocation endpoint (RFC 7009): only
   * the client it was issued to may revoke it.
   *
   * @param credentials what the client presented, as a {@code ClientAuthMethod} extracted it
   * @param token the token
   * @param tokenTypeHint {@code access_token}, {@code refresh_token}, another value (ignored) or
   *     {@code null}
   * @throws Proauth2Exception {@code invalid_client} when authentication fails, {@code
   *     unauthorized_client} when the token belongs to another client
   */
  public void revokeToken(ClientCredentials credentials, String token, String tokenTypeHint) {
    Record client = clients.authenticate(Inputs.required(credentials, "credentials"));
    revocations.revoke(client.string(Table.CLIENT_ID).orElseThrow(), token, tokenTypeHint);
  }

  /**
   * Introspects a token for a client that authenticated at the introspection endpoint (RFC 7662
   * section 2.1 requires the caller to authenticate).
   *
   * @throws Proauth2Exception {@code invalid_client} when authentication fails
   */
  public TokenInfo introspect(ClientCredentials credentials, String token) {
    clients.authenticate(Inputs.required(credentials, "credentials"));
    return introspect(token);
  }

  /**
   * Revokes every code and token issued for a user, for "sign me out everywhere".
   *
   * @return how many codes and tokens were revoked
   */
  public long revokeAll(String userId) {
    return tokens.revokeAllBy(Table.USER_ID, Inputs.userId(userId));
  }

  /**
   * Deletes a client and revokes everything it holds.
   *
   * @return whether the client existed
   */
  public boolean deleteApp(String clientId) {
    return clients.delete(clientId, tokens);
  }

  /**
   * Gives a confidential client a new secret, returned this once; the old one stops working.
   *
   * @throws Proauth2Exception {@code invalid_request} for an unknown or public client
   */
  public ClientRegistration rotateSecret(String clientId) {
    return clients.rotateSecret(clientId);
  }

  /**
   * Looks up a registered client, without its secret.
   *
   * @return the registration, or empty for an unknown client id
   */
  public Optional<ClientRegistration> findApp(String clientId) {
    Inputs.clientId(clientId, Proauth2Exception.INVALID_REQUEST);
    return store
        .fetch(Table.APPLICATIONS, clientId)
        .map(record -> Clients.registration(record, null));
  }

  /** The names of the installed client authentication methods. */
  public List<String> clientAuthMethods() {
    return methods.names();
  }

  /** The installed client authentication methods, for endpoint helpers. */
  public ClientAuthMethods authMethods() {
    return methods;
  }

  /** The PKCE methods this engine accepts: {@code S256}, and {@code plain} when enabled. */
  public List<String> codeChallengeMethods() {
    return policy.allowPlainPkce() ? List.of(Pkce.S256, Pkce.PLAIN) : List.of(Pkce.S256);
  }

  /** The issuer identifier given to the builder, if any. */
  public Optional<String> issuer() {
    return Optional.ofNullable(policy.issuer());
  }

  /**
   * Closes the store if this engine opened it from a config string; later calls throw {@link
   * IllegalStateException}.
   */
  @Override
  public void close() {
    if (ownsStore) {
      store.close();
    } else {
      store.detach();
    }
  }

  private TokenResponse grant(String grantType, Record client, TokenRequest request) {
    Clients.requireGrant(client, grantType);
    switch (grantType) {
      case TokenRequest.AUTHORIZATION_CODE:
        return codeGrant.redeem(client, request);
      case TokenRequest.REFRESH_TOKEN:
        return refreshGrant.refresh(client, request);
      default:
        return clientCredentialsGrant.issue(client, request);
    }
  }

  private static String checkGrantType(String grantType) {
    if (grantType == null || grantType.isEmpty()) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, "grant_type is missing");
    }
    if (Clients.GRANT_TYPES.contains(grantType)) {
      return grantType;
    }
    if (grantType.equals("password")) {
      throw new Proauth2Exception(
          Proauth2Exception.UNSUPPORTED_GRANT_TYPE,
          "the password grant is not offered (OAuth 2.1, RFC 9700 section 2.4); use"
              + " authorization_code with PKCE");
    }
    throw new Proauth2Exception(
        Proauth2Exception.UNSUPPORTED_GRANT_TYPE,
        "grant_type must be authorization_code, refresh_token or client_credentials");
  }

  private static TokenInfo info(Record record, String tokenType) {
    return new TokenInfo(
        true,
        record.string(Table.SCOPE).orElse(null),
        record.string(Table.CLIENT_ID).orElse(null),
        record.string(Table.USER_ID).orElse(null),
        tokenType,
        record.number(Table.EXPIRES_AT).orElse(0) / 1000,
        record.number(Table.ISSUED_AT).orElse(0) / 1000);
  }

  /** Builds a {@link Proauth2}; only the store is required. */
  public static final class Builder {

    static final Duration MAX_CODE_TTL = Duration.ofMinutes(10);

    private DataStore store;
    private String storeUri;
    private Clock clock = Clock.systemUTC();
    private Duration codeTtl = Duration.ofSeconds(60);
    private Duration accessTokenTtl = Duration.ofHours(1);
    private Duration refreshTokenTtl = Duration.ofDays(30);
    private String issuer;
    private boolean requirePkce;
    private boolean allowPlainPkce;
    private int clientFailureLimit = 10;
    private Duration clientFailureWindow = Duration.ofMinutes(1);

    private Builder() {}

    /** Uses the store this config string names; the engine closes it. */
    public Builder dataStore(String uri) {
      this.storeUri = Inputs.setting(uri, "dataStore uri");
      this.store = null;
      return this;
    }

    /** Uses a store the caller opened and will close. */
    public Builder dataStore(DataStore store) {
      this.store = Inputs.setting(store, "dataStore");
      this.storeUri = null;
      return this;
    }

    /** The clock for every issue and expiry time; tests inject a fixed or moving one. */
    public Builder clock(Clock clock) {
      this.clock = Inputs.setting(clock, "clock");
      return this;
    }

    /** How long a code lives, 1 second to 10 minutes (RFC 6749 section 4.1.2); default 60 s. */
    public Builder codeTtl(Duration ttl) {
      this.codeTtl = checkTtl(ttl, "codeTtl", MAX_CODE_TTL);
      return this;
    }

    /** How long an access token lives; default 1 hour. */
    public Builder accessTokenTtl(Duration ttl) {
      this.accessTokenTtl = checkTtl(ttl, "accessTokenTtl", Duration.ofDays(1));
      return this;
    }

    /** How long a grant's refresh tokens live, counted from the first; default 30 days. */
    public Builder refreshTokenTtl(Duration ttl) {
      this.refreshTokenTtl = checkTtl(ttl, "refreshTokenTtl", Duration.ofDays(365));
      return this;
    }

    /**
     * The issuer identifier (RFC 8414), such as {@code https://auth.example}; when set, it is added
     * as {@code iss} to every authorization response (RFC 9207).
     */
    public Builder issuer(String issuer) {
      this.issuer = issuer == null ? null : RedirectUris.checkIssuer(issuer);
      return this;
    }

    /** Requires PKCE of confidential clients too; public clients always need it. */
    public Builder requirePkce(boolean requirePkce) {
      this.requirePkce = requirePkce;
      return this;
    }

    /** Accepts {@code code_challenge_method=plain}; off by default, as RFC 9700 advises. */
    public Builder allowPlainPkce(boolean allowPlainPkce) {
      this.allowPlainPkce = allowPlainPkce;
      return this;
    }

    /**
     * Limits failed client authentications: after {@code limit} failures of one client within
     * {@code window}, it is refused until the window passes; default 10 per minute. Counts are kept
     * per engine instance.
     */
    public Builder clientFailureLimit(int limit, Duration window) {
      if (limit < 1 || limit > 1_000_000) {
        throw new Proauth2Exception(
            Proauth2Exception.SERVER_ERROR,
            "clientFailureLimit must be 1 to 1000000; got " + limit);
      }
      this.clientFailureWindow = checkTtl(window, "clientFailureLimit window", Duration.ofDays(1));
      this.clientFailureLimit = limit;
      return this;
    }

    /**
     * Builds the engine.
     *
     * @throws Proauth2Exception {@code server_error} when no store is set or it cannot be opened
     */
    public Proauth2 build() {
      Policy policy =
          new Policy(
              clock,
              codeTtl,
              accessTokenTtl,
              refreshTokenTtl,
              issuer,
              requirePkce,
              allowPlainPkce,
              clientFailureLimit,
              clientFailureWindow);
      if (store != null) {
        // A store handed in may judge expiry by the wall clock; an injected clock may disagree.
        return new Proauth2(store, false, policy.rechecksExpiry(), policy);
      }
      if (storeUri == null) {
        throw new Proauth2Exception(
            Proauth2Exception.SERVER_ERROR,
            "no DataStore: call dataStore(\"memory:\") or dataStore(DataStore) on the builder");
      }
      DataStore opened = DataStores.open(storeUri, clock);
      try {
        return new Proauth2(opened, true, false, policy);
      } catch (RuntimeException e) {
        opened.close();
        throw e;
      }
    }

    private static Duration checkTtl(Duration ttl, String name, Duration max) {
      Inputs.setting(ttl, name);
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(max) > 0) {
        throw new Proauth2Exception(
            Proauth2Exception.SERVER_ERROR,
            name + " must be between 1 second and " + max + "; got " + ttl);
      }
      return ttl;
    }
  }
}

package dev.proauth2;

import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.ExtensionGrant;
import dev.proauth2.spi.GrantRequest;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Proauth2Listener;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.SecretKey;

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
 * <p>Two kinds of errors: what a client sent wrong (a missing code, a malformed scope, a wrong
 * verifier, even a {@code null} value inside a request) is a {@link Proauth2Exception} with the RFC
 * error code that fits, and a failed call leaves nothing behind. What the calling program got wrong
 * is a {@link NullPointerException} for a {@code null} request object or other required argument,
 * an {@link IllegalArgumentException} for a builder setting out of range, and an {@link
 * IllegalStateException} for a call on a closed engine.
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
  private final Events events;
  private final Capabilities capabilities;
  private final TokenSigner signer;
  private final ExtensionGrantRunner extensionGrants;
  private final Map<String, Object> metadata;
  private final PushedRequests pushedRequests;
  private final DPoPChecks dpop;
  private final DeviceAuthorizations deviceAuthorizations;
  private final DeviceGrant deviceGrant;

  /** Where the engine's store came from, which decides who closes it and who judges expiry. */
  private enum StoreOrigin {
    /** Opened from a config string with the engine's clock: the engine closes it. */
    OPENED,
    /** Handed in by the host, who closes it; it may judge expiry by another clock. */
    HANDED_IN
  }

  private Proauth2(
      Builder builder,
      DataStore plugin,
      StoreOrigin origin,
      ClientAuthMethods methods,
      Events events,
      ExtensionGrants grants) {
    this.policy = new Policy(builder);
    // A store handed in may judge expiry by the wall clock; an injected clock may disagree.
    boolean rechecksExpiry = origin == StoreOrigin.HANDED_IN && policy.rechecksExpiry();
    this.store = new CheckedDataStore(plugin, policy.clock(), rechecksExpiry);
    this.ownsStore = origin == StoreOrigin.OPENED;
    this.methods = methods;
    this.events = events;
    PolicyFetcher fetcher =
        new PolicyFetcher(
            policy.issuer(),
            policy.fetchTimeout(),
            builder.fetchTls,
            (url, failure) -> events.outboundFetchFailed(policy.instant(), url, failure));
    this.clients =
        new Clients(
            store,
            methods,
            policy,
            events,
            fetcher,
            policy.clientIdMetadataDocuments(),
            grants.types());
    this.capabilities =
        new Capabilities(
            methods.names(),
            methods.signingAlgorithms(),
            policy.allowPlainPkce()
                ? List.of(CodeChallengeMethod.S256, CodeChallengeMethod.PLAIN)
                : List.of(CodeChallengeMethod.S256),
            policy.resources(),
            policy.clientIdMetadataDocuments() != null,
            grants.types(),
            policy.requirePushedAuthorizationRequests(),
            builder.dpopVerifier == null ? List.of() : builder.dpopVerifier.algorithms());
    this.authorizations = new Authorizations(store, clients, policy, events);
    this.pushedRequests = new PushedRequests(store, policy);
    this.tokens = new Tokens(store, policy, builder.signer);
    ResponseExtensions extensions = new ResponseExtensions(builder.responseExtensions, policy);
    this.dpop =
        new DPoPChecks(
            store,
            policy,
            builder.dpopVerifier,
            policy.dpopNonceLifetime() == null
                ? null
                : new DPoPNonces(policy, builder.resolvedKeyEncryptionKey().orElse(null)));
    this.tokens.useDpop(dpop);
    this.codeGrant = new CodeGrant(store, tokens, policy, events, extensions);
    this.refreshGrant = new RefreshGrant(store, tokens, policy, events, extensions);
    this.clientCredentialsGrant = new ClientCredentialsGrant(store, tokens, policy, events);
    this.revocations = new Revocations(tokens, policy, events);
    this.extensionGrants = new ExtensionGrantRunner(store, tokens, policy, events, grants);
    this.deviceAuthorizations = new DeviceAuthorizations(store, policy);
    this.deviceGrant = new DeviceGrant(store, tokens, policy, events);
    this.signer = builder.signer;
    this.metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.metadata));
    if (signer != null) {
      try {
        signer.start(
            new SigningContext(
                store,
                policy.clock(),
                policy.issuer(),
                policy.accessTokenTtl(AccessTokenFormat.JWT),
                builder.resolvedKeyEncryptionKey(),
                store.inProcess()));
      } catch (RuntimeException e) {
        events.close();
        throw e;
      }
    }
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
    Objects.requireNonNull(request, "request");
    return observed("register", null, () -> clients.register(request));
  }

  /**
   * Registers a client under an id and secret the host chose, or brings the client registered under
   * that id to what the request says: its name, grants, scopes, redirect URIs, method, keys and
   * secret. Applying the same declaration again writes nothing, so a host may apply the clients of
   * its configuration at every start; tokens already issued to an updated client stay valid until
   * they expire or are revoked.
   *
   * @param clientId the client id, visible ASCII, at most 256 characters
   * @param secret the client's secret, in clear or hashed; {@code null} for a client whose method
   *     uses none ({@code none}, {@code private_key_jwt})
   * @return the registration as stored, without the secret
   * @throws Proauth2Exception {@code invalid_client_metadata} or {@code invalid_redirect_uri} for a
   *     request {@link #registerApp(RegistrationRequest)} refuses; nothing is written then
   * @throws IllegalArgumentException when the secret is missing for a method that needs one, given
   *     for one that uses none, the request has a lifetime, or the id is an https URL while Client
   *     ID Metadata Documents are accepted
   */
  public ClientRegistration applyApp(
      String clientId, ClientSecret secret, RegistrationRequest request) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(request, "request");
    return observed("apply_client", null, () -> clients.apply(clientId, secret, request));
  }

  /**
   * Issues an authorization code after the host has authenticated the user and obtained consent.
   *
   * @throws AuthorizationError for an error to redirect to the client, with its {@code state}
   * @throws Proauth2Exception for an error the host must show instead: the client or redirect URI
   *     could not be confirmed
   * @throws NullPointerException when the request or its user id is {@code null}: the user id comes
   *     from the host's own login, never from the client
   */
  public AuthorizationCode requestAuthorization(AuthorizationRequest request) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(request.userId(), "userId");
    return observed("authorize", null, () -> authorizations.authorize(request));
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
    return authorizations.check(Objects.requireNonNull(request, "request"));
  }

  /**
   * Takes a pushed authorization request (RFC 9126) from a client that authenticated as at the
   * token endpoint (a public client by its {@code client_id}), runs every check of {@link
   * #checkAuthorization}, and keeps it for the client to use once, by the returned {@code
   * request_uri}, at the authorization endpoint. Every error goes back to the client directly.
   *
   * @param request the request as pushed; its user id is ignored, its client id must be the one
   *     that authenticated or {@code null}
   * @throws Proauth2Exception {@code invalid_client} when authentication fails, or any error of
   *     {@link #checkAuthorization}; nothing is stored then
   */
  public PushedAuthorization pushAuthorizationRequest(
      ClientCredentials credentials, AuthorizationRequest request) {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(request, "request");
    return observed(
        "push_authorization",
        null,
        () -> {
          String clientId = clients.authenticate(credentials).string(Table.CLIENT_ID).orElseThrow();
          if (request.clientId() != null && !request.clientId().equals(clientId)) {
            throw new Proauth2Exception(
                Proauth2Exception.INVALID_REQUEST,
                "client_id differs from the client that authenticated");
          }
          AuthorizationRequest own =
              new AuthorizationRequest(
                  clientId,
                  null,
                  request.responseType(),
                  request.redirectUri(),
                  request.scope(),
                  request.state(),
                  request.codeChallenge(),
                  request.codeChallengeMethod(),
                  request.resources(),
                  request.openId(),
                  SignIn.unknown(),
                  request.dpopJkt());
          authorizations.check(own, true);
          return pushedRequests.push(clientId, own);
        });
  }

  /**
   * Runs every check of {@link #checkAuthorization} on the request a {@code request_uri} stands
   * for, without using it up: the host calls this before it asks the user for consent.
   *
   * @throws Proauth2Exception {@code invalid_request_uri} when the {@code request_uri} is unknown,
   *     expired, used, or pushed by another client; the host shows it and does not redirect
   */
  public ValidatedAuthorization checkPushedAuthorization(String clientId, String requestUri) {
    return authorizations.check(pushedRequests.find(clientId, requestUri), true);
  }

  /**
   * Uses a {@code request_uri} up and issues a code for the request it stands for, after the host
   * has authenticated the user and obtained consent. Of two calls with one {@code request_uri},
   * exactly one succeeds.
   *
   * @throws Proauth2Exception {@code invalid_request_uri} as for {@link #checkPushedAuthorization}
   * @throws AuthorizationError for an error to redirect to the client
   * @throws NullPointerException when {@code userId} is {@code null}
   */
  public AuthorizationCode requestPushedAuthorization(
      String clientId, String requestUri, String userId) {
    return requestPushedAuthorization(clientId, requestUri, userId, SignIn.unknown());
  }

  /**
   * As {@link #requestPushedAuthorization(String, String, String)}, with what the host says of the
   * user's sign-in, for the ID token of an OpenID Connect request ({@code auth_time}, {@code acr},
   * {@code amr}); a request with {@code max_age} needs the sign-in's time.
   */
  public AuthorizationCode requestPushedAuthorization(
      String clientId, String requestUri, String userId, SignIn signIn) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(signIn, "signIn");
    return observed(
        "authorize",
        null,
        () -> {
          AuthorizationRequest pushed = pushedRequests.use(clientId, requestUri);
          return authorizations.authorize(
              new AuthorizationRequest(
                  pushed.clientId(),
                  userId,
                  pushed.responseType(),
                  pushed.redirectUri(),
                  pushed.scope(),
                  pushed.state(),
                  pushed.codeChallenge(),
                  pushed.codeChallengeMethod(),
                  pushed.resources(),
                  pushed.openId(),
                  signIn,
                  pushed.dpopJkt()),
              true);
        });
  }

  /**
   * The short form of {@link #requestAuthorization(AuthorizationRequest)}, without PKCE.
   *
   * @throws NullPointerException when {@code userId} is {@code null}
   */
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
   *     unauthorized_client}, {@code invalid_scope}, {@code invalid_request}, ...
   */
  public TokenResponse requestAccessToken(TokenRequest request) {
    Objects.requireNonNull(request, "request");
    return observed(
        "token",
        request.grantType().value(),
        () ->
            grant(
                clients.authenticate(Clients.direct(request.clientId(), request.clientSecret())),
                request));
  }

  /**
   * Answers a token request that came with a DPoP proof (RFC 9449 section 5): the proof is checked
   * and used up, and the tokens are bound to its key ({@code token_type: DPoP}); {@code null} for a
   * request without a proof, which is {@link #requestAccessToken(ClientCredentials, TokenRequest)}.
   *
   * @throws Proauth2Exception {@code invalid_dpop_proof} when the proof fails a check, is missing
   *     for a client registered with {@code dpop_bound_access_tokens}, or is by another key than
   *     the code's {@code dpop_jkt} or the refresh token's; {@link DPoPNonceRequired} ({@code
   *     use_dpop_nonce}) when the engine asks for nonces and the proof lacks the current one
   */
  public TokenResponse requestAccessToken(
      ClientCredentials credentials, TokenRequest request, DPoPRequest proof) {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(request, "request");
    return observed(
        "token",
        request.grantType().value(),
        () -> {
          Record client = clients.authenticate(credentials);
          return grant(client, request, dpop.bindingFor(client, proof));
        });
  }

  /**
   * Checks an access token sent with {@code Authorization: DPoP} and its proof, or with {@code
   * Bearer} ({@code proof} {@code null}): a token bound to a DPoP key is accepted only with a proof
   * by that key over this request's method and URL and this token ({@code ath}); an unbound one
   * only without a proof. With a resource, as {@link #authenticateToken(String, String)}.
   *
   * @param resource the resource's identifier, or {@code null} for an API that names none
   * @throws Proauth2Exception {@code invalid_token} for a token that is unknown, expired, revoked,
   *     not for this resource, or sent with the wrong scheme; {@code invalid_dpop_proof} or {@link
   *     DPoPNonceRequired} for a proof that fails
   */
  public TokenSubject authenticateToken(String accessToken, String resource, DPoPRequest proof) {
    return observed("authenticate_token", null, () -> tokens.subject(accessToken, resource, proof));
  }

  /**
   * The nonce to send in a {@code DPoP-Nonce} header (RFC 9449 section 8), when the engine asks
   * DPoP proofs for nonces ({@link Builder#dpopNonces}); empty otherwise.
   */
  public Optional<String> dpopNonce() {
    return dpop.nonce();
  }

  /**
   * The short form, as the original module has it: redeems a code without PKCE or redirect URI. It
   * redeems codes only (the other grants take a {@link TokenRequest}), so it takes no grant type.
   */
  public TokenResponse requestAccessToken(String clientId, String clientSecret, String code) {
    return requestAccessToken(
        TokenRequest.authorizationCode(clientId, clientSecret, code, null, null));
  }

  /**
   * Answers a token request whose client credentials a {@code ClientAuthMethod} extracted from an
   * HTTP request; the endpoint helpers use this. The request's own client id and secret are not
   * used.
   */
  public TokenResponse requestAccessToken(ClientCredentials credentials, TokenRequest request) {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(request, "request");
    return observed(
        "token",
        request.grantType().value(),
        () -> grant(clients.authenticate(credentials), request));
  }

  /**
   * Answers a token request of an extension grant (RFC 6749 section 4.5), such as token exchange:
   * authenticates the client, then runs the installed grant its {@code grant_type} names.
   *
   * @param clientSecret the client's secret, or {@code null} for a public client
   * @throws Proauth2Exception {@code unsupported_grant_type} when no installed grant answers it,
   *     {@code unauthorized_client} when the client is not registered for it, and the grant's own
   *     errors
   */
  public TokenResponse requestExtensionGrant(
      String clientId, String clientSecret, GrantRequest request) {
    Objects.requireNonNull(request, "request");
    return requestExtensionGrant(Clients.direct(clientId, clientSecret), request);
  }

  /**
   * Answers a token request of an extension grant whose client credentials a {@code
   * ClientAuthMethod} extracted from an HTTP request; the endpoint helpers use this.
   */
  public TokenResponse requestExtensionGrant(ClientCredentials credentials, GrantRequest request) {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(request, "request");
    return observed(
        "token",
        request.grantType(),
        () -> {
          Record client = clients.authenticate(credentials);
          TokenResponse issued = extensionGrants.run(client, request);
          clients.markUsed(client);
          return issued;
        });
  }

  /**
   * Starts a device authorization (RFC 8628 section 3.1): authenticates the client as the token
   * endpoint does (a public client too) and answers with a device code and a user code.
   *
   * @param clientSecret the client's secret, or {@code null} for a public client
   * @param scope the scope asked for, or {@code null}
   * @throws Proauth2Exception {@code invalid_client}, {@code unauthorized_client} when the client
   *     is not registered for the device grant, {@code invalid_scope}, {@code invalid_target}
   */
  public DeviceAuthorization requestDeviceAuthorization(
      String clientId, String clientSecret, String scope) {
    return requestDeviceAuthorization(Clients.direct(clientId, clientSecret), scope, List.of());
  }

  /**
   * Starts a device authorization whose client credentials a {@code ClientAuthMethod} extracted
   * from an HTTP request, for these resources (RFC 8707); the endpoint helpers use this.
   */
  public DeviceAuthorization requestDeviceAuthorization(
      ClientCredentials credentials, String scope, List<String> resources) {
    Objects.requireNonNull(credentials, "credentials");
    List<String> named = Resources.copy(resources);
    return observed(
        "device_authorization",
        GrantType.DEVICE_CODE.value(),
        () -> deviceAuthorizations.start(clients.authenticate(credentials), scope, named));
  }

  /**
   * The pending device authorization a user typed the code of, for the host's verification page
   * (RFC 8628 section 3.3). Wrong codes are counted per source and over all sources; past the
   * bound, every code is refused for a while.
   *
   * @param source where the user's request came from (its network address), or {@code null}
   * @throws Proauth2Exception {@code invalid_request} for a code that cannot be a user code, {@code
   *     invalid_grant} for an unknown, expired or decided one, {@code temporarily_unavailable} when
   *     too many wrong codes were entered
   */
  public DeviceRequest findDeviceRequest(String userCode, String source) {
    return deviceAuthorizations.find(userCode, source);
  }

  /**
   * Approves a device authorization for a signed-in user, after the host showed it and the user
   * consented; the device's next poll gets tokens for this user. Only the first decision counts.
   *
   * @throws Proauth2Exception as {@link #findDeviceRequest}
   */
  public void approveDevice(String userCode, String userId, String source) {
    Objects.requireNonNull(userId, "userId");
    deviceAuthorizations.decide(userCode, userId, source);
  }

  /**
   * Denies a device authorization; the device's next poll is {@code access_denied}.
   *
   * @throws Proauth2Exception as {@link #findDeviceRequest}
   */
  public void denyDevice(String userCode, String source) {
    deviceAuthorizations.decide(userCode, null, source);
  }

  /**
   * Checks an access token, as a resource server does on every request: one key lookup. This is the
   * check for an API that names no resource: it accepts only tokens issued for none. A token bound
   * to resources (RFC 8707) is accepted only by {@link #authenticateToken(String, String)} naming
   * one of them, so an API that receives its users' tokens (an MCP server, say) cannot replay them
   * here.
   *
   * @return who the token speaks for: a user through a client, or a client for itself ({@link
   *     TokenSubject#isClient()}, from {@code client_credentials})
   * @throws Proauth2Exception {@code invalid_token} when it is unknown, expired or revoked
   */
  public TokenSubject authenticateToken(String accessToken) {
    if (!events.enabled()) {
      return tokens.subject(accessToken); // the hot path, with nothing to tell
    }
    return observed("authenticate_token", null, () -> tokens.subject(accessToken));
  }

  /**
   * Checks an access token at a resource that requires tokens bound to it (RFC 8707), such as an
   * MCP server: the token must have been issued for {@code resource}. A token for another resource,
   * or for none in particular, is refused, so a token a client got for one API cannot be replayed
   * at another.
   *
   * @param resource the resource's identifier, as given to {@link Builder#resource}
   * @throws Proauth2Exception {@code invalid_token} when the token is unknown, expired, revoked or
   *     not for this resource
   * @throws NullPointerException when {@code resource} is {@code null}
   */
  public TokenSubject authenticateToken(String accessToken, String resource) {
    Objects.requireNonNull(resource, "resource");
    if (!events.enabled()) {
      return tokens.subject(accessToken, resource);
    }
    return observed("authenticate_token", null, () -> tokens.subject(accessToken, resource));
  }

  /**
   * Tells what an access or refresh token is (RFC 7662). Anything not currently valid is {@link
   * TokenInfo#inactive()}.
   */
  public TokenInfo introspect(String token) {
    return observed("introspect", null, () -> tokens.describe(token));
  }

  /**
   * Revokes a token (RFC 7009) on the host's own authority: an access token alone, or a refresh
   * token with every token of its grant. Unknown, expired and already revoked tokens are ignored,
   * as the RFC asks.
   *
   * @throws Proauth2Exception {@code invalid_request} when the token is missing or over-long
   */
  public void revokeToken(String token) {
    observed(
        "revoke",
        null,
        () -> {
          revocations.revoke(null, token, null);
          return null;
        });
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
    Objects.requireNonNull(credentials, "credentials");
    observed(
        "revoke",
        null,
        () -> {
          Record client = clients.authenticate(credentials);
          revocations.revoke(client.string(Table.CLIENT_ID).orElseThrow(), token, tokenTypeHint);
          return null;
        });
  }

  /**
   * Introspects a token for a client that authenticated at the introspection endpoint (RFC 7662
   * section 2.1 requires the caller to authenticate). A client learns about its own tokens only,
   * unless the host registered it as a resource server ({@link
   * RegistrationRequest.Builder#resourceServer}); any other token is {@link TokenInfo#inactive()}
   * to it, as section 4 advises, so a client cannot probe tokens that are not its business.
   *
   * @throws Proauth2Exception {@code invalid_client} when authentication fails
   */
  public TokenInfo introspect(ClientCredentials credentials, String token) {
    Objects.requireNonNull(credentials, "credentials");
    return observed(
        "introspect",
        null,
        () -> {
          Record caller = clients.authenticate(credentials);
          TokenInfo info = tokens.describe(token);
          boolean entitled =
              Clients.isResourceServer(caller)
                  || caller.string(Table.CLIENT_ID).orElseThrow().equals(info.clientId());
          return entitled ? info : TokenInfo.inactive();
        });
  }

  /**
   * Revokes every code and token issued for a user, for "sign me out everywhere". Tokens clients
   * got for themselves have no user and are never touched, even when a user id equals a client id;
   * {@link #deleteApp} ends those.
   *
   * @return how many codes and tokens were revoked
   * @throws NullPointerException when {@code userId} is {@code null}
   */
  public long revokeAll(String userId) {
    Objects.requireNonNull(userId, "userId");
    return observed(
        "revoke_all",
        null,
        () -> {
          long revoked = tokens.revokeAllBy(Table.USER_ID, Inputs.userId(userId));
          if (events.enabled()) {
            events.emit(new Proauth2Event.UserSignedOut(policy.instant(), userId, revoked));
          }
          return revoked;
        });
  }

  /**
   * Deletes a client and revokes everything it holds.
   *
   * @return whether the client existed
   */
  public boolean deleteApp(String clientId) {
    return observed("delete_client", null, () -> clients.delete(clientId, tokens));
  }

  /**
   * Gives a confidential client a new secret, returned this once; the old one stops working.
   *
   * @throws Proauth2Exception {@code invalid_request} for an unknown or public client
   */
  public ClientRegistration rotateSecret(String clientId) {
    return observed("rotate_secret", null, () -> clients.rotateSecret(clientId));
  }

  /**
   * Gives a client that authenticates with signed assertions ({@code private_key_jwt}) new public
   * keys: an inline JSON Web Key Set, or a new {@code jwks_uri}. The old keys stop working at once;
   * to roll over without a gap, publish the old and new keys together first.
   *
   * @param jwks the new key set as JSON, or {@code null}
   * @param jwksUri the new key set URL, or {@code null}; exactly one of the two
   * @throws Proauth2Exception {@code invalid_request} for an unknown client, {@code
   *     invalid_client_metadata} when the keys are refused or the client's method uses none
   */
  public ClientRegistration rotateKeys(String clientId, String jwks, String jwksUri) {
    return observed("rotate_keys", null, () -> clients.rotateKeys(clientId, jwks, jwksUri));
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

  /**
   * Finds the credentials a client presented in an HTTP request, asking every installed method; the
   * endpoint helpers call this before {@link #requestAccessToken(ClientCredentials, TokenRequest)}
   * and the other calls that take credentials.
   *
   * @return the credentials, or empty when the request carries none
   * @throws Proauth2Exception {@code invalid_request} when it uses more than one method (RFC 6749
   *     section 2.3)
   */
  public Optional<ClientCredentials> extractCredentials(ClientAuthRequest request) {
    return methods.extract(Objects.requireNonNull(request, "request"));
  }

  /**
   * Waits until the listeners have been handed every event so far; for tests, and for a host that
   * wants its audit lines out before it stops.
   *
   * @return whether they were within the timeout; {@code true} at once with no listener
   */
  public boolean flushEvents(Duration timeout) {
    return events.flush(Objects.requireNonNull(timeout, "timeout"));
  }

  /** How many times a listener threw; each was logged and skipped. */
  public long listenerFailures() {
    return events.failures();
  }

  /** How many events were dropped because the listeners were too far behind. */
  public long droppedEvents() {
    return events.dropped();
  }

  /** The issuer identifier given to the builder, if any. */
  public Optional<String> issuer() {
    return Optional.ofNullable(policy.issuer());
  }

  /**
   * What this engine offers: its client authentication methods and their signing algorithms, its
   * PKCE methods, the resources it knows, whether it takes Client ID Metadata Documents. Fixed when
   * the engine is built.
   */
  public Capabilities capabilities() {
    return capabilities;
  }

  /**
   * Where the endpoints are served, as the builder was told: what the metadata document advertises,
   * what an adapter serves, and what a client assertion may name as its audience.
   */
  public Endpoints endpoints() {
    return policy.endpoints();
  }

  /**
   * The members the host added to the metadata documents with {@link Builder#metadata}, in order;
   * the endpoint helpers write them after their own.
   */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /**
   * The public keys the engine signs with, for its {@code jwks_uri}; empty when it signs nothing.
   */
  public Optional<PublicKeys> publicKeys() {
    return signer == null ? Optional.empty() : Optional.of(signer.publicKeys());
  }

  /**
   * Closes the store if this engine opened it from a config string; later calls throw {@link
   * IllegalStateException}.
   */
  @Override
  public void close() {
    events.close();
    if (signer != null) {
      signer.close();
    }
    if (ownsStore) {
      store.close();
    } else {
      store.detach();
    }
  }

  /**
   * Runs an operation and, for the listeners, times it and tells when the store failed in it. With
   * no listener it only runs it.
   */
  private <T> T observed(String operation, String grantType, Supplier<T> call) {
    if (!events.enabled()) {
      return call.get();
    }
    long start = events.timed() ? System.nanoTime() : 0;
    String outcome = "success";
    try {
      return call.get();
    } catch (DataStoreUnavailableException e) {
      outcome = e.error();
      events.emit(new Proauth2Event.StoreUnavailable(policy.instant(), operation, e.getMessage()));
      throw e;
    } catch (Proauth2Exception e) {
      outcome = e.error();
      throw e;
    } catch (RuntimeException e) {
      outcome = Proauth2Exception.SERVER_ERROR;
      throw e;
    } finally {
      if (events.timed()) {
        events.timing(operation, grantType, outcome, System.nanoTime() - start);
      }
    }
  }

  /**
   * Runs the grant the request names. The switch is over the enum with no default, so a new grant
   * type does not compile until it is handled here; each record answers its own grant type. A
   * client issued tokens is marked used, which keeps a registration with a lifetime to its end.
   */
  private TokenResponse grant(Record client, TokenRequest request) {
    return grant(client, request, dpop.bindingFor(client, null));
  }

  /** Runs the grant; {@code jkt} is the DPoP key the tokens are bound to, or {@code null}. */
  private TokenResponse grant(Record client, TokenRequest request, String jkt) {
    Clients.requireGrant(client, request.grantType());
    TokenResponse issued =
        switch (request.grantType()) {
          case AUTHORIZATION_CODE ->
              codeGrant.redeem(client, (TokenRequest.AuthorizationCode) request, jkt);
          case REFRESH_TOKEN ->
              refreshGrant.refresh(client, (TokenRequest.RefreshToken) request, jkt);
          case CLIENT_CREDENTIALS ->
              clientCredentialsGrant.issue(client, (TokenRequest.ClientCredentials) request, jkt);
          case DEVICE_CODE -> deviceGrant.poll(client, (TokenRequest.DeviceCode) request, jkt);
        };
    clients.markUsed(client);
    return issued;
  }

  /**
   * Builds a {@link Proauth2}; only the store is required. A setting out of range is an {@link
   * IllegalArgumentException} that gives the range, and a {@code null} one a {@link
   * NullPointerException}, at the call that sets it.
   */
  public static final class Builder {

    static final Duration MAX_CODE_TTL = Duration.ofMinutes(10);
    static final Duration MAX_ACCESS_TOKEN_TTL = Duration.ofDays(1);
    static final Duration MAX_REFRESH_TOKEN_TTL = Duration.ofDays(365);
    static final Duration MAX_FAILURE_WINDOW = Duration.ofDays(1);
    static final int MAX_FAILURE_LIMIT = 1_000_000;
    static final Duration MAX_FETCH_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_PUSHED_REQUEST_TTL = Duration.ofMinutes(10);
    static final Duration MIN_DEVICE_CODE_TTL = Duration.ofMinutes(1);
    static final Duration MAX_DEVICE_CODE_TTL = Duration.ofMinutes(30);
    static final Duration MIN_DEVICE_POLLING_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_DEVICE_POLLING_INTERVAL = Duration.ofMinutes(1);

    DataStore store;
    String storeUri;
    Clock clock = Clock.systemUTC();
    Duration codeTtl = Duration.ofSeconds(60);
    Duration accessTokenTtl = Duration.ofHours(1);
    Duration refreshTokenTtl = Duration.ofDays(30);
    String issuer;
    String authorizationEndpoint = "/authorize";
    String tokenEndpoint = "/token";
    String introspectionEndpoint = "/introspect";
    String revocationEndpoint = "/revoke";
    String registrationEndpoint;
    String deviceAuthorizationEndpoint = "/device_authorization";
    String deviceVerificationUri = "/device";
    final Set<String> resources = new LinkedHashSet<>();
    String defaultResource;
    boolean requirePkce;
    boolean allowPlainPkce;
    int clientFailureLimit = 10;
    Duration clientFailureWindow = Duration.ofMinutes(1);
    final Map<String, ClientAuthMethod> authMethods = new LinkedHashMap<>();
    final Map<String, ExtensionGrant> extensionGrants = new LinkedHashMap<>();
    final List<Proauth2Listener> listeners = new ArrayList<>();
    boolean discoverListeners = true;
    Duration fetchTimeout = Duration.ofSeconds(3);
    ClientIdMetadataDocuments clientIdMetadataDocuments;
    TokenSigner signer;
    AccessTokenFormat accessTokenFormat = AccessTokenFormat.OPAQUE;
    final Map<String, AccessTokenFormat> resourceFormats = new LinkedHashMap<>();
    Duration jwtAccessTokenTtl = Duration.ofMinutes(5);
    SecretKey keyEncryptionKey;
    String jwksEndpoint = "/jwks";
    final List<TokenResponseExtension> responseExtensions = new ArrayList<>();
    final Map<String, Object> metadata = new LinkedHashMap<>();
    String pushedAuthorizationRequestEndpoint = "/par";
    boolean requirePushedAuthorizationRequests;
    Duration pushedRequestTtl = Duration.ofSeconds(60);
    Duration deviceCodeTtl = Duration.ofMinutes(10);
    Duration devicePollingInterval = Duration.ofSeconds(5);
    DPoPVerifier dpopVerifier;
    Duration dpopProofWindow = Duration.ofSeconds(60);
    Duration dpopNonceLifetime;

    /** The TLS context of outbound fetches; {@code null}, the JVM's default, but in tests. */
    javax.net.ssl.SSLContext fetchTls;

    private Builder() {}

    /** Uses the store this config string names; the engine closes it. */
    public Builder dataStore(String uri) {
      this.storeUri = Objects.requireNonNull(uri, "uri");
      this.store = null;
      return this;
    }

    /** Uses a store the caller opened and will close. */
    public Builder dataStore(DataStore store) {
      this.store = Objects.requireNonNull(store, "store");
      this.storeUri = null;
      return this;
    }

    /** The clock for every issue and expiry time; tests inject a fixed or moving one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a code lives, 1 second to 10 minutes (RFC 6749 section 4.1.2); default 60 s. */
    public Builder codeTtl(Duration ttl) {
      this.codeTtl = checkTtl(ttl, "codeTtl", MAX_CODE_TTL);
      return this;
    }

    /** How long an access token lives, 1 second to 1 day; default 1 hour. */
    public Builder accessTokenTtl(Duration ttl) {
      this.accessTokenTtl = checkTtl(ttl, "accessTokenTtl", MAX_ACCESS_TOKEN_TTL);
      return this;
    }

    /**
     * How long a grant's refresh tokens live, counted from the first, 1 second to 365 days; default
     * 30 days.
     */
    public Builder refreshTokenTtl(Duration ttl) {
      this.refreshTokenTtl = checkTtl(ttl, "refreshTokenTtl", MAX_REFRESH_TOKEN_TTL);
      return this;
    }

    /**
     * The issuer identifier (RFC 8414), such as {@code https://auth.example}; when set, it is added
     * as {@code iss} to every authorization response (RFC 9207). {@code null} removes it.
     *
     * @throws IllegalArgumentException when it is not an https URL without query or fragment (http
     *     is accepted on localhost, for development)
     */
    public Builder issuer(String issuer) {
      this.issuer = issuer == null ? null : RedirectUris.checkIssuer(issuer);
      return this;
    }

    /**
     * Where the authorization endpoint is served: a path under the issuer, which an adapter (the
     * servlet, the starter) serves and the metadata advertises, or a full URL served elsewhere;
     * default {@code /authorize}. Every door reads it from {@link Proauth2#endpoints()}.
     */
    public Builder authorizationEndpoint(String pathOrUrl) {
      this.authorizationEndpoint = Urls.check(Objects.requireNonNull(pathOrUrl, "pathOrUrl"));
      return this;
    }

    /**
     * Where the token endpoint is served, as for {@link #authorizationEndpoint}; default {@code
     * /token}. Client assertions ({@code private_key_jwt}) may name its URL as their audience when
     * the method allows it.
     */
    public Builder tokenEndpoint(String pathOrUrl) {
      this.tokenEndpoint = Urls.check(Objects.requireNonNull(pathOrUrl, "pathOrUrl"));
      return this;
    }

    /**
     * Where introspection (RFC 7662) is served, as for {@link #authorizationEndpoint}; default
     * {@code /introspect}, {@code null} for not at all.
     */
    public Builder introspectionEndpoint(String pathOrUrl) {
      this.introspectionEndpoint = pathOrUrl == null ? null : Urls.check(pathOrUrl);
      return this;
    }

    /**
     * Where revocation (RFC 7009) is served, as for {@link #authorizationEndpoint}; default {@code
     * /revoke}, {@code null} for not at all.
     */
    public Builder revocationEndpoint(String pathOrUrl) {
      this.revocationEndpoint = pathOrUrl == null ? null : Urls.check(pathOrUrl);
      return this;
    }

    /**
     * Where dynamic client registration (RFC 7591) is served, as for {@link
     * #authorizationEndpoint}; off ({@code null}) by default, since letting anyone register a
     * client is a choice a host makes on purpose.
     */
    public Builder registrationEndpoint(String pathOrUrl) {
      this.registrationEndpoint = pathOrUrl == null ? null : Urls.check(pathOrUrl);
      return this;
    }

    /**
     * Where device authorization (RFC 8628 section 3.1) is served, as for {@link
     * #authorizationEndpoint}; default {@code /device_authorization}.
     */
    public Builder deviceAuthorizationEndpoint(String pathOrUrl) {
      this.deviceAuthorizationEndpoint = Urls.check(Objects.requireNonNull(pathOrUrl, "pathOrUrl"));
      return this;
    }

    /**
     * The host's page where a user types a device's user code ({@code verification_uri}, RFC 8628
     * section 3.2), as for {@link #authorizationEndpoint}; default {@code /device}.
     */
    public Builder deviceVerificationUri(String pathOrUrl) {
      this.deviceVerificationUri = Urls.check(Objects.requireNonNull(pathOrUrl, "pathOrUrl"));
      return this;
    }

    /**
     * How long a device authorization waits for the user (RFC 8628 {@code expires_in}), 1 to 30
     * minutes; default 10 minutes. Longer gives a guesser more live user codes to hit.
     */
    public Builder deviceCodeTtl(Duration ttl) {
      this.deviceCodeTtl =
          checkDeviceSetting(
              ttl, "deviceCodeTtl", MIN_DEVICE_CODE_TTL, MAX_DEVICE_CODE_TTL, "1 to 30 minutes");
      return this;
    }

    /**
     * The least time between a device's polls ({@code interval}, RFC 8628 section 3.5), 1 second to
     * 1 minute; default 5 seconds. Each {@code slow_down} adds 5 seconds to it for that device.
     */
    public Builder devicePollingInterval(Duration interval) {
      this.devicePollingInterval =
          checkDeviceSetting(
              interval,
              "devicePollingInterval",
              MIN_DEVICE_POLLING_INTERVAL,
              MAX_DEVICE_POLLING_INTERVAL,
              "1 second to 1 minute");
      return this;
    }

    /**
     * Adds a resource (RFC 8707) clients may ask tokens for, such as {@code
     * https://api.example/mcp}: the identifier a resource server checks with {@link
     * #authenticateToken(String, String)}. A client registered with its own resources may ask for
     * those only.
     *
     * @throws IllegalArgumentException when it is not an absolute URI without fragment
     */
    public Builder resource(String resource) {
      try {
        resources.add(Resources.checkOne(resource, Proauth2Exception.SERVER_ERROR));
      } catch (Proauth2Exception e) {
        throw new IllegalArgumentException(e.description(), e);
      }
      return this;
    }

    /**
     * Adds a resource (RFC 8707), as {@link #resource(String)} does, whose access tokens are
     * written in this format: {@link AccessTokenFormat#JWT} for an API that verifies tokens alone,
     * against the {@code jwks_uri}. A token for several resources is a JWT if any of them asks for
     * one.
     *
     * @throws IllegalArgumentException when it is not an absolute URI without fragment
     */
    public Builder resource(String resource, AccessTokenFormat format) {
      Objects.requireNonNull(format, "format");
      resource(resource);
      resourceFormats.put(resource, format);
      return this;
    }

    /**
     * The format of every access token whose resources and client ask for none; default {@link
     * AccessTokenFormat#OPAQUE}. {@link AccessTokenFormat#JWT} needs {@link #signing}.
     */
    public Builder accessTokenFormat(AccessTokenFormat format) {
      this.accessTokenFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * How long a JWT access token lives, 1 second to 1 day; default 5 minutes. A resource server
     * that verifies a JWT alone accepts it until it expires, revoked or not, so it is kept short;
     * opaque tokens keep {@link #accessTokenTtl}.
     */
    public Builder jwtAccessTokenTtl(Duration ttl) {
      this.jwtAccessTokenTtl = checkTtl(ttl, "jwtAccessTokenTtl", MAX_ACCESS_TOKEN_TTL);
      return this;
    }

    /**
     * The signer of JWT access tokens and the keys of the {@code jwks_uri}, such as {@code
     * JoseSigning.managedKeys()} from {@code proauth2-jose}; the engine starts it when it is built
     * and closes it with itself. It needs an {@link #issuer}.
     */
    public Builder signing(TokenSigner signer) {
      this.signer = Objects.requireNonNull(signer, "signer");
      return this;
    }

    /**
     * The key-encryption key (AES-256) that seals private signing keys before they reach the store;
     * see {@link KeyEncryptionKeys} for the other ways to give one. An engine that signs on a store
     * outside its process needs one.
     */
    public Builder keyEncryptionKey(SecretKey key) {
      Objects.requireNonNull(key, "key");
      byte[] encoded = key.getEncoded();
      if (!"AES".equalsIgnoreCase(key.getAlgorithm()) || encoded == null || encoded.length != 32) {
        throw new IllegalArgumentException("the key-encryption key must be an AES-256 key");
      }
      this.keyEncryptionKey = key;
      return this;
    }

    /**
     * Where the public signing keys are served ({@code jwks_uri}), as for {@link
     * #authorizationEndpoint}; default {@code /jwks}. Served only when the engine signs.
     */
    public Builder jwksEndpoint(String pathOrUrl) {
      this.jwksEndpoint = Urls.check(Objects.requireNonNull(pathOrUrl, "pathOrUrl"));
      return this;
    }

    /**
     * Adds parameters to the token response of every code exchange and refresh, such as the {@code
     * id_token} of {@code proauth2-oidc}; see {@link TokenResponseExtension} for the contract.
     */
    public Builder tokenResponseExtension(TokenResponseExtension extension) {
      responseExtensions.add(Objects.requireNonNull(extension, "extension"));
      return this;
    }

    /**
     * Adds a member to the metadata documents (RFC 8414, OpenID Connect Discovery), such as {@code
     * userinfo_endpoint}: a string, number, boolean, or list of strings. A member the engine writes
     * itself keeps the engine's value; an {@code ..._endpoint} given as a path is resolved against
     * the issuer, as {@link #authorizationEndpoint} is.
     *
     * @throws IllegalArgumentException for a name that is not a short ASCII identifier, or a value
     *     of another type
     */
    public Builder metadata(String name, Object value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!name.matches("[a-z0-9_]{1,64}")) {
        throw new IllegalArgumentException(
            "a metadata member name is 1 to 64 of a-z, 0-9 and '_'; got '" + name + "'");
      }
      boolean listOfStrings =
          value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)
          && !listOfStrings) {
        throw new IllegalArgumentException(
            "metadata member '" + name + "' must be a string, number, boolean or list of strings");
      }
      metadata.put(name, listOfStrings ? List.copyOf((List<?>) value) : value);
      return this;
    }

    /**
     * The resource a token is bound to when the client names none, if the client may have it;
     * without one, such a token has no audience. It is added to the known resources.
     *
     * @throws IllegalArgumentException when it is not an absolute URI without fragment
     */
    public Builder defaultResource(String resource) {
      resource(resource);
      this.defaultResource = resource;
      return this;
    }

    /**
     * Where pushed authorization requests (RFC 9126) are served, as for {@link
     * #authorizationEndpoint}; default {@code /par}, {@code null} for not at all.
     */
    public Builder pushedAuthorizationRequestEndpoint(String pathOrUrl) {
      this.pushedAuthorizationRequestEndpoint = pathOrUrl == null ? null : Urls.check(pathOrUrl);
      return this;
    }

    /**
     * Requires every client to push its authorization requests (RFC 9126 section 5), as FAPI 2.0
     * does; a client can be required to alone, at registration. Off by default.
     */
    public Builder requirePushedAuthorizationRequests(boolean required) {
      this.requirePushedAuthorizationRequests = required;
      return this;
    }

    /**
     * How long a pushed request's {@code request_uri} may be used, 1 second to 10 minutes (RFC 9126
     * section 2.2 asks for a short time); default 60 s.
     */
    public Builder pushedRequestTtl(Duration ttl) {
      this.pushedRequestTtl = checkTtl(ttl, "pushedRequestTtl", MAX_PUSHED_REQUEST_TTL);
      return this;
    }

    /**
     * Accepts DPoP proofs (RFC 9449) with this verifier, such as {@code JoseDPoP.verifier()} from
     * {@code proauth2-jose}: token requests with a proof get tokens bound to its key, and the
     * metadata advertises its algorithms.
     */
    public Builder dpop(DPoPVerifier verifier) {
      this.dpopVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * How far a DPoP proof's {@code iat} may be from the engine's time, either way, 1 second to 10
     * minutes; default 60 s. Each proof's {@code jti} is kept that long to refuse replays.
     */
    public Builder dpopProofWindow(Duration window) {
      this.dpopProofWindow = checkTtl(window, "dpopProofWindow", MAX_PUSHED_REQUEST_TTL);
      return this;
    }

    /**
     * Asks every DPoP proof for a server nonce (RFC 9449 section 8), a new one every {@code
     * lifetime} (10 seconds to 1 hour), each accepted for up to two lifetimes; {@code null}, the
     * default, for none. Engines that share a key-encryption key accept each other's nonces.
     */
    public Builder dpopNonces(Duration lifetime) {
      this.dpopNonceLifetime =
          lifetime == null ? null : checkTtl(lifetime, "dpopNonces", Duration.ofHours(1));
      if (lifetime != null && lifetime.compareTo(Duration.ofSeconds(10)) < 0) {
        throw new IllegalArgumentException(
            "dpopNonces must be between 10 seconds and 1 hour; got " + lifetime);
      }
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
     *
     * @param limit 1 to 1,000,000
     * @param window 1 second to 1 day
     */
    public Builder clientFailureLimit(int limit, Duration window) {
      if (limit < 1 || limit > MAX_FAILURE_LIMIT) {
        throw new IllegalArgumentException(
            "clientFailureLimit must be 1 to " + MAX_FAILURE_LIMIT + "; got " + limit);
      }
      this.clientFailureWindow = checkTtl(window, "clientFailureLimit window", MAX_FAILURE_WINDOW);
      this.clientFailureLimit = limit;
      return this;
    }

    /**
     * Installs a client authentication method for this engine alone, beside the built-in {@code
     * none} and those found with {@link java.util.ServiceLoader}: for a method the host made
     * itself, or one that needs settings a no-argument constructor cannot give. An instance of a
     * plugin class that is also on the class path replaces the one {@code ServiceLoader} made.
     *
     * @throws IllegalArgumentException when another method given here has the same name; a clash
     *     with a built-in or discovered method is reported by {@link #build()}
     */
    public Builder clientAuthMethod(ClientAuthMethod method) {
      Objects.requireNonNull(method, "method");
      String name = Objects.requireNonNull(method.name(), "method.name()");
      ClientAuthMethod previous = authMethods.putIfAbsent(name, method);
      if (previous != null) {
        throw new IllegalArgumentException(
            "two client authentication methods given to the builder have the name '"
                + name
                + "': "
                + Plugins.origin(previous)
                + " and "
                + Plugins.origin(method));
      }
      return this;
    }

    /**
     * Installs an extension grant for this engine alone, beside those found with {@link
     * java.util.ServiceLoader}: for a grant the host made itself, or a plugin that needs settings
     * (token exchange's policy) a no-argument constructor cannot give. An instance of a plugin
     * class that is also on the class path replaces the one {@code ServiceLoader} made.
     *
     * @throws IllegalArgumentException when another grant given here has the same grant type; a
     *     clash with a discovered one of another class is reported by {@link #build()}
     */
    public Builder extensionGrant(ExtensionGrant grant) {
      Objects.requireNonNull(grant, "grant");
      String type = Objects.requireNonNull(grant.grantType(), "grant.grantType()");
      ExtensionGrant previous = extensionGrants.putIfAbsent(type, grant);
      if (previous != null) {
        throw new IllegalArgumentException(
            "two extension grants given to the builder have the grant type '"
                + type
                + "': "
                + Plugins.origin(previous)
                + " and "
                + Plugins.origin(grant));
      }
      return this;
    }

    /**
     * The longest one fetch of a URL a client named ({@code jwks_uri}) may take, resolving,
     * connecting and reading together; default 3 s.
     *
     * @param timeout 1 ms to 30 s
     */
    public Builder fetchTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_FETCH_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "fetchTimeout must be between 1 ms and " + MAX_FETCH_TIMEOUT + "; got " + timeout);
      }
      this.fetchTimeout = timeout;
      return this;
    }

    /**
     * Accepts clients that identify themselves by the https URL of a Client ID Metadata Document,
     * as MCP clients do; off by default. See {@link ClientIdMetadataDocuments} for the rules and
     * the host's hooks.
     */
    public Builder clientIdMetadataDocuments(ClientIdMetadataDocuments settings) {
      this.clientIdMetadataDocuments = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Adds a listener that hears what the engine did (events) and, if it asks, how long each
     * operation took; see {@link Proauth2Listener}. An {@link AuditLog} writes one line per event.
     */
    public Builder listener(Proauth2Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Whether listeners found with {@link java.util.ServiceLoader} (such as the one in {@code
     * proauth2-micrometer}) are installed too; default {@code true}.
     */
    public Builder discoverListeners(boolean discover) {
      this.discoverListeners = discover;
      return this;
    }

    /**
     * Builds the engine.
     *
     * @throws IllegalStateException when no store was set
     * @throws IllegalArgumentException when a method given to {@link #clientAuthMethod} has the
     *     name of a built-in or discovered one; the message names both
     * @throws Proauth2Exception {@code server_error} when the store cannot be opened, or two
     *     plugins on the class path claim one method name or one extension grant type
     */
    public Proauth2 build() {
      if (store == null && storeUri == null) {
        throw new IllegalStateException(
            "no DataStore: call dataStore(\"memory:\") or dataStore(DataStore) on the builder");
      }
      checkSigning();
      if (requirePushedAuthorizationRequests && pushedAuthorizationRequestEndpoint == null) {
        throw new IllegalStateException(
            "pushed authorization requests are required but their endpoint is off: set"
                + " pushedAuthorizationRequestEndpoint(\"/par\")");
      }
      ClientAuthMethods methods = ClientAuthMethods.load(List.copyOf(authMethods.values()));
      ExtensionGrants grants = ExtensionGrants.load(List.copyOf(extensionGrants.values()));
      List<Proauth2Listener> all = new ArrayList<>(listeners);
      if (discoverListeners) {
        all.addAll(discoveredListeners());
      }
      if (store != null) {
        return new Proauth2(this, store, StoreOrigin.HANDED_IN, methods, new Events(all), grants);
      }
      ConfigOptions.Split split = ConfigOptions.take(storeUri, KeyEncryptionKeys.OPTION);
      if (keyEncryptionKey == null && split.value() != null) {
        keyEncryptionKey(KeyEncryptionKeys.parse(split.value()));
      }
      DataStore opened = DataStores.open(split.uri(), clock);
      try {
        return new Proauth2(this, opened, StoreOrigin.OPENED, methods, new Events(all), grants);
      } catch (RuntimeException e) {
        opened.close();
        throw e;
      }
    }

    /** Fails early when JWT access tokens are asked for with nothing to sign them. */
    private void checkSigning() {
      boolean wantsJwt =
          accessTokenFormat == AccessTokenFormat.JWT
              || resourceFormats.containsValue(AccessTokenFormat.JWT);
      if (wantsJwt && signer == null) {
        throw new IllegalStateException(
            "JWT access tokens need a signer: add dev.proauth2:proauth2-jose and call"
                + " signing(JoseSigning.managedKeys())");
      }
      if (signer != null && issuer == null) {
        throw new IllegalStateException(
            "a signing engine needs an issuer, the iss of what it signs: call issuer(\"https://...\")");
      }
    }

    /** The key-encryption key the host gave, else the one in the environment, if any. */
    Optional<SecretKey> resolvedKeyEncryptionKey() {
      return keyEncryptionKey != null
          ? Optional.of(keyEncryptionKey)
          : KeyEncryptionKeys.fromEnvironment();
    }

    private static List<Proauth2Listener> discoveredListeners() {
      Plugins<Proauth2Listener> plugins = Plugins.load(Proauth2Listener.class);
      if (!plugins.broken.isEmpty()) {
        throw plugins.withBroken(
            new Proauth2Exception(
                Proauth2Exception.SERVER_ERROR,
                "A listener on the class path failed to load; see the suppressed exceptions."
                    + " Fix or remove its jar, or call discoverListeners(false)."));
      }
      return plugins.loaded;
    }

    private static Duration checkTtl(Duration ttl, String name, Duration max) {
      Objects.requireNonNull(ttl, name);
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name + " must be between 1 second and " + max + "; got " + ttl);
      }
      return ttl;
    }

    /** A device setting: whole seconds, since the device is told them in seconds. */
    private static Duration checkDeviceSetting(
        Duration value, String name, Duration min, Duration max, String range) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0 || value.getNano() != 0) {
        throw new IllegalArgumentException(
            name + " must be whole seconds from " + range + "; got " + value);
      }
      return value;
    }
  }
}

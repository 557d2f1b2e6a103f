package dev.proauth2;

import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.OutboundFetcher;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/** Registers clients and authenticates them. */
final class Clients {

  private static final System.Logger LOG = System.getLogger(Clients.class.getName());

  /**
   * How many writes {@link #update} makes at most when other calls keep changing the client between
   * its read and its write.
   */
  private static final int MAX_UPDATE_WRITES = 4;

  private static final List<GrantType> DEFAULT_GRANT_TYPES =
      List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
  private static final String DEFAULT_AUTH_METHOD = "client_secret_basic";
  private static final String UNAUTHENTICATED =
      "client authentication failed: unknown client_id, wrong secret, or another method than the"
          + " client registered";

  private final DataStore store;
  private final ClientAuthMethods methods;
  private final Policy policy;
  private final Events events;
  private final FailureLimiter limiter;
  private final OutboundFetcher fetcher;
  private final ClientDocuments documents;
  private final List<String> extensionGrantTypes;

  Clients(
      DataStore store,
      ClientAuthMethods methods,
      Policy policy,
      Events events,
      OutboundFetcher fetcher,
      ClientIdMetadataDocuments documents,
      List<String> extensionGrantTypes) {
    this.store = store;
    this.extensionGrantTypes = extensionGrantTypes;
    this.fetcher = fetcher;
    this.documents =
        documents == null
            ? null
            : new ClientDocuments(documents, fetcher, policy, events, this::checkedDocumentClient);
    this.methods = methods;
    this.policy = policy;
    this.events = events;
    this.limiter =
        new FailureLimiter(policy.clientFailureLimit(), policy.clientFailureWindow(), policy);
  }

  ClientRegistration register(RegistrationRequest request) {
    String clientId = Secrets.newClientId();
    String[] secret = new String[1];
    Record application =
        checkedRecord(
            clientId,
            request,
            method -> {
              secret[0] = method.usesSecret() ? Secrets.newSecret() : null;
              return secret[0] == null ? null : SecretHashes.sha256(secret[0]);
            });
    // A client id has 128 random bits or more, so a new one never replaces a registered client.
    store.put(Table.APPLICATIONS, application);
    if (events.enabled()) {
      events.emit(new Proauth2Event.ClientRegistered(policy.instant(), clientId));
    }
    return registration(application, secret[0]);
  }

  /**
   * Registers a client under the host's id and secret, or brings the client registered under that
   * id to what the request says. Nothing is written when it already says so, and the first
   * registration's time is kept, so that applying the same declaration at every start changes
   * nothing.
   */
  ClientRegistration apply(String clientId, ClientSecret secret, RegistrationRequest request) {
    Inputs.clientId(clientId, Proauth2Exception.INVALID_CLIENT_METADATA);
    if (documents != null && ClientDocuments.isDocumentUrl(clientId)) {
      throw new IllegalArgumentException(
          "the client id "
              + clientId
              + " is an https URL, which this engine reads as a Client ID Metadata Document;"
              + " choose an id that is not one");
    }
    if (request.lifetime() != null) {
      throw new IllegalArgumentException(
          "a client the host declares lives until it is deleted; leave its lifetime unset");
    }
    Record declared =
        checkedRecord(
            clientId,
            request,
            method -> {
              if (method.usesSecret() && secret == null) {
                throw new IllegalArgumentException(
                    "the client "
                        + clientId
                        + " authenticates with "
                        + method.name()
                        + ", which needs a client secret; give one");
              }
              if (!method.usesSecret() && secret != null) {
                throw new IllegalArgumentException(
                    "the client "
                        + clientId
                        + " authenticates with "
                        + method.name()
                        + ", which uses no client secret; leave the secret out");
              }
              return secret == null ? null : secret.hash();
            });
    Optional<Record> current = store.fetch(Table.APPLICATIONS, clientId);
    if (current.isPresent()) {
      OptionalLong createdAt = current.get().number(Table.CREATED_AT);
      Record kept =
          createdAt.isPresent() ? declared.with(Table.CREATED_AT, createdAt.getAsLong()) : declared;
      if (kept.equals(current.get())) {
        return registration(kept, null);
      }
      declared = kept;
    }
    Optional<Record> replaced = store.put(Table.APPLICATIONS, declared);
    if (replaced.isEmpty()) {
      if (events.enabled()) {
        events.emit(new Proauth2Event.ClientRegistered(policy.instant(), clientId));
      }
    } else {
      LOG.log(Level.INFO, "client " + clientId + " updated to the host's declaration");
      Optional<String> before = replaced.get().string(Table.SECRET_HASH);
      if (before.isPresent()
          && !before.equals(declared.string(Table.SECRET_HASH))
          && events.enabled()) {
        events.emit(new Proauth2Event.ClientSecretRotated(policy.instant(), clientId));
      }
    }
    return registration(declared, null);
  }

  /** Where a new client's secret hash comes from, once its method is known. */
  private interface SecretHashSource {
    /** The hash to store, or {@code null} for a client without secret. */
    String hash(ClientAuthMethod method);
  }

  /**
   * The record of a client the request describes, under this id, checked by the engine and by the
   * client's method; nothing is written.
   */
  private Record checkedRecord(
      String clientId, RegistrationRequest request, SecretHashSource secretHash) {
    String name =
        Inputs.displayName(
            request.name(), "client name", Table.MAX_ID, Proauth2Exception.INVALID_CLIENT_METADATA);
    String authMethod = request.authMethod() == null ? DEFAULT_AUTH_METHOD : request.authMethod();
    boolean isPublic = authMethod.equals(NoneAuthMethod.NAME);
    List<GrantType> grantTypes =
        checkGrantTypes(request.grantTypes(), isPublic, !request.extensionGrantTypes().isEmpty());
    List<String> extensions = checkExtensionGrantTypes(request.extensionGrantTypes());
    List<String> redirectUris =
        checkRedirectUris(
            request.redirectUris(), grantTypes.contains(GrantType.AUTHORIZATION_CODE));
    String scope =
        Scopes.join(Scopes.parse(request.scope(), Proauth2Exception.INVALID_CLIENT_METADATA));
    List<String> resources = checkResources(request.resources());
    ClientAuthMethod method = installedMethod(authMethod);

    String hash = secretHash.hash(method);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CLIENT_ID, clientId);
    fields.put(Table.NAME, name);
    if (hash != null) {
      fields.put(Table.SECRET_HASH, hash);
    }
    if (!redirectUris.isEmpty()) {
      fields.put(Table.REDIRECT_URIS, String.join(" ", redirectUris));
    }
    if (scope != null) {
      fields.put(Table.SCOPE, scope);
    }
    fields.put(Table.GRANT_TYPES, joined(grantTypes, extensions));
    fields.put(Table.AUTH_METHOD, authMethod);
    long now = policy.now();
    fields.put(Table.CREATED_AT, now);
    if (request.lifetime() != null) {
      long end = now + request.lifetime().toMillis();
      fields.put(Table.LIFETIME_ENDS_AT, end);
      fields.put(
          Table.EXPIRES_AT,
          request.unusedLifetime() == null ? end : now + request.unusedLifetime().toMillis());
    }
    if (request.resourceServer()) {
      fields.put(Table.RESOURCE_SERVER, 1L);
    }
    if (!resources.isEmpty()) {
      fields.put(Table.RESOURCES, Resources.join(resources));
    }
    putKeys(fields, request.jwks(), request.jwksUri());
    if (request.applicationType() != null) {
      fields.put(Table.APPLICATION_TYPE, request.applicationType().value());
    }
    if (request.accessTokenFormat() == AccessTokenFormat.JWT && !policy.signs()) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          "the client's access tokens cannot be JWTs: this engine signs nothing; add proauth2-jose"
              + " and call signing(...) on its builder");
    }
    if (request.accessTokenFormat() != null) {
      fields.put(Table.ACCESS_TOKEN_FORMAT, request.accessTokenFormat().value());
    }
    OpenIdClients.put(
        request.openId(), policy.metadata().get("id_token_signing_alg_values_supported"), fields);
    if (request.requirePushedAuthorizationRequests()) {
      fields.put(Table.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS, 1L);
    }
    if (request.dpopBoundAccessTokens()) {
      fields.put(Table.DPOP_BOUND_ACCESS_TOKENS, 1L);
    }
    return checkedByMethod(method, Record.of(fields), clientId);
  }

  /**
   * The installed method a client registers with.
   *
   * @throws Proauth2Exception {@code invalid_client_metadata} naming the installed ones
   */
  private ClientAuthMethod installedMethod(String authMethod) {
    if (authMethod.equals("client_secret_jwt")) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          "client_secret_jwt is not offered: it needs the client secret in clear, and proauth2"
              + " keeps only its hash; register with private_key_jwt instead");
    }
    return methods
        .find(authMethod)
        .orElseThrow(
            () ->
                new Proauth2Exception(
                    Proauth2Exception.INVALID_CLIENT_METADATA,
                    "token_endpoint_auth_method '"
                        + Inputs.visibleAscii(
                            authMethod,
                            "token_endpoint_auth_method",
                            64,
                            Proauth2Exception.INVALID_CLIENT_METADATA)
                        + "' is not installed; installed: "
                        + methods.names()
                        + "."
                        + ClientAuthMethods.advice(authMethod)));
  }

  /** Lets the method check and normalise the record; it may not change the client's id. */
  private Record checkedByMethod(ClientAuthMethod method, Record application, String clientId) {
    Record checked =
        method.checkRegistration(
            application, new EngineAuthContext(store, policy, fetcher, clientId));
    if (checked == null || !clientId.equals(checked.string(Table.CLIENT_ID).orElse(null))) {
      throw new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          "the client authentication method "
              + method.name()
              + " changed the client id of the record it checked; that is a bug in its plugin");
    }
    return checked;
  }

  /** Adds the client's keys, bounded; at most one of the two. */
  private static void putKeys(Map<String, Object> fields, String jwks, String jwksUri) {
    if (jwks != null && jwksUri != null) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          "send jwks or jwks_uri, not both (RFC 7591 section 2)");
    }
    if (jwks != null) {
      fields.put(
          Table.JWKS,
          Inputs.text(jwks, "jwks", Table.MAX_JWKS, Proauth2Exception.INVALID_CLIENT_METADATA));
    }
    if (jwksUri != null) {
      fields.put(
          Table.JWKS_URI,
          Inputs.visibleAscii(
              jwksUri, "jwks_uri", Table.MAX_URI, Proauth2Exception.INVALID_CLIENT_METADATA));
    }
  }

  /** The resources a client registers for: well-formed, and known to the engine if it names any. */
  private List<String> checkResources(List<String> requested) {
    List<String> resources = Resources.check(requested, Proauth2Exception.INVALID_CLIENT_METADATA);
    for (String resource : resources) {
      if (!policy.resources().isEmpty() && !policy.resources().contains(resource)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT_METADATA,
            "the resource " + resource + " is not one this server knows");
      }
    }
    return resources;
  }

  /**
   * Gives a client new public keys: an inline set or a new {@code jwks_uri}, which replace the old
   * at once. The client's method checks them, as at registration.
   */
  ClientRegistration rotateKeys(String clientId, String jwks, String jwksUri) {
    Record current = find(clientId, Proauth2Exception.INVALID_REQUEST);
    if (jwks == null && jwksUri == null) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA, "send the new jwks or jwks_uri");
    }
    Map<String, Object> fields = new LinkedHashMap<>(current.fields());
    fields.remove(Table.JWKS);
    fields.remove(Table.JWKS_URI);
    putKeys(fields, jwks, jwksUri);
    String registered = current.string(Table.AUTH_METHOD).orElse(DEFAULT_AUTH_METHOD);
    Record checked = checkedByMethod(methods.get(registered), Record.of(fields), clientId);
    Record rotated =
        update(
                current,
                record ->
                    withField(withField(record, checked, Table.JWKS), checked, Table.JWKS_URI))
            .orElseThrow(
                () ->
                    new Proauth2Exception(
                        Proauth2Exception.INVALID_REQUEST, "the client was deleted meanwhile"));
    if (events.enabled()) {
      events.emit(new Proauth2Event.ClientKeysRotated(policy.instant(), clientId));
    }
    return registration(rotated, null);
  }

  /**
   * Deletes a client and everything it holds: pending codes, access and refresh tokens. The
   * application goes first, so nothing new can be issued to it meanwhile.
   *
   * @return whether the client existed
   */
  boolean delete(String clientId, Tokens tokens) {
    Inputs.clientId(clientId, Proauth2Exception.INVALID_REQUEST);
    boolean existed = store.remove(Table.APPLICATIONS, clientId);
    long revoked = tokens.revokeAllBy(Table.CLIENT_ID, clientId);
    if (existed && events.enabled()) {
      events.emit(new Proauth2Event.ClientDeleted(policy.instant(), clientId, revoked));
    }
    return existed;
  }

  /**
   * Gives a confidential client a new secret; the old one stops working at once. A client deleted
   * meanwhile stays deleted: the replace writes nothing then.
   */
  ClientRegistration rotateSecret(String clientId) {
    Record current = find(clientId, Proauth2Exception.INVALID_REQUEST);
    if (current.string(Table.SECRET_HASH).isEmpty()) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          isPublic(current)
              ? "a public client has no secret to rotate"
              : "this client authenticates with its keys and has no secret; use rotateKeys");
    }
    String secret = Secrets.newSecret();
    String secretHash = SecretHashes.sha256(secret);
    Record rotated =
        update(current, record -> record.with(Table.SECRET_HASH, secretHash))
            .orElseThrow(
                () ->
                    new Proauth2Exception(
                        Proauth2Exception.INVALID_REQUEST, "the client was deleted meanwhile"));
    if (events.enabled()) {
      events.emit(new Proauth2Event.ClientSecretRotated(policy.instant(), clientId));
    }
    return registration(rotated, secret);
  }

  /**
   * Notes that a client was issued tokens: a client registered with a lifetime, until now held only
   * for its unused lifetime, now lasts to the end of its lifetime. One write, the first time only:
   * afterwards its {@code expires_at} is already there. The tokens are issued whatever happens
   * here; a write that fails is logged and made again with the client's next tokens.
   *
   * @param application the client's record as read when it authenticated
   */
  void markUsed(Record application) {
    OptionalLong end = application.number(Table.LIFETIME_ENDS_AT);
    if (end.isEmpty()
        || application.number(Table.EXPIRES_AT).orElse(Long.MAX_VALUE) >= end.getAsLong()) {
      return;
    }
    try {
      update(application, record -> extended(record, end.getAsLong()));
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "could not extend the registration of client "
              + application.string(Table.CLIENT_ID).orElseThrow()
              + " to its whole lifetime after it was issued tokens; the next tokens it gets try"
              + " again",
          e);
    }
  }

  /** The record held to {@code end}, unless it is already held as long. */
  private static Record extended(Record application, long end) {
    return application.number(Table.EXPIRES_AT).orElse(Long.MAX_VALUE) >= end
        ? application
        : application.with(Table.EXPIRES_AT, end);
  }

  /** The record with a field as {@code source} has it, or without it when the source has none. */
  private static Record withField(Record record, Record source, String field) {
    Object value = source.fields().get(field);
    if (value != null) {
      return record.with(field, value);
    }
    if (!record.has(field)) {
      return record;
    }
    Map<String, Object> fields = new LinkedHashMap<>(record.fields());
    fields.remove(field);
    return Record.of(fields);
  }

  /**
   * Writes a change to a client's record without losing another call's change to it: a secret
   * rotated, keys rotated, the lifetime extended. The store has no compare-and-set, but {@code
   * replace} answers the record it replaced: when that is not the one the change was made to,
   * another call wrote in between, and the change is made again to what it wrote. For that moment,
   * one write long, the other change is undone.
   *
   * @param read the record as read
   * @param change what to change in a record
   * @return the record written last, or empty when the client was deleted (nothing is written then)
   */
  private Optional<Record> update(Record read, UnaryOperator<Record> change) {
    Record expected = read;
    Record written = change.apply(read);
    for (int writes = 1; ; writes++) {
      Optional<Record> replaced = store.replace(Table.APPLICATIONS, written);
      if (replaced.isEmpty()) {
        return Optional.empty();
      }
      if (replaced.get().equals(expected) || writes == MAX_UPDATE_WRITES) {
        return Optional.of(written);
      }
      expected = written;
      written = change.apply(replaced.get());
    }
  }

  /** The registration a stored record describes, with the secret when it was just made. */
  static ClientRegistration registration(Record application, String secret) {
    return new ClientRegistration(
        application.string(Table.CLIENT_ID).orElseThrow(),
        secret,
        application.string(Table.NAME).orElseThrow(),
        redirectUris(application),
        application.string(Table.SCOPE).orElse(null),
        grantTypes(application),
        application.string(Table.AUTH_METHOD).orElse(DEFAULT_AUTH_METHOD),
        isResourceServer(application),
        Resources.parse(application.string(Table.RESOURCES).orElse(null)),
        application.string(Table.JWKS).orElse(null),
        application.string(Table.JWKS_URI).orElse(null),
        lifetimeEnd(application),
        application
            .string(Table.APPLICATION_TYPE)
            .flatMap(ApplicationType::fromValue)
            .orElse(ApplicationType.WEB),
        extensionGrantTypes(application),
        OpenIdClients.read(application));
  }

  private static Instant lifetimeEnd(Record application) {
    OptionalLong end = application.number(Table.LIFETIME_ENDS_AT);
    return end.isPresent() ? Instant.ofEpochMilli(end.getAsLong()) : null;
  }

  /** Whether the client's access tokens must be bound to a DPoP key (RFC 9449 section 5.2). */
  static boolean requiresDpop(Record application) {
    return application.number(Table.DPOP_BOUND_ACCESS_TOKENS).orElse(0) == 1;
  }

  /** Whether the client must push its authorization requests (RFC 9126 section 6). */
  static boolean requiresPushedRequests(Record application) {
    return application.number(Table.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS).orElse(0) == 1;
  }

  /** Whether the host made the client a resource server, which may introspect any token. */
  static boolean isResourceServer(Record application) {
    return application.number(Table.RESOURCE_SERVER).orElse(0) == 1;
  }

  /** The client's application record; an unknown client is reported with {@code error}. */
  Record find(String clientId, String error) {
    Inputs.clientId(clientId, error);
    return lookup(clientId)
        .orElseThrow(() -> new Proauth2Exception(error, "unknown client_id '" + clientId + "'"));
  }

  /**
   * The record of a registered client, or of one whose id is the URL of its Client ID Metadata
   * Document when the engine accepts those.
   *
   * @throws Proauth2Exception {@code invalid_client} when such a document cannot be used
   */
  private Optional<Record> lookup(String clientId) {
    if (documents != null && ClientDocuments.isDocumentUrl(clientId)) {
      return Optional.of(documents.application(clientId));
    }
    return store.fetch(Table.APPLICATIONS, clientId);
  }

  /** Lets a document client's method check its record, as at registration. */
  private Record checkedDocumentClient(Record application) {
    String clientId = application.string(Table.CLIENT_ID).orElseThrow();
    String name = application.string(Table.AUTH_METHOD).orElseThrow();
    ClientAuthMethod method =
        methods
            .find(name)
            .orElseThrow(
                () ->
                    new Proauth2Exception(
                        Proauth2Exception.INVALID_CLIENT_METADATA,
                        "the document's token_endpoint_auth_method " + name + " is not installed"));
    return checkedByMethod(method, application, clientId);
  }

  /**
   * Authenticates a client that presented credentials, through the method it registered.
   *
   * <p>Only a wrong secret counts towards the failure limit, per client and source: a method
   * mismatch or a public client's attempt proves nothing about a secret, and counting them would
   * let anyone who knows a client id, which is public, lock the client out.
   *
   * <p>A client id that no client can have (anything but visible ASCII, such as a C1 control or a
   * bidi override) is refused first, as from the Java API, and reaches neither the store nor the
   * listeners.
   *
   * @return its application record
   * @throws Proauth2Exception {@code invalid_client} on any failure, with one description for all
   *     but those the client's method gave and a malformed client id
   */
  Record authenticate(ClientCredentials presented) {
    Inputs.clientId(presented.clientId(), Proauth2Exception.INVALID_CLIENT);
    Record application =
        lookup(presented.clientId()).orElseThrow(() -> refused(presented, "unknown_client"));
    String registered = application.string(Table.AUTH_METHOD).orElse(DEFAULT_AUTH_METHOD);
    if (!presented.method().equals(registered) && !presented.method().equals(DIRECT)) {
      throw refused(presented, "wrong_method");
    }
    boolean counted = !isPublic(application);
    if (counted && limiter.blocked(presented.clientId(), presented.source())) {
      failed(presented, "locked_out");
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT,
          "too many failed authentications for this client; try again in "
              + limiter.retryAfterSeconds(presented.clientId(), presented.source())
              + " s");
    }
    EngineAuthContext context = new EngineAuthContext(store, policy, fetcher, presented.clientId());
    boolean verified;
    // A method may say which check failed (an assertion's audience, say) by throwing
    // invalid_client; that counts as a failure as much as false does.
    Proauth2Exception said = null;
    try {
      verified =
          methods.get(registered).verify(withMethod(presented, registered), application, context);
    } catch (Proauth2Exception e) {
      if (!e.error().equals(Proauth2Exception.INVALID_CLIENT)) {
        throw e;
      }
      verified = false;
      said = e;
    }
    if (!verified) {
      boolean lockedOut = counted && limiter.failed(presented.clientId(), presented.source());
      failed(presented, "wrong_secret");
      Proauth2Exception refused =
          said != null
              ? said
              : new Proauth2Exception(Proauth2Exception.INVALID_CLIENT, UNAUTHENTICATED);
      if (lockedOut && events.enabled()) {
        events.emit(
            new Proauth2Event.ClientLockedOut(
                policy.instant(),
                presented.clientId(),
                presented.source(),
                limiter.retryAfterSeconds(presented.clientId(), presented.source())));
      }
      throw refused;
    }
    if (counted) {
      limiter.succeeded(presented.clientId(), presented.source());
    }
    return application;
  }

  /** Tells the listeners of a failed authentication, and makes the one error for all of them. */
  private Proauth2Exception refused(ClientCredentials presented, String reason) {
    failed(presented, reason);
    return new Proauth2Exception(Proauth2Exception.INVALID_CLIENT, UNAUTHENTICATED);
  }

  private void failed(ClientCredentials presented, String reason) {
    if (events.enabled()) {
      events.emit(
          new Proauth2Event.ClientAuthenticationFailed(
              policy.instant(),
              presented.clientId(),
              presented.method(),
              reason,
              presented.source()));
    }
  }

  /** The method name for credentials given to the Java API directly rather than over HTTP. */
  static final String DIRECT = "direct";

  /** Credentials from the Java API, checked by whichever method the client registered. */
  static ClientCredentials direct(String clientId, String secret) {
    Inputs.clientId(clientId, Proauth2Exception.INVALID_CLIENT);
    return new ClientCredentials(DIRECT, clientId, secret);
  }

  /** Refuses a grant type the client is not registered for, as {@code unauthorized_client}. */
  static void requireGrant(Record application, GrantType grantType) {
    if (!allowsGrant(application, grantType)) {
      throw new Proauth2Exception(
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          "this client is not registered for the " + grantType.value() + " grant");
    }
  }

  /** Refuses an extension grant type the client is not registered for. */
  static void requireGrant(Record application, String grantType) {
    if (!Scopes.contains(application.string(Table.GRANT_TYPES).orElse(""), grantType)) {
      throw new Proauth2Exception(
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          "this client is not registered for the " + grantType + " grant");
    }
  }

  /** The scope granted for a request: the requested one, within what the client may have. */
  static String grantedScope(Record application, String requested) {
    return Scopes.grant(
        Scopes.parse(requested, Proauth2Exception.INVALID_SCOPE),
        application.string(Table.SCOPE).orElse(null));
  }

  static boolean allowsGrant(Record application, GrantType grant) {
    return Scopes.contains(application.string(Table.GRANT_TYPES).orElse(""), grant.value());
  }

  /** A client that proves nothing ({@code none}); one that signs with its keys is confidential. */
  static boolean isPublic(Record application) {
    return application
        .string(Table.AUTH_METHOD)
        .orElse(DEFAULT_AUTH_METHOD)
        .equals(NoneAuthMethod.NAME);
  }

  /** The grant types a stored record names; a value this version does not know is left out. */
  static List<GrantType> grantTypes(Record application) {
    List<GrantType> grantTypes = new ArrayList<>();
    for (String value : application.string(Table.GRANT_TYPES).orElse("").split(" ")) {
      GrantType.fromValue(value).ifPresent(grantTypes::add);
    }
    return grantTypes;
  }

  static List<String> redirectUris(Record application) {
    return application
        .string(Table.REDIRECT_URIS)
        .map(uris -> Arrays.asList(uris.split(" ")))
        .orElse(List.of());
  }

  private static ClientCredentials withMethod(ClientCredentials presented, String method) {
    return presented.method().equals(method)
        ? presented
        : new ClientCredentials(
            method, presented.clientId(), presented.secret(), presented.source());
  }

  /**
   * Checks the redirect URIs; only a client that uses {@code authorization_code} needs one (RFC
   * 7591 section 2), so a machine-to-machine client registers without.
   */
  private static List<String> checkRedirectUris(List<String> uris, boolean needed) {
    if (uris.isEmpty() && needed) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REDIRECT_URI,
          "a client that uses authorization_code needs at least one redirect URI");
    }
    if (uris.size() > RedirectUris.MAX_PER_CLIENT) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REDIRECT_URI,
          "a client may register at most " + RedirectUris.MAX_PER_CLIENT + " redirect URIs");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (String uri : uris) {
      distinct.add(RedirectUris.checkRegistrable(uri));
    }
    return new ArrayList<>(distinct);
  }

  /**
   * The built-in grant types; none asked for means the default pair, unless the client asked for
   * extension grants only.
   */
  private static List<GrantType> checkGrantTypes(
      List<GrantType> requested, boolean isPublic, boolean extensions) {
    if (requested.isEmpty()) {
      return extensions ? List.of() : DEFAULT_GRANT_TYPES;
    }
    Set<GrantType> grants = new LinkedHashSet<>(requested);
    if (isPublic && grants.contains(GrantType.CLIENT_CREDENTIALS)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          "a public client (token_endpoint_auth_method none) cannot use client_credentials");
    }
    return new ArrayList<>(grants);
  }

  /** The extension grant types asked for, each installed in the engine. */
  private List<String> checkExtensionGrantTypes(List<String> requested) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String grantType : requested) {
      if (!extensionGrantTypes.contains(grantType)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT_METADATA,
            "grant type '"
                + (grantType.length() <= 256
                        && grantType.chars().allMatch(c -> c > 0x20 && c < 0x7F)
                    ? grantType
                    : "(unprintable)")
                + "' is not offered here; installed extension grants: "
                + extensionGrantTypes);
      }
      distinct.add(grantType);
    }
    return new ArrayList<>(distinct);
  }

  /** The extension grant types a stored record names. */
  static List<String> extensionGrantTypes(Record application) {
    List<String> extensions = new ArrayList<>();
    for (String value : application.string(Table.GRANT_TYPES).orElse("").split(" ")) {
      if (!value.isEmpty() && GrantType.fromValue(value).isEmpty()) {
        extensions.add(value);
      }
    }
    return extensions;
  }

  /** Grant types as stored: their values, space-separated. */
  private static String joined(List<GrantType> grantTypes, List<String> extensions) {
    StringJoiner joined = new StringJoiner(" ");
    grantTypes.forEach(grant -> joined.add(grant.value()));
    extensions.forEach(joined::add);
    return joined.toString();
  }
}

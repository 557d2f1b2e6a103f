package dev.proauth2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The engine's settings, read once from its builder, whose setters checked each of them. */
final class Policy {

  private final Clock clock;
  private final Duration codeTtl;
  private final Duration accessTokenTtl;
  private final Duration refreshTokenTtl;
  private final String issuer;
  private final boolean requirePkce;
  private final boolean allowPlainPkce;
  private final int clientFailureLimit;
  private final Duration clientFailureWindow;
  private final Endpoints endpoints;
  private final Set<String> resources;
  private final String defaultResource;
  private final Duration fetchTimeout;
  private final ClientIdMetadataDocuments clientIdMetadataDocuments;
  private final AccessTokenFormat accessTokenFormat;
  private final Map<String, AccessTokenFormat> resourceFormats;
  private final Duration jwtAccessTokenTtl;
  private final boolean signs;
  private final Map<String, Object> metadata;
  private final boolean requirePushedAuthorizationRequests;
  private final Duration pushedRequestTtl;
  private final Duration deviceCodeTtl;
  private final Duration devicePollingInterval;
  private final Duration dpopProofWindow;
  private final Duration dpopNonceLifetime;

  Policy(Proauth2.Builder builder) {
    this.clock = builder.clock;
    this.codeTtl = builder.codeTtl;
    this.accessTokenTtl = builder.accessTokenTtl;
    this.refreshTokenTtl = builder.refreshTokenTtl;
    this.issuer = builder.issuer;
    this.requirePkce = builder.requirePkce;
    this.allowPlainPkce = builder.allowPlainPkce;
    this.clientFailureLimit = builder.clientFailureLimit;
    this.clientFailureWindow = builder.clientFailureWindow;
    this.endpoints =
        new Endpoints(
            builder.issuer,
            builder.authorizationEndpoint,
            builder.tokenEndpoint,
            builder.introspectionEndpoint,
            builder.revocationEndpoint,
            builder.registrationEndpoint,
            builder.signer == null ? null : builder.jwksEndpoint,
            builder.pushedAuthorizationRequestEndpoint,
            builder.deviceAuthorizationEndpoint,
            builder.deviceVerificationUri);
    this.resources = Set.copyOf(builder.resources);
    this.defaultResource = builder.defaultResource;
    this.fetchTimeout = builder.fetchTimeout;
    this.clientIdMetadataDocuments = builder.clientIdMetadataDocuments;
    this.accessTokenFormat = builder.accessTokenFormat;
    this.resourceFormats = Map.copyOf(builder.resourceFormats);
    this.jwtAccessTokenTtl = builder.jwtAccessTokenTtl;
    this.signs = builder.signer != null;
    this.metadata = Map.copyOf(builder.metadata);
    this.requirePushedAuthorizationRequests = builder.requirePushedAuthorizationRequests;
    this.pushedRequestTtl = builder.pushedRequestTtl;
    this.deviceCodeTtl = builder.deviceCodeTtl;
    this.devicePollingInterval = builder.devicePollingInterval;
    this.dpopProofWindow = builder.dpopProofWindow;
    this.dpopNonceLifetime = builder.dpopNonceLifetime;
  }

  /** The members the host added to the metadata documents ({@link Proauth2.Builder#metadata}). */
  Map<String, Object> metadata() {
    return metadata;
  }

  /** How far a DPoP proof's {@code iat} may be from the engine's time, either way. */
  Duration dpopProofWindow() {
    return dpopProofWindow;
  }

  /** How long a DPoP nonce window lasts, or {@code null} when proofs need no nonce. */
  Duration dpopNonceLifetime() {
    return dpopNonceLifetime;
  }

  /** Whether every client must push its authorization requests (RFC 9126 section 5). */
  boolean requirePushedAuthorizationRequests() {
    return requirePushedAuthorizationRequests;
  }

  /** How long a pushed request's {@code request_uri} may be used. */
  Duration pushedRequestTtl() {
    return pushedRequestTtl;
  }

  /** How long a device authorization waits for the user. */
  Duration deviceCodeTtl() {
    return deviceCodeTtl;
  }

  /** The least time between a device's polls, before any {@code slow_down}. */
  Duration devicePollingInterval() {
    return devicePollingInterval;
  }

  /** Whether the engine has a signer, so it can issue JWT access tokens. */
  boolean signs() {
    return signs;
  }

  /**
   * The format of an access token: the format a resource of its audience was given ({@link
   * AccessTokenFormat#JWT} if any was given that), else the client's, else the engine's.
   *
   * @param clientFormat the client's format as registered, or {@code null}
   * @param audience the token's resources as stored, or {@code null}
   */
  AccessTokenFormat accessTokenFormat(String clientFormat, String audience) {
    AccessTokenFormat byResource = null;
    for (String resource : Resources.parse(audience)) {
      AccessTokenFormat format = resourceFormats.get(resource);
      if (format == AccessTokenFormat.JWT) {
        return format;
      }
      byResource = format == null ? byResource : format;
    }
    if (byResource != null) {
      return byResource;
    }
    return clientFormat == null ? accessTokenFormat : AccessTokenFormat.of(clientFormat);
  }

  /** How long an access token of this format lives. */
  Duration accessTokenTtl(AccessTokenFormat format) {
    return format == AccessTokenFormat.JWT ? jwtAccessTokenTtl : accessTokenTtl;
  }

  /** The longest an access token of any format may live. */
  Duration longestAccessTokenTtl() {
    return jwtAccessTokenTtl.compareTo(accessTokenTtl) > 0 ? jwtAccessTokenTtl : accessTokenTtl;
  }

  Clock clock() {
    return clock;
  }

  Duration codeTtl() {
    return codeTtl;
  }

  Duration accessTokenTtl() {
    return accessTokenTtl;
  }

  Duration refreshTokenTtl() {
    return refreshTokenTtl;
  }

  /** The issuer identifier, or {@code null} when the host configured none. */
  String issuer() {
    return issuer;
  }

  boolean requirePkce() {
    return requirePkce;
  }

  boolean allowPlainPkce() {
    return allowPlainPkce;
  }

  int clientFailureLimit() {
    return clientFailureLimit;
  }

  Duration clientFailureWindow() {
    return clientFailureWindow;
  }

  /** The token endpoint's URL, or {@code null} without an issuer. */
  String tokenEndpoint() {
    return issuer == null ? null : endpoints.url(endpoints.token());
  }

  /** Where the endpoints are served. */
  Endpoints endpoints() {
    return endpoints;
  }

  /** The resources the engine knows (RFC 8707). */
  Set<String> resources() {
    return resources;
  }

  /** The audience of a request that names none, or {@code null}. */
  String defaultResource() {
    return defaultResource;
  }

  /** The deadline of one outbound fetch. */
  Duration fetchTimeout() {
    return fetchTimeout;
  }

  /** How clients identified by a metadata document URL are accepted, or {@code null} for not. */
  ClientIdMetadataDocuments clientIdMetadataDocuments() {
    return clientIdMetadataDocuments;
  }

  long now() {
    return clock.millis();
  }

  /** Now, for events. */
  Instant instant() {
    return clock.instant();
  }

  /**
   * Whether the engine must re-check a fetched record's expiry with its own clock, for a store it
   * did not open. A store opened from a config string is handed the engine's clock (the {@code
   * DataStore} contract); a store handed in judges expiry by its own clock, most often the wall
   * clock, so an engine on that same clock would only read it again, which is a tenth of a token
   * check. An injected clock (a test's, a simulation's) may disagree with the store's, so then the
   * engine checks.
   */
  boolean rechecksExpiry() {
    return !clock.equals(Clock.system(clock.getZone()));
  }
}

package dev.proauth2;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an engine's endpoints are served, as its builder was told: the one source every door reads,
 * so the metadata document, the servlet's routes and the audience a client assertion must name
 * cannot disagree. Each is a path under the issuer (served by an adapter such as the servlet) or an
 * absolute URL (served elsewhere, by the host).
 */
public final class Endpoints {

  private final String issuer;
  private final String authorization;
  private final String token;
  private final String introspection;
  private final String revocation;
  private final String registration;
  private final String jwks;
  private final String pushedAuthorizationRequest;
  private final String deviceAuthorization;
  private final String deviceVerification;

  Endpoints(
      String issuer,
      String authorization,
      String token,
      String introspection,
      String revocation,
      String registration,
      String jwks,
      String pushedAuthorizationRequest,
      String deviceAuthorization,
      String deviceVerification) {
    this.issuer = issuer;
    this.authorization = Objects.requireNonNull(authorization, "authorization");
    this.token = Objects.requireNonNull(token, "token");
    this.introspection = introspection;
    this.revocation = revocation;
    this.registration = registration;
    this.jwks = jwks;
    this.pushedAuthorizationRequest = pushedAuthorizationRequest;
    this.deviceAuthorization = Objects.requireNonNull(deviceAuthorization, "deviceAuthorization");
    this.deviceVerification = Objects.requireNonNull(deviceVerification, "deviceVerification");
  }

  /** The authorization endpoint; default {@code /authorize}. */
  public String authorization() {
    return authorization;
  }

  /** The token endpoint; default {@code /token}. */
  public String token() {
    return token;
  }

  /** The introspection endpoint (RFC 7662); default {@code /introspect}, empty when off. */
  public Optional<String> introspection() {
    return Optional.ofNullable(introspection);
  }

  /** The revocation endpoint (RFC 7009); default {@code /revoke}, empty when off. */
  public Optional<String> revocation() {
    return Optional.ofNullable(revocation);
  }

  /**
   * The registration endpoint (RFC 7591); empty by default, since open registration is a choice.
   */
  public Optional<String> registration() {
    return Optional.ofNullable(registration);
  }

  /**
   * Where the public signing keys are served ({@code jwks_uri}); default {@code /jwks}, empty when
   * the engine signs nothing.
   */
  public Optional<String> jwks() {
    return Optional.ofNullable(jwks);
  }

  /** The pushed authorization request endpoint (RFC 9126); default {@code /par}, empty when off. */
  public Optional<String> pushedAuthorizationRequest() {
    return Optional.ofNullable(pushedAuthorizationRequest);
  }

  /**
   * The device authorization endpoint (RFC 8628 section 3.1); default {@code
   * /device_authorization}.
   */
  public String deviceAuthorization() {
    return deviceAuthorization;
  }

  /**
   * The host's page where a user enters a device's user code ({@code verification_uri}, RFC 8628
   * section 3.2); default {@code /device}.
   */
  public String deviceVerification() {
    return deviceVerification;
  }

  /**
   * An endpoint's URL: a path appended to the issuer, or the absolute URL as given.
   *
   * @throws IllegalStateException when the engine has no issuer to resolve a path against
   */
  public String url(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (issuer == null) {
      throw new IllegalStateException(
          "the engine has no issuer, so its endpoints have no URL; set Proauth2.builder().issuer(...)");
    }
    return Urls.resolve(issuer, endpoint);
  }

  /** Whether an endpoint is a path under the issuer, which an adapter serves. */
  public static boolean isPath(String endpoint) {
    return endpoint.startsWith("/");
  }

  @Override
  public String toString() {
    return "Endpoints[authorization="
        + authorization
        + ", token="
        + token
        + ", introspection="
        + introspection
        + ", revocation="
        + revocation
        + ", registration="
        + registration
        + ", jwks="
        + jwks
        + ", pushedAuthorizationRequest="
        + pushedAuthorizationRequest
        + "]";
  }
}

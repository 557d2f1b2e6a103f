package dev.proauth2.endpoint;

import dev.proauth2.ClientRegistration;
import dev.proauth2.OpenIdParameters;
import dev.proauth2.ValidatedAuthorization;
import dev.proauth2.spi.Proauth2Exception;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of {@link AuthorizationEndpoint#check}: either a valid request, with what the host
 * needs to ask the user for consent, or an error with the response that reports it.
 *
 * <p>An error's response is a 302 back to the client when its client and redirect URI were
 * confirmed, and otherwise a 400 page for the user, since redirecting to an unconfirmed URI would
 * make the server an open redirector (RFC 6749 section 4.1.2.1). A host that wants its own page for
 * the latter reads {@link #error()} and checks {@link #redirectsError()}.
 */
public final class AuthorizationCheck {
  private final Proauth2Exception error;
  private final EndpointResponse errorResponse;
  private final ValidatedAuthorization validated;
  private final Map<String, String> parameters;

  private AuthorizationCheck(
      Proauth2Exception error,
      EndpointResponse errorResponse,
      ValidatedAuthorization validated,
      Map<String, String> parameters) {
    this.error = error;
    this.errorResponse = errorResponse;
    this.validated = validated;
    this.parameters = parameters;
  }

  static AuthorizationCheck valid(
      ValidatedAuthorization validated, Map<String, String> parameters) {
    return new AuthorizationCheck(
        null, null, validated, Collections.unmodifiableMap(new LinkedHashMap<>(parameters)));
  }

  static AuthorizationCheck invalid(Proauth2Exception error, EndpointResponse response) {
    return new AuthorizationCheck(error, response, null, Map.of());
  }

  /** Whether the request passed every check, so the host may ask the user for consent. */
  public boolean isValid() {
    return error == null;
  }

  /** The error, for a refused request. */
  public Optional<Proauth2Exception> error() {
    return Optional.ofNullable(error);
  }

  /** The response that reports the error, for a refused request. */
  public Optional<EndpointResponse> errorResponse() {
    return Optional.ofNullable(errorResponse);
  }

  /** Whether the error response redirects to the client (its redirect URI was confirmed). */
  public boolean redirectsError() {
    return errorResponse != null && errorResponse.status() == 302;
  }

  /** The client asking, without its secret; show its name on the consent page. */
  public ClientRegistration client() {
    return valid().client();
  }

  /** The redirect URI the user will be sent back to; show its host on the consent page. */
  public String redirectUri() {
    return valid().redirectUri();
  }

  /**
   * The scope to ask consent for: what the client asked for or, when it asked for none, all it is
   * registered for; empty when it is registered for no particular scope.
   */
  public Optional<String> scope() {
    return valid().optionalScope();
  }

  /** The client's {@code state}, if it sent one. */
  public Optional<String> state() {
    return Optional.ofNullable(valid().state());
  }

  /**
   * The resources (RFC 8707) the tokens will be for, to show the user; empty when they are for no
   * resource in particular.
   */
  public List<String> resources() {
    return valid().resources();
  }

  /**
   * For a client identified by its Client ID Metadata Document, the document's origin (host, and
   * port when not 443): all such a client proves about itself, so show it beside its name.
   */
  public Optional<String> metadataDocumentOrigin() {
    return valid().metadataDocumentOrigin();
  }

  /**
   * Whether every redirect URI of the client is on the user's own machine; the consent page should
   * warn, since any program there may be asking (the MCP authorization spec advises it).
   */
  public boolean redirectsOnlyToLoopback() {
    return valid().redirectsOnlyToLoopback();
  }

  /**
   * The OpenID Connect parameters, checked: the host's login and consent step honours {@code
   * prompt}, {@code max_age}, {@code login_hint}, {@code ui_locales} and {@code display}; {@link
   * OpenIdParameters#NONE} when there are none.
   */
  public OpenIdParameters openId() {
    return valid().openId();
  }

  /** Whether the request is an OpenID Connect one: its scope holds {@code openid}. */
  public boolean isOpenId() {
    return valid().isOpenId();
  }

  /**
   * Every parameter of the request, once each: the consent form sends them all back with the user's
   * answer, so {@link AuthorizationEndpoint#approve} sees the same request. Several {@code
   * resource} values are joined with single spaces, which no URI contains.
   */
  public Map<String, String> parameters() {
    return parameters;
  }

  private ValidatedAuthorization valid() {
    if (error != null) {
      throw new IllegalStateException("the authorization request was refused: " + error.error());
    }
    return validated;
  }

  @Override
  public String toString() {
    return isValid()
        ? "AuthorizationCheck[valid, client=" + validated.client().clientId() + "]"
        : "AuthorizationCheck[refused, error=" + error.error() + "]";
  }
}

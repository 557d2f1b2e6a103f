package dev.proauth2.endpoint;

import dev.proauth2.ClientRegistration;
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
  private final ClientRegistration client;
  private final String redirectUri;
  private final String scope;
  private final String state;
  private final Map<String, String> parameters;
  private final List<String> resources;

  private AuthorizationCheck(
      Proauth2Exception error,
      EndpointResponse errorResponse,
      ClientRegistration client,
      String redirectUri,
      String scope,
      String state,
      Map<String, String> parameters,
      List<String> resources) {
    this.error = error;
    this.errorResponse = errorResponse;
    this.client = client;
    this.redirectUri = redirectUri;
    this.scope = scope;
    this.state = state;
    this.parameters = parameters;
    this.resources = resources;
  }

  static AuthorizationCheck valid(
      ClientRegistration client,
      String redirectUri,
      String scope,
      String state,
      Map<String, String> parameters,
      List<String> resources) {
    return new AuthorizationCheck(
        null,
        null,
        client,
        redirectUri,
        scope,
        state,
        Collections.unmodifiableMap(new LinkedHashMap<>(parameters)),
        List.copyOf(resources));
  }

  static AuthorizationCheck invalid(Proauth2Exception error, EndpointResponse response) {
    return new AuthorizationCheck(error, response, null, null, null, null, Map.of(), List.of());
  }

  /** Whether the request may go on to the consent step. */
  public boolean isValid() {
    return error == null;
  }

  /** Why the request was refused, when it was. */
  public Optional<Proauth2Exception> error() {
    return Optional.ofNullable(error);
  }

  /** The response that reports the error, when there is one: a 302 to the client or a 400 page. */
  public Optional<EndpointResponse> errorResponse() {
    return Optional.ofNullable(errorResponse);
  }

  /** Whether the error response redirects to the client (its redirect URI was confirmed). */
  public boolean redirectsError() {
    return errorResponse != null && errorResponse.status() == 302;
  }

  /** The client asking, without its secret; show its name on the consent page. */
  public ClientRegistration client() {
    return requireValid(client);
  }

  /** The redirect URI the user will be sent back to; show its host on the consent page. */
  public String redirectUri() {
    return requireValid(redirectUri);
  }

  /**
   * The scope to ask consent for: what the client asked for or, when it asked for none, all it is
   * registered for; empty when it is registered for no particular scope.
   */
  public Optional<String> scope() {
    requireValid(redirectUri);
    return Optional.ofNullable(scope);
  }

  /** The client's {@code state}, if it sent one. */
  public Optional<String> state() {
    requireValid(redirectUri);
    return Optional.ofNullable(state);
  }

  /**
   * The resources (RFC 8707) the tokens will be for, to show the user; empty when they are for no
   * resource in particular.
   */
  public List<String> resources() {
    return requireValid(resources);
  }

  /**
   * Every parameter of the request, once each: the consent form sends them all back with the user's
   * answer, so {@link AuthorizationEndpoint#approve} sees the same request. Several {@code
   * resource} values are joined with single spaces, which no URI contains.
   */
  public Map<String, String> parameters() {
    return parameters;
  }

  private <T> T requireValid(T value) {
    if (error != null) {
      throw new IllegalStateException("the authorization request was refused: " + error.error());
    }
    return value;
  }

  @Override
  public String toString() {
    return isValid()
        ? "AuthorizationCheck[valid, client=" + client.clientId() + "]"
        : "AuthorizationCheck[refused, error=" + error.error() + "]";
  }
}

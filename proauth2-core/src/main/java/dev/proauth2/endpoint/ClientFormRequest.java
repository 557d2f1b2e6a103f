package dev.proauth2.endpoint;

import dev.proauth2.Proauth2;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part the token, revocation and introspection endpoints share: a form POST from a client that
 * authenticates. It checks the content type, reads the form once per parameter, keeps secrets out
 * of the URL, and extracts the client's credentials with exactly one installed method.
 *
 * @param parameters the form parameters
 * @param credentials what the client presented
 */
record ClientFormRequest(Parameters parameters, ClientCredentials credentials) {

  /** Parameters that carry a secret, refused in a URL query, which servers and proxies log. */
  private static final Set<String> SECRET_PARAMETERS =
      Set.of(
          "client_id",
          "client_secret",
          "client_assertion",
          "code",
          "code_verifier",
          "refresh_token",
          "token",
          "password",
          "assertion",
          "subject_token",
          "actor_token",
          "device_code");

  /**
   * Reads and authenticates a request; the caller has checked the method.
   *
   * @param endpoint the endpoint's name for descriptions, such as {@code token endpoint}
   * @throws Proauth2Exception {@code invalid_request} for a wrong content type, a repeated
   *     parameter, a secret in the URL or more than one authentication method; {@code
   *     invalid_client} when the client presented no credentials, or an {@code Authorization}
   *     header with a control character such as CR, LF or NUL
   */
  static ClientFormRequest read(Proauth2 oauth, EndpointRequest request, String endpoint) {
    if (request.contentType().filter(EndpointRequest.FORM::equals).isEmpty()) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "the "
              + endpoint
              + " needs a form body with Content-Type "
              + EndpointRequest.FORM
              + " (RFC 6749 section 3.2)");
    }
    Parameters parameters = Parameters.of(request.formParameters());
    for (String value : request.headers().getOrDefault("authorization", List.of())) {
      if (EndpointRequest.hasControlCharacter(value)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT,
            "the Authorization header has a control character such as CR, LF or NUL (RFC 9110"
                + " section 5.5)");
      }
    }
    Map<String, List<String>> query = request.queryParameters();
    for (String name : query.keySet()) {
      if (SECRET_PARAMETERS.contains(name)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST,
            name
                + " must be sent in the form body, never in the URL query, which is logged;"
                + " treat any secret sent there as leaked");
      }
    }
    ClientCredentials credentials =
        oauth
            .extractCredentials(new ClientAuthRequest(request.headers(), parameters.asLists()))
            .map(presented -> presented.from(request.remoteAddress().orElse(null)))
            .orElseThrow(
                () ->
                    new Proauth2Exception(
                        Proauth2Exception.INVALID_CLIENT,
                        "the client did not authenticate; use the token_endpoint_auth_method it"
                            + " registered (installed: "
                            + oauth.capabilities().clientAuthMethods()
                            + ")"));
    String clientId = parameters.get("client_id");
    if (clientId != null && !clientId.equals(credentials.clientId())) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "client_id in the form differs from the client that authenticated");
    }
    return new ClientFormRequest(parameters, credentials);
  }
}

package dev.proauth2.endpoint;

import dev.proauth2.DPoPNonceRequired;
import dev.proauth2.DPoPRequest;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.Proauth2Exception;
import java.util.List;
import java.util.Optional;

/**
 * The {@code DPoP} request header (RFC 9449 section 4.1) and the {@code DPoP-Nonce} response header
 * (section 8), in one place for the token endpoint and the resource checks.
 */
final class DPoPHeader {

  private DPoPHeader() {}

  /**
   * The proof a request carries, with its method and the URL it was sent to, or {@code null} when
   * it has none or the engine takes no DPoP (then the header is ignored, as section 5 allows).
   *
   * @param endpoint the endpoint as the engine knows it, a path under the issuer or a full URL
   * @throws Proauth2Exception {@code invalid_dpop_proof} when the header is repeated
   */
  static DPoPRequest read(Proauth2 oauth, EndpointRequest request, String endpoint) {
    if (oauth.capabilities().dpopSigningAlgorithms().isEmpty()) {
      return null;
    }
    List<String> values = request.headers().getOrDefault("dpop", List.of());
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_DPOP_PROOF, "send one DPoP header, not " + values.size());
    }
    return new DPoPRequest(values.get(0), request.method(), oauth.endpoints().url(endpoint));
  }

  /**
   * The proof of a resource request sent with {@code Authorization: DPoP}: it must have exactly one
   * {@code DPoP} header.
   *
   * @throws Proauth2Exception {@code invalid_dpop_proof} when it has none or several
   */
  static DPoPRequest required(EndpointRequest request, String url) {
    List<String> values = request.headers().getOrDefault("dpop", List.of());
    if (values.size() != 1) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_DPOP_PROOF,
          "a request with Authorization: DPoP needs exactly one DPoP header with a proof");
    }
    return new DPoPRequest(values.get(0), request.method(), url);
  }

  /**
   * The access token of an {@code Authorization: DPoP} header (RFC 9449 section 7.1), or empty for
   * another scheme.
   *
   * @throws Proauth2Exception {@code invalid_request} when the header is malformed
   */
  static Optional<String> token(EndpointRequest request) {
    Optional<String> header = request.header("Authorization");
    if (header.isEmpty() || EndpointRequest.hasControlCharacter(header.get())) {
      return Optional.empty();
    }
    String trimmed = EndpointRequest.trimWhitespace(header.get());
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    if (!scheme.equalsIgnoreCase("DPoP")) {
      return Optional.empty();
    }
    String value = space < 0 ? "" : EndpointRequest.trimWhitespace(trimmed.substring(space + 1));
    return Optional.of(new BearerToken(value).value());
  }

  /**
   * The {@code DPoP} challenge (RFC 9449 section 7.1): {@code algs} always, and {@code error} and
   * {@code error_description} when an error is given.
   */
  static String challenge(Proauth2 oauth, String realm, Proauth2Exception error) {
    StringBuilder value = new StringBuilder("DPoP realm=").append(Responses.quoted(realm));
    if (error != null) {
      value.append(", error=").append(Responses.quoted(error.error()));
      value.append(", error_description=").append(Responses.quoted(Responses.description(error)));
    }
    value
        .append(", algs=")
        .append(Responses.quoted(String.join(" ", oauth.capabilities().dpopSigningAlgorithms())));
    return value.toString();
  }

  /**
   * The refusal of a resource request that used {@code Authorization: DPoP}: 401 for a token or
   * proof refused, with the {@code DPoP} challenge and, for {@code use_dpop_nonce}, {@code
   * DPoP-Nonce}; 400 for a malformed request, 403 for a missing scope.
   */
  static EndpointResponse refused(Proauth2 oauth, String realm, Proauth2Exception error) {
    int status =
        switch (error.error()) {
          case Proauth2Exception.INVALID_DPOP_PROOF, Proauth2Exception.USE_DPOP_NONCE -> 401;
          default -> Responses.status(error.error());
        };
    EndpointResponse response =
        EndpointResponse.error(status, error.error(), Responses.description(error));
    if (status == 400 || status == 401 || status == 403) {
      response = response.withHeader("WWW-Authenticate", challenge(oauth, realm, error));
    }
    if (error instanceof DPoPNonceRequired nonce) {
      response = response.withHeader("DPoP-Nonce", nonce.nonce());
    }
    return response;
  }

  /** The response with the current nonce in {@code DPoP-Nonce}, when the engine asks for one. */
  static EndpointResponse withNonce(Proauth2 oauth, EndpointResponse response) {
    return oauth.dpopNonce().map(n -> response.withHeader("DPoP-Nonce", n)).orElse(response);
  }
}

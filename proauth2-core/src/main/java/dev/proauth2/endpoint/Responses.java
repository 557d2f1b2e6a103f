package dev.proauth2.endpoint;

import dev.proauth2.DPoPNonceRequired;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns errors into responses the same way for every endpoint: the RFC 6749 section 5.2 JSON body,
 * the status each error code calls for, and the headers that go with it.
 */
final class Responses {

  private static final System.Logger LOG = System.getLogger("dev.proauth2.endpoint");

  /** What a client is told when the store failed: never the store's address or driver text. */
  static final String STORE_UNAVAILABLE =
      "the authorization server is briefly unable to serve this request; try again shortly";

  private Responses() {}

  /**
   * The {@code error_description} a client may see for an error. A store failure's own text names
   * the store's address and its driver's words, which are for operators: it is logged here and told
   * to listeners by the engine, and the client gets {@link #STORE_UNAVAILABLE}.
   */
  static String description(Proauth2Exception e) {
    if (e instanceof DataStoreUnavailableException
        || e.getCause() instanceof DataStoreUnavailableException) {
      LOG.log(
          Level.WARNING, "a request was refused because the store failed: {0}", e.description());
      return STORE_UNAVAILABLE;
    }
    return e.description();
  }

  /**
   * The HTTP status for an error code: 401 for {@code invalid_client} and {@code invalid_token},
   * 403 for {@code insufficient_scope}, 500 for {@code server_error}, 503 for {@code
   * temporarily_unavailable}, 400 for the rest.
   */
  static int status(String error) {
    switch (error) {
      case Proauth2Exception.INVALID_CLIENT:
      case Proauth2Exception.INVALID_TOKEN:
        return 401;
      case BearerToken.INSUFFICIENT_SCOPE:
        return 403;
      case Proauth2Exception.SERVER_ERROR:
        return 500;
      case Proauth2Exception.TEMPORARILY_UNAVAILABLE:
        return 503;
      default:
        return 400;
    }
  }

  /**
   * The JSON error response; {@code invalid_client} is a 401 with {@code WWW-Authenticate: Basic}
   * (RFC 6749 section 5.2; every 401 needs the header, RFC 9110 section 15.5.2).
   */
  static EndpointResponse error(Proauth2Exception e, String realm) {
    EndpointResponse response =
        EndpointResponse.error(status(e.error()), e.error(), description(e));
    if (e.error().equals(Proauth2Exception.INVALID_CLIENT)) {
      response = response.withHeader("WWW-Authenticate", "Basic realm=" + quoted(realm));
    }
    if (e instanceof DPoPNonceRequired nonce) {
      response = response.withHeader("DPoP-Nonce", nonce.nonce());
    }
    if (e.error().equals(Proauth2Exception.TEMPORARILY_UNAVAILABLE)) {
      response = response.withHeader("Retry-After", "5");
    }
    return response;
  }

  /** A 405 that names the methods allowed, with an {@code invalid_request} body. */
  static EndpointResponse methodNotAllowed(String allowed, String endpoint) {
    return EndpointResponse.error(
            405,
            Proauth2Exception.INVALID_REQUEST,
            "the " + endpoint + " accepts " + allowed + " only")
        .withHeader("Allow", allowed);
  }

  /**
   * The frame every client-facing endpoint shares, so that each answers the same way: a request
   * with another method is 405 with {@code Allow}, an error the body throws is its JSON response
   * ({@link #error}), and any other failure is logged and answered {@code server_error}; the body
   * never sees a request with the wrong method, and the endpoint never throws for what a request
   * contains.
   *
   * @param allowed the one method the endpoint takes, such as {@code POST}
   * @param endpoint the endpoint's name for descriptions and the log, such as {@code token
   *     endpoint}
   * @param oauth the engine, whose issuer is the realm of a {@code WWW-Authenticate: Basic}
   *     challenge
   */
  static EndpointResponse answer(
      EndpointRequest request,
      String allowed,
      String endpoint,
      Proauth2 oauth,
      Function<EndpointRequest, EndpointResponse> body) {
    Objects.requireNonNull(request, "request");
    String realm = realm(oauth);
    if (!request.method().equals(allowed)) {
      return methodNotAllowed(allowed, endpoint);
    }
    try {
      return body.apply(request);
    } catch (Proauth2Exception e) {
      return error(e, realm);
    } catch (RuntimeException e) {
      return error(unexpected(e, endpoint), realm);
    }
  }

  /** A failure no endpoint expected: logged in full, answered as {@code server_error}. */
  static Proauth2Exception unexpected(RuntimeException e, String endpoint) {
    LOG.log(Level.ERROR, "unexpected failure in the " + endpoint, e);
    return new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR,
        "the " + endpoint + " failed unexpectedly; the server's log has the details");
  }

  /**
   * An HTTP quoted-string (RFC 9110 section 5.6.4) of visible ASCII: any other character, and
   * {@code "} and {@code \}, become {@code ?}, so a value can never break the header's syntax.
   */
  static String quoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? c : '?');
    }
    return out.append('"').toString();
  }

  /** The realm of {@code WWW-Authenticate} challenges: the issuer, or {@code proauth2}. */
  static String realm(Proauth2 oauth) {
    return oauth.issuer().orElse("proauth2");
  }
}

package dev.proauth2.endpoint;

import dev.proauth2.spi.Proauth2Exception;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bearer access token as a resource server receives it (RFC 6750), and the {@code
 * WWW-Authenticate: Bearer} challenges it answers with when the token is missing or refused.
 *
 * <pre>{@code
 * Optional<BearerToken> token = BearerToken.from(request);       // may throw invalid_request
 * if (token.isEmpty()) return BearerToken.missing("api");        // 401, no error code
 * try {
 *   TokenSubject subject = oauth.authenticateToken(token.get().value());
 *   ...
 * } catch (Proauth2Exception e) {
 *   return BearerToken.refused("api", e);                        // 401 error="invalid_token"
 * }
 * }</pre>
 *
 * <p>Only the {@code Authorization} header is read (section 2.1): OAuth 2.1 forbids tokens in the
 * URL query, and form-encoded tokens are not offered. {@link #toString()} never shows the token.
 *
 * @param value the token itself
 */
public record BearerToken(String value) {

  /** The RFC 6750 error for a token that lacks the scope the resource needs: 403. */
  public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

  /**
   * The longest token accepted, in characters: room for a JWT access token bound to several
   * resources; an HTTP server's own header limit (8 KiB in Jetty by default) is often lower.
   */
  static final int MAX_LENGTH = 16 * 1024;

  /** Checks that the value is a {@code b64token} (RFC 6750 section 2.1). */
  public BearerToken {
    Objects.requireNonNull(value, "value");
    if (!isB64Token(value)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "the bearer token is empty, longer than "
              + MAX_LENGTH
              + " characters, or has characters a b64token cannot have (RFC 6750 section 2.1)");
    }
  }

  /**
   * Reads the token from an {@code Authorization} header value such as {@code Bearer
   * mF_9.B5f-4.1JqM}.
   *
   * @param header the header value, or {@code null} when the request had none
   * @return the token, or empty when there is no header or it uses another scheme
   * @throws Proauth2Exception {@code invalid_request} when it has a control character such as CR,
   *     LF or NUL, or uses the Bearer scheme but is malformed
   */
  public static Optional<BearerToken> fromAuthorizationHeader(String header) {
    if (header == null) {
      return Optional.empty();
    }
    if (EndpointRequest.hasControlCharacter(header)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "the Authorization header has a control character such as CR, LF or NUL (RFC 9110"
              + " section 5.5)");
    }
    String trimmed = EndpointRequest.trimWhitespace(header);
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
      return Optional.empty();
    }
    String token = space < 0 ? "" : EndpointRequest.trimWhitespace(trimmed.substring(space + 1));
    return Optional.of(new BearerToken(token));
  }

  /**
   * Reads the token from a request's {@code Authorization} header.
   *
   * @throws Proauth2Exception {@code invalid_request} when the header is malformed or sent twice
   */
  public static Optional<BearerToken> from(EndpointRequest request) {
    var values = request.headers().get("authorization");
    if (values != null && values.size() > 1) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST, "the Authorization header is sent more than once");
    }
    return fromAuthorizationHeader(request.header("Authorization").orElse(null));
  }

  /**
   * The challenge for a request that carried no token: 401 with {@code WWW-Authenticate: Bearer
   * realm="..."}, no error code (RFC 6750 section 3.1) and an empty body.
   */
  public static EndpointResponse missing(String realm) {
    return missing(realm, null, null);
  }

  /**
   * The challenge for a request that carried no token, naming the scope the resource needs and its
   * metadata document (see {@link #challenge(String, Proauth2Exception, String, String)}).
   */
  public static EndpointResponse missing(String realm, String scope, String resourceMetadata) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("WWW-Authenticate", challenge(realm, null, scope, resourceMetadata));
    headers.put("Cache-Control", "no-store");
    return new EndpointResponse(401, headers, "");
  }

  /**
   * The answer for a refused request: {@code invalid_request} is 400, {@code invalid_token} 401,
   * {@code insufficient_scope} 403 (RFC 6750 section 3.1), each with its {@code WWW-Authenticate:
   * Bearer} challenge; a store failure is 503 and anything else 500, without a challenge.
   */
  public static EndpointResponse refused(String realm, Proauth2Exception error) {
    return refused(realm, error, null, null);
  }

  /**
   * The answer for a refused request, as {@link #refused(String, Proauth2Exception)} gives it, with
   * the scope and metadata document in the challenge (see {@link #challenge(String,
   * Proauth2Exception, String, String)}).
   */
  public static EndpointResponse refused(
      String realm, Proauth2Exception error, String scope, String resourceMetadata) {
    Objects.requireNonNull(error, "error");
    int status = Responses.status(error.error());
    EndpointResponse response =
        EndpointResponse.error(status, error.error(), Responses.description(error));
    if (status == 400 || status == 401 || status == 403) {
      response =
          response.withHeader("WWW-Authenticate", challenge(realm, error, scope, resourceMetadata));
    }
    return response;
  }

  /**
   * The {@code WWW-Authenticate} value: {@code Bearer realm="..."}, with {@code error} and {@code
   * error_description} when an error is given.
   */
  public static String challenge(String realm, Proauth2Exception error) {
    return challenge(realm, error, null, null);
  }

  /**
   * The {@code WWW-Authenticate} value of a protected resource: {@code Bearer realm="..."}, with
   * {@code error} and {@code error_description} when an error is given, {@code scope} when the
   * resource names the scope it needs (RFC 6750 section 3), and {@code resource_metadata} with the
   * URL of its metadata (RFC 9728 section 5.1) when given.
   *
   * @param scope the scope values, space-separated, or {@code null}
   * @param resourceMetadata the metadata document's URL, or {@code null}
   */
  public static String challenge(
      String realm, Proauth2Exception error, String scope, String resourceMetadata) {
    StringBuilder value = new StringBuilder("Bearer realm=").append(Responses.quoted(realm));
    if (error != null) {
      value.append(", error=").append(Responses.quoted(error.error()));
      value.append(", error_description=").append(Responses.quoted(Responses.description(error)));
    }
    if (scope != null) {
      value.append(", scope=").append(Responses.quoted(scope));
    }
    if (resourceMetadata != null) {
      value.append(", resource_metadata=").append(Responses.quoted(resourceMetadata));
    }
    return value.toString();
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "BearerToken[REDACTED]";
  }

  private static boolean isB64Token(String value) {
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    int i = 0;
    while (i < value.length() && isTokenChar(value.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return false;
    }
    while (i < value.length() && value.charAt(i) == '=') {
      i++;
    }
    return i == value.length();
  }

  private static boolean isTokenChar(char c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/';
  }
}

package dev.proauth2.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one exception proauth2 throws for anything that goes wrong, carrying the OAuth error code
 * (RFC 6749 section 5.2, RFC 6750 section 3.1, RFC 7009 section 2.2.1) that a host sends back to
 * the client.
 *
 * <p>The description is meant for the developer of the client or the host: it says what went wrong
 * and what to do, and it never contains a token, code, secret or password. It is limited to the
 * characters RFC 6749 allows in {@code error_description}; anything else is replaced by {@code ?}.
 */
public class Proauth2Exception extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The request is missing a parameter, repeats one, or has one that is malformed. */
  public static final String INVALID_REQUEST = "invalid_request";

  /** The user has not yet decided on a device authorization; poll again (RFC 8628 3.5). */
  public static final String AUTHORIZATION_PENDING = "authorization_pending";

  /** The device polled too fast; its interval grew by 5 seconds (RFC 8628 section 3.5). */
  public static final String SLOW_DOWN = "slow_down";

  /** The device code expired; start a new device authorization (RFC 8628 section 3.5). */
  public static final String EXPIRED_TOKEN = "expired_token";

  /** The client could not be authenticated. */
  public static final String INVALID_CLIENT = "invalid_client";

  /** The code or refresh token is invalid, expired, revoked, used, or for someone else. */
  public static final String INVALID_GRANT = "invalid_grant";

  /** The client is not allowed to use this grant type. */
  public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";

  /** The grant type is not offered by this server. */
  public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";

  /** The response type is not offered by this server. */
  public static final String UNSUPPORTED_RESPONSE_TYPE = "unsupported_response_type";

  /** The requested scope is invalid, unknown, or beyond what the client may ask for. */
  public static final String INVALID_SCOPE = "invalid_scope";

  /** The resource owner or the server denied the request. */
  public static final String ACCESS_DENIED = "access_denied";

  /** The access token is unknown, expired or revoked (RFC 6750). */
  public static final String INVALID_TOKEN = "invalid_token";

  /** The token type given as a hint is not supported (RFC 7009). */
  public static final String UNSUPPORTED_TOKEN_TYPE = "unsupported_token_type";

  /** A redirect URI given at registration is not acceptable (RFC 7591). */
  public static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";

  /** Client metadata given at registration is not acceptable (RFC 7591). */
  public static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

  /**
   * The resource a client named (RFC 8707) is malformed, unknown, or not one it may have a token
   * for.
   */
  public static final String INVALID_TARGET = "invalid_target";

  /**
   * The {@code request_uri} of an authorization request is unknown, expired, used or another
   * client's (RFC 9126 section 4, RFC 9101 section 6.2).
   */
  public static final String INVALID_REQUEST_URI = "invalid_request_uri";

  /**
   * The DPoP proof is missing where required, malformed or fails a check (RFC 9449 section 4.3).
   */
  public static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";

  /**
   * The DPoP proof must carry the nonce the server sends in {@code DPoP-Nonce} (RFC 9449 section
   * 8).
   */
  public static final String USE_DPOP_NONCE = "use_dpop_nonce";

  /** The server met a condition it did not expect: a bug or a misconfiguration. */
  public static final String SERVER_ERROR = "server_error";

  /** The server cannot answer right now (its store is unreachable); the client may retry. */
  public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

  private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");
  private static final int MAX_DESCRIPTION = 1024;

  private final String error;
  private final String description;
  private final String state;

  /**
   * Creates an exception with an OAuth error code and a description for developers.
   *
   * @param error an OAuth error code such as {@link #INVALID_REQUEST}
   * @param description what went wrong and what to do; must not contain secrets
   */
  public Proauth2Exception(String error, String description) {
    this(error, description, null, null);
  }

  /**
   * Creates an exception with an underlying cause, such as a driver exception.
   *
   * @param error an OAuth error code such as {@link #TEMPORARILY_UNAVAILABLE}
   * @param description what went wrong and what to do; must not contain secrets
   * @param cause the underlying failure
   */
  public Proauth2Exception(String error, String description, Throwable cause) {
    this(error, description, null, cause);
  }

  /**
   * Creates an exception that carries the client's {@code state}, which RFC 6749 section 4.1.2.1
   * requires in an error redirect.
   *
   * @param error an OAuth error code
   * @param description what went wrong; must not contain secrets
   * @param state the {@code state} the client sent, or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public Proauth2Exception(String error, String description, String state, Throwable cause) {
    super(cleanCode(error) + ": " + clean(description), cause);
    this.error = cleanCode(error);
    this.description = clean(description);
    this.state = state;
  }

  /** The OAuth error code, such as {@code invalid_grant}. */
  public String error() {
    return error;
  }

  /** The human-readable {@code error_description}, within RFC 6749's character set. */
  public String description() {
    return description;
  }

  /** The {@code state} of the request this error answers, when there is one. */
  public Optional<String> state() {
    return Optional.ofNullable(state);
  }

  private static String cleanCode(String error) {
    Objects.requireNonNull(error, "error");
    if (!ERROR_CODE.matcher(error).matches()) {
      throw new IllegalArgumentException("not an OAuth error code: '" + error + "'");
    }
    return error;
  }

  /** Keeps the description within {@code %x20-21 / %x23-5B / %x5D-7E} (RFC 6749 section 5.2). */
  private static String clean(String description) {
    if (description == null || description.isEmpty()) {
      return "no description";
    }
    int length = Math.min(description.length(), MAX_DESCRIPTION);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = description.charAt(i);
      boolean allowed = c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
      out.append(allowed ? c : c == '"' ? '\'' : '?');
    }
    return out.toString();
  }
}

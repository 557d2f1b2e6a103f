package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;

/**
 * An error in an authorization request whose client and redirect URI were confirmed, so it is to be
 * sent to the client by redirect (RFC 6749 section 4.1.2.1), with the {@code state} it sent. A
 * plain {@link Proauth2Exception} from the authorization calls means the opposite: the client or
 * redirect URI could not be confirmed, and the host must show the error rather than redirect.
 */
public final class AuthorizationError extends Proauth2Exception {

  private static final long serialVersionUID = 1L;

  private final String redirectUri;

  AuthorizationError(Proauth2Exception error, String state, String redirectUri) {
    super(error.error(), error.description(), state, error);
    this.redirectUri = redirectUri;
  }

  /** The client's confirmed redirect URI, where this error goes. */
  public String redirectUri() {
    return redirectUri;
  }
}

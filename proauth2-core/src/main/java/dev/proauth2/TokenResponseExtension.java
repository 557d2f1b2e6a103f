package dev.proauth2;

import java.util.Map;

/**
 * Adds parameters to the token response of a code exchange or a refresh (RFC 6749 section 5.1
 * allows more), such as the {@code id_token} of OpenID Connect from {@code proauth2-oidc}. Install
 * one with {@link Proauth2.Builder#tokenResponseExtension}.
 *
 * <p>The contract:
 *
 * <ol>
 *   <li>{@link #parameters} is called once per successful code exchange or refresh, after the
 *       tokens are stored and before the code or refresh token is used up; it may return no
 *       parameters.
 *   <li>It never returns a parameter the engine writes itself ({@code access_token}, {@code
 *       token_type}, {@code expires_in}, {@code refresh_token}, {@code scope}); the engine refuses
 *       such a name with an {@link IllegalStateException}.
 *   <li>An exception it throws fails the token request: the tokens are withdrawn, the code or
 *       refresh token stays as it was, and the client gets the error ({@code server_error} for
 *       anything but a {@link dev.proauth2.spi.Proauth2Exception}).
 *   <li>It is safe to call from many threads at once, and does no I/O it can avoid: it runs inside
 *       every token request.
 * </ol>
 */
@FunctionalInterface
public interface TokenResponseExtension {

  /**
   * The parameters to add to this grant's token response, by name.
   *
   * @param grant what the engine knows of the grant
   */
  Map<String, String> parameters(GrantFacts grant);
}

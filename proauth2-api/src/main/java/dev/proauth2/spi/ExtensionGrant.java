package dev.proauth2.spi;

/**
 * A grant type of RFC 6749 section 4.5, answering one absolute-URI {@code grant_type} at the token
 * endpoint, such as token exchange ({@code urn:ietf:params:oauth:grant-type:token-exchange}, RFC
 * 8693). Found with {@link java.util.ServiceLoader}; two plugins claiming one grant type stop the
 * engine at start, naming both jars.
 *
 * <p>The engine authenticates the client and refuses one not registered for the grant type before
 * the grant sees a request; the grant decides everything else, through the {@link GrantContext}
 * alone, never the store. The rules a grant keeps, each checked by one test of the testkit's {@code
 * ExtensionGrantContract} under the same sentence:
 *
 * <ol>
 *   <li>the grant type is an absolute URI without fragment
 *   <li>a valid request is answered with the tokens the context issued
 *   <li>a request without parameters is invalid_request and issues nothing
 *   <li>every parameter replaced by a value no client was given is refused with an OAuth error and
 *       issues nothing
 *   <li>a refused request records no one-time identifier
 *   <li>an error description never repeats a parameter value the client sent
 *   <li>a token the context does not know is invalid_grant or invalid_request and issues nothing
 * </ol>
 *
 * <p>Besides, the engine enforces what no grant can change: issued tokens stay within the basis
 * token's scope, resources and lifetime and the client's registration, and a grant's answer must be
 * what its context issued in that request.
 */
public interface ExtensionGrant {

  /** The {@code grant_type} this grant answers, an absolute URI. */
  String grantType();

  /**
   * Answers one token request.
   *
   * @param request the request's parameters, the client's credentials left out
   * @param context the engine for this request and client
   * @return what {@link GrantContext#issueWithin} returned, or the same with an {@code
   *     issued_token_type}
   * @throws Proauth2Exception {@code invalid_request}, {@code invalid_grant}, {@code
   *     invalid_scope}, {@code invalid_target}, {@code unauthorized_client} or another RFC error
   *     code, with a description that says what to do next and never repeats a token
   */
  IssuedTokens issue(GrantRequest request, GrantContext context);
}

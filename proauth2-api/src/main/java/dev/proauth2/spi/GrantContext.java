package dev.proauth2.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The engine as an {@link ExtensionGrant} sees it for one request: the client that authenticated,
 * the tokens this server issued, issuance within limits the engine enforces, and a one-time record.
 * A grant never reaches the store; everything it may do is here.
 */
public interface GrantContext {

  /** The client that authenticated and is registered for the grant. */
  String clientId();

  /** Whether the client proved who it is (a confidential client) rather than only naming itself. */
  boolean clientAuthenticated();

  /** The engine's time. */
  Instant now();

  /**
   * Looks up an access token this server issued, opaque or signed (a JWT is verified first).
   *
   * @param token the token as the client presented it; any value, checked here
   * @return the token, or empty when it is unknown, expired, revoked or not an access token of this
   *     server
   */
  Optional<IssuedToken> findAccessToken(String token);

  /**
   * Issues an access token for the client, in the grant of a token this context found: it speaks
   * for that token's user, ends when that token's grant is revoked or its user signed out, and
   * lives no longer than that token. No refresh token is issued.
   *
   * @param basis a token {@link #findAccessToken} returned in this request
   * @param scope the scopes asked for, within the basis token's and the client's; {@code null} for
   *     all of the basis token's the client may have
   * @param resources the resources (RFC 8707), within the basis token's and those the client may
   *     ask for; empty for all of the basis token's
   * @param actor who acts for the subject, written as {@code act}; {@code null} for no one
   * @return what was issued, for the grant to answer with
   * @throws Proauth2Exception {@code invalid_scope} or {@code invalid_target} for a request outside
   *     the limits, {@code invalid_grant} when the basis token was revoked meanwhile
   * @throws IllegalArgumentException when {@code basis} did not come from this context, or a second
   *     issuance is asked for in one request
   */
  IssuedTokens issueWithin(IssuedToken basis, String scope, List<String> resources, Actor actor);

  /**
   * Records that an identifier was seen, across every engine that shares the store, until it
   * expires; identifiers of one grant type and client never collide with others'.
   *
   * @param id the identifier, 1 to 256 characters
   * @param expiresAt when it may be forgotten, at most a day from now
   * @return {@code true} the first time, {@code false} every later time or when already expired
   * @throws IllegalArgumentException for an id outside its bounds or a time more than a day ahead
   */
  boolean firstUse(String id, Instant expiresAt);
}

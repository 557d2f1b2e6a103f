package dev.proauth2;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who an access token speaks for, as {@link Proauth2#authenticateToken} finds it: a user, through
 * the client the user authorized, or a client for itself ({@code client_credentials}). The two are
 * kept apart, so a user whose id happens to equal a client id is never mistaken for that client.
 *
 * @param userId the user the token was issued for, or {@code null} for a client's own token
 * @param clientId the client the token was issued to
 * @param scope the token's space-separated scope, or {@code null}
 * @param audience the resources (RFC 8707) the token is for; empty when it is for none in
 *     particular
 */
public record TokenSubject(String userId, String clientId, String scope, List<String> audience) {

  /** Checks that the client is named, and copies the audience. */
  public TokenSubject {
    Objects.requireNonNull(clientId, "clientId");
    audience = audience == null ? List.of() : List.copyOf(audience);
  }

  /** A subject whose token is for no resource in particular. */
  public TokenSubject(String userId, String clientId, String scope) {
    this(userId, clientId, scope, List.of());
  }

  /** Whether the token carries this scope value, for a resource that needs it. */
  public boolean hasScope(String value) {
    return scope != null && Scopes.contains(scope, value);
  }

  /** Whether the token is a client's own, with no user behind it. */
  public boolean isClient() {
    return userId == null;
  }

  /** The user, or empty for a client's own token. */
  public Optional<String> user() {
    return Optional.ofNullable(userId);
  }
}

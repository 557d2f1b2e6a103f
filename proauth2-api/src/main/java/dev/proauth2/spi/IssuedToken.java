package dev.proauth2.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token this server issued, as {@link GrantContext#findAccessToken} found it: live,
 * unexpired and unrevoked when it was found. It carries no secret, neither the token nor its hash.
 *
 * @param userId the user it speaks for, or {@code null} for a token a client got for itself
 * @param clientId the client it was issued to
 * @param scope its scopes, space-separated, or {@code null} for none
 * @param resources the resources (RFC 8707) it is bound to; empty for none in particular
 * @param expiresAt when it expires
 * @param grantId the grant it belongs to, the id events carry: tokens of one grant share it, and
 *     revoking the grant ends them all
 * @param actor who acts for the subject ({@code act}), or {@code null}
 */
public record IssuedToken(
    String userId,
    String clientId,
    String scope,
    List<String> resources,
    Instant expiresAt,
    String grantId,
    Actor actor) {

  /** Copies the resources. */
  public IssuedToken {
    Objects.requireNonNull(clientId, "clientId");
    resources = List.copyOf(resources);
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(grantId, "grantId");
  }

  /** Who the token speaks for: its user, or its client for a client's own token. */
  public String subject() {
    return userId != null ? userId : clientId;
  }

  /** Who acts for the subject, if anyone. */
  public Optional<Actor> optionalActor() {
    return Optional.ofNullable(actor);
  }
}

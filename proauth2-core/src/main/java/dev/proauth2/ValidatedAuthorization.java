package dev.proauth2;

import java.util.List;
import java.util.Optional;

/**
 * An authorization request that passed every check, as {@link Proauth2#checkAuthorization} returns
 * it: what the host shows the user when it asks for consent.
 *
 * @param client the client, without its secret
 * @param redirectUri the confirmed redirect URI
 * @param scope the scope the user is asked to grant, or {@code null}
 * @param state the client's {@code state}, or {@code null}
 * @param resources the resources (RFC 8707) the tokens will be for; empty for none in particular
 */
public record ValidatedAuthorization(
    ClientRegistration client,
    String redirectUri,
    String scope,
    String state,
    List<String> resources) {

  /** Copies the resources. */
  public ValidatedAuthorization {
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /** An authorization for no resource in particular. */
  public ValidatedAuthorization(
      ClientRegistration client, String redirectUri, String scope, String state) {
    this(client, redirectUri, scope, state, List.of());
  }

  /** The scope, when there is one. */
  public Optional<String> optionalScope() {
    return Optional.ofNullable(scope);
  }
}

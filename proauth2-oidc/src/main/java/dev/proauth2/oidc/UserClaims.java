package dev.proauth2.oidc;

import java.util.Map;
import java.util.Set;

/**
 * The host's source of claims about its users (OpenID Connect Core section 5.1), for UserInfo. The
 * provider passes only what the granted scopes allow on to the client (section 5.4: {@code
 * profile}, {@code email}, {@code address}, {@code phone}), so a host may return every claim it
 * has.
 *
 * <p>The contract: values are strings, booleans, numbers, or for {@code address} a map of strings;
 * a user the host no longer knows gives an empty map; it is safe to call from many threads at once.
 */
@FunctionalInterface
public interface UserClaims {

  /**
   * The claims of a user, as far as the scopes reach.
   *
   * @param userId the user, as the host named it when it issued the code
   * @param scopes the scope values the access token was granted
   * @return the claims by name; {@code sub} is the provider's and is ignored here
   */
  Map<String, Object> claims(String userId, Set<String> scopes);

  /** No claims beyond {@code sub}. */
  static UserClaims none() {
    return (userId, scopes) -> Map.of();
  }
}

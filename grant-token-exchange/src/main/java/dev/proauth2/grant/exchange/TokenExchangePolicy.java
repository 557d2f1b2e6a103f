package dev.proauth2.grant.exchange;

import dev.proauth2.spi.IssuedToken;
import java.util.Optional;

/**
 * Which client may exchange which subject's token: the host's rule over who may act for whom, asked
 * after both tokens were found and before anything is issued. A refusal is {@code invalid_request},
 * as RFC 8693 section 2.2.2 asks for tokens "unacceptable based on policy".
 */
@FunctionalInterface
public interface TokenExchangePolicy {

  /**
   * Whether the client may exchange this subject token, with this actor token if it sent one.
   *
   * @param clientId the client asking, authenticated and registered for token exchange
   * @param subjectToken the token it presented as {@code subject_token}
   * @param actorToken the token it presented as {@code actor_token}, if any
   */
  boolean allows(String clientId, IssuedToken subjectToken, Optional<IssuedToken> actorToken);

  /**
   * The default: a client exchanges only tokens issued to itself, and acts only with a token of its
   * own, so it can narrow and delegate what it already holds and nothing else.
   */
  static TokenExchangePolicy ownTokens() {
    return (clientId, subject, actor) ->
        subject.clientId().equals(clientId)
            && actor.map(a -> a.clientId().equals(clientId)).orElse(true);
  }

  /**
   * Any client registered for token exchange may exchange any user's token it holds (a service
   * receiving its callers' tokens), acting only with a token of its own.
   */
  static TokenExchangePolicy anySubjectToken() {
    return (clientId, subject, actor) -> actor.map(a -> a.clientId().equals(clientId)).orElse(true);
  }
}

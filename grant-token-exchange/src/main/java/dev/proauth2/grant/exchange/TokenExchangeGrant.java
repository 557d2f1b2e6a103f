package dev.proauth2.grant.exchange;

import com.google.auto.service.AutoService;
import dev.proauth2.spi.Actor;
import dev.proauth2.spi.ExtensionGrant;
import dev.proauth2.spi.GrantContext;
import dev.proauth2.spi.GrantRequest;
import dev.proauth2.spi.IssuedToken;
import dev.proauth2.spi.IssuedTokens;
import dev.proauth2.spi.Proauth2Exception;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * OAuth 2.0 Token Exchange (RFC 8693): a client trades an access token this server issued (the
 * {@code subject_token}) for a new access token for the same user, narrower in scope, resources and
 * lifetime; with an {@code actor_token}, the new token records who acts for the user ({@code act},
 * nested when the subject token already had one).
 *
 * <p>The new token belongs to the subject token's grant: revoking that grant, or signing its user
 * out, ends it too. No refresh token is issued. Which client may exchange which tokens is the
 * {@link TokenExchangePolicy}'s call; by default a client exchanges only its own tokens. Found with
 * {@link java.util.ServiceLoader}; to change the policy, give the engine's builder {@code
 * extensionGrant(new TokenExchangeGrant(policy))}.
 */
@AutoService(ExtensionGrant.class)
public final class TokenExchangeGrant implements ExtensionGrant {

  /** The {@code grant_type} of token exchange. */
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

  /** The token type of an access token (RFC 8693 section 3). */
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  /** The token type of a JWT, which a JWT access token may be presented as. */
  public static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

  private static final Set<String> PRESENTABLE = Set.of(ACCESS_TOKEN_TYPE, JWT_TYPE);

  private final TokenExchangePolicy policy;

  /** Token exchange under the default policy, {@link TokenExchangePolicy#ownTokens()}. */
  public TokenExchangeGrant() {
    this(TokenExchangePolicy.ownTokens());
  }

  /** Token exchange under the host's policy. */
  public TokenExchangeGrant(TokenExchangePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public String grantType() {
    return GRANT_TYPE;
  }

  @Override
  public IssuedTokens issue(GrantRequest request, GrantContext context) {
    String subjectToken = request.required("subject_token");
    checkType(request.required("subject_token_type"), "subject_token_type");
    Optional<String> actorToken = request.single("actor_token");
    Optional<String> actorType = request.single("actor_token_type");
    if (actorToken.isPresent() != actorType.isPresent()) {
      throw invalidRequest(
          "actor_token and actor_token_type go together: send both or neither (RFC 8693"
              + " section 2.1)");
    }
    if (actorType.isPresent()) {
      checkType(actorType.get(), "actor_token_type");
    }
    Optional<String> requested = request.single("requested_token_type");
    if (requested.isPresent() && !requested.get().equals(ACCESS_TOKEN_TYPE)) {
      throw invalidRequest(
          "requested_token_type may only be "
              + ACCESS_TOKEN_TYPE
              + ": this server issues access"
              + " tokens by exchange");
    }
    if (!request.all("audience").isEmpty()) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_TARGET,
          "audience names are not used here; name each resource the token is for with resource"
              + " (RFC 8707)");
    }
    String scope = request.single("scope").orElse(null);

    IssuedToken subject =
        context.findAccessToken(subjectToken).orElseThrow(() -> unusable("subject_token"));
    Optional<IssuedToken> actor =
        actorToken.map(
            token -> context.findAccessToken(token).orElseThrow(() -> unusable("actor_token")));
    if (!policy.allows(context.clientId(), subject, actor)) {
      throw invalidRequest(
          "this client may not exchange this subject token (RFC 8693 section 2.2.2); ask the"
              + " server's operator which tokens it may exchange");
    }
    return context
        .issueWithin(subject, scope, request.all("resource"), act(subject, actor))
        .withIssuedTokenType(ACCESS_TOKEN_TYPE);
  }

  /** Who acts for the subject: the actor token's subject, before whoever acted already. */
  private static Actor act(IssuedToken subject, Optional<IssuedToken> actor) {
    if (actor.isEmpty()) {
      return subject.actor();
    }
    Actor prior = subject.actor();
    if (prior != null && prior.depth() >= Actor.MAX_DEPTH) {
      throw invalidRequest(
          "the subject token's delegation chain is already "
              + Actor.MAX_DEPTH
              + " actors deep; exchange a token with fewer");
    }
    return new Actor(actor.get().subject(), prior);
  }

  private static void checkType(String type, String parameter) {
    if (!PRESENTABLE.contains(type)) {
      throw invalidRequest(
          parameter
              + " must be "
              + ACCESS_TOKEN_TYPE
              + " (or "
              + JWT_TYPE
              + " for a JWT access token): only access tokens this server issued are exchanged");
    }
  }

  private static Proauth2Exception unusable(String parameter) {
    return invalidRequest(
        "the "
            + parameter
            + " is not an access token of this server, or it expired or was revoked (RFC 8693"
            + " section 2.2.2)");
  }

  private static Proauth2Exception invalidRequest(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, description);
  }
}

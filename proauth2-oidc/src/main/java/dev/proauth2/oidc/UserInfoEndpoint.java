package dev.proauth2.oidc;

import dev.proauth2.ClientRegistration;
import dev.proauth2.Proauth2;
import dev.proauth2.TokenSubject;
import dev.proauth2.endpoint.BearerToken;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.ProtectedResource;
import dev.proauth2.spi.Proauth2Exception;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The UserInfo endpoint (OpenID Connect Core section 5.3): {@code GET} or {@code POST} with a
 * bearer access token granted {@code openid}, answered with {@code sub} and the claims the token's
 * scopes allow (section 5.4), as JSON that no cache keeps.
 *
 * <pre>{@code
 * UserInfoEndpoint userInfo = new UserInfoEndpoint(oauth, openId);
 * // GET or POST /userinfo  ->  userInfo.handle(request)
 * }</pre>
 *
 * <p>The token is read from the {@code Authorization} header (RFC 6750 section 2.1). A missing one
 * is 401 with a bare {@code Bearer} challenge, an unknown, expired or revoked one 401 {@code
 * invalid_token}, one without {@code openid} or for a client alone 403 {@code insufficient_scope}.
 * A token bound to a DPoP key (RFC 9449) comes as {@code Authorization: DPoP} with a proof over
 * this endpoint's URL, checked as {@link ProtectedResource} checks one, and never as a bearer
 * token.
 */
public final class UserInfoEndpoint {

  private static final System.Logger LOG = System.getLogger(UserInfoEndpoint.class.getName());

  private final Proauth2 oauth;
  private final OpenIdProvider provider;
  private final String realm;
  private final ProtectedResource guard;
  private final URI url;

  /** Serves UserInfo for an engine the provider was applied to; thread-safe. */
  public UserInfoEndpoint(Proauth2 oauth, OpenIdProvider provider) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.realm = oauth.issuer().orElse("proauth2");
    // A DPoP-bound token (RFC 9449) comes with a proof over this endpoint's own URL.
    this.guard = ProtectedResource.unbound(oauth, realm);
    this.url = URI.create(oauth.endpoints().url(provider.userInfoEndpoint()));
  }

  /** Answers one request; never throws for anything the request contains. */
  public EndpointResponse handle(EndpointRequest request) {
    Objects.requireNonNull(request, "request");
    if (!request.method().equals("GET") && !request.method().equals("POST")) {
      return EndpointResponse.error(
              405, "invalid_request", "the UserInfo endpoint accepts GET and POST")
          .withHeader("Allow", "GET, POST");
    }
    try {
      // The guard answers a missing or malformed token as a bearer resource does.
      ProtectedResource.Access access = guard.authorize(request, url, null);
      if (access.refusal() != null) {
        return access.refusal();
      }
      TokenSubject subject = access.subject();
      Set<String> scopes = scopes(subject.scope());
      if (subject.userId() == null || !scopes.contains(OpenIdProvider.OPENID)) {
        throw new Proauth2Exception(
            BearerToken.INSUFFICIENT_SCOPE,
            "UserInfo needs a user's access token granted the openid scope");
      }
      ClientRegistration client =
          oauth
              .findApp(subject.clientId())
              .orElseThrow(
                  () ->
                      new Proauth2Exception(
                          Proauth2Exception.INVALID_TOKEN,
                          "the access token's client is no longer registered"));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("sub", provider.subjects().subject(subject.userId(), client));
      body.putAll(
          StandardClaims.allowed(provider.claims().claims(subject.userId(), scopes), scopes));
      return EndpointResponse.json(200, body);
    } catch (Proauth2Exception e) {
      return BearerToken.refused(realm, e);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "UserInfo failed unexpectedly", e);
      return EndpointResponse.error(
          500, Proauth2Exception.SERVER_ERROR, "the UserInfo endpoint failed; try again later");
    }
  }

  private static Set<String> scopes(String scope) {
    return scope == null ? Set.of() : new LinkedHashSet<>(List.of(scope.split(" ")));
  }
}

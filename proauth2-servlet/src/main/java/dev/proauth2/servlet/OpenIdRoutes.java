package dev.proauth2.servlet;

import dev.proauth2.Proauth2;
import dev.proauth2.SignIn;
import dev.proauth2.endpoint.AuthorizationCheck;
import dev.proauth2.endpoint.AuthorizationEndpoint;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.oidc.EndSessionEndpoint;
import dev.proauth2.oidc.OpenIdConfiguration;
import dev.proauth2.oidc.OpenIdProvider;
import dev.proauth2.oidc.SignInCheck;
import dev.proauth2.oidc.UserInfoEndpoint;
import dev.proauth2.spi.Proauth2Exception;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The OpenID Connect part of {@link Proauth2Servlet}, in a class of its own so that the servlet
 * loads without {@code proauth2-oidc} when the host does not add it.
 */
final class OpenIdRoutes {

  /**
   * What {@link #beforeConsent} answers: a response to send, or that the host must sign the user in
   * again.
   */
  record Answer(EndpointResponse response) {
    boolean signInAgain() {
      return response == null;
    }
  }

  /** A route as the servlet keeps it. */
  interface Endpoint {
    void serve(HttpServletRequest req, HttpServletResponse resp, EndpointRequest request)
        throws IOException;
  }

  private final Proauth2 oauth;
  private final OpenIdProvider provider;
  private final UserInfoEndpoint userInfo;
  private final EndSessionEndpoint endSession;

  OpenIdRoutes(Proauth2 oauth, OpenIdProvider provider) {
    this.oauth = oauth;
    this.provider = provider;
    this.userInfo = new UserInfoEndpoint(oauth, provider);
    this.endSession = new EndSessionEndpoint(oauth, provider);
  }

  /** Adds UserInfo, logout and the configuration document, at paths under the issuer. */
  void addTo(AuthorizationServerMetadata metadata, BiConsumer<String, Endpoint> add) {
    OpenIdConfiguration configuration = OpenIdConfiguration.of(metadata);
    add.accept(
        provider.userInfoEndpoint(),
        (req, resp, request) -> ServletExchange.send(resp, userInfo.handle(request)));
    add.accept(
        provider.endSessionEndpoint(),
        (req, resp, request) -> {
          EndSessionEndpoint.LogoutRequest asked = endSession.check(request);
          if (asked.isValid()) {
            // The host's session ends with the container's: invalidate it, then answer.
            var session = req.getSession(false);
            if (session != null) {
              session.invalidate();
            }
            ServletExchange.send(resp, asked.signedOut());
          } else {
            ServletExchange.send(resp, asked.errorResponse());
          }
        });
    add.accept(
        configuration.wellKnownPath(),
        (req, resp, request) -> ServletExchange.send(resp, configuration.handle(request)));
  }

  /**
   * What an OpenID Connect request needs before the consent page, if anything: the error of a
   * hostile {@code id_token_hint}, the whole answer to {@code prompt=none}, or {@link
   * Answer#signInAgain()} past {@code max_age}; empty to go on to the login or consent page.
   */
  Optional<Answer> beforeConsent(
      AuthorizationEndpoint authorization,
      AuthorizationCheck check,
      EndpointRequest request,
      String userId,
      SignIn signIn,
      BooleanSupplier consented) {
    SignInCheck steps = SignInCheck.of(oauth, provider, check);
    if (steps.error().isPresent()) {
      return Optional.of(new Answer(authorization.refuse(request, steps.error().get())));
    }
    if (check.openId().promptNone()) {
      Optional<Proauth2Exception> refused =
          steps.promptNone(userId, signIn, userId != null && consented.getAsBoolean());
      return Optional.of(
          new Answer(
              refused.isPresent()
                  ? authorization.refuse(request, refused.get())
                  : authorization.approve(request, userId, signIn)));
    }
    if (userId != null
        && check.openId().maxAge() != null
        && steps.needsSignIn(userId, signIn, Instant.MIN)) {
      return Optional.of(new Answer(null));
    }
    return Optional.empty();
  }
}

package dev.proauth2.oidc;

import dev.proauth2.OpenIdParameters;
import dev.proauth2.OpenIdParameters.Prompt;
import dev.proauth2.Proauth2;
import dev.proauth2.SignIn;
import dev.proauth2.endpoint.AuthorizationCheck;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host must do before it approves an OpenID Connect authorization request (OpenID Connect
 * Core section 3.1.2.1): sign the user in (again), let them choose an account, ask for consent, or,
 * for {@code prompt=none}, answer with an error and show no page at all.
 *
 * <pre>{@code
 * SignInCheck steps = SignInCheck.of(oauth, openId, check);        // after check.isValid()
 * if (steps.error().isPresent()) return authorization.refuse(request, steps.error().get());
 * if (check.openId().promptNone()) {
 *   Optional<Proauth2Exception> none = steps.promptNone(userId, signIn, consented);
 *   return none.isPresent() ? authorization.refuse(request, none.get())
 *                           : authorization.approve(request, userId, signIn);
 * }
 * if (steps.needsSignIn(userId, signIn, requestArrivedAt)) -> show the login page
 * if (steps.needsAccountSelection()) -> show the account chooser
 * if (steps.needsConsent(consented)) -> show the consent page
 * }</pre>
 */
public final class SignInCheck {

  private final OpenIdProvider provider;
  private final AuthorizationCheck check;
  private final Clock clock;
  private final Proauth2Exception error;
  private final IdTokenHints.Hint hint;

  private SignInCheck(
      OpenIdProvider provider,
      AuthorizationCheck check,
      Clock clock,
      Proauth2Exception error,
      IdTokenHints.Hint hint) {
    this.provider = provider;
    this.check = check;
    this.clock = clock;
    this.error = error;
    this.hint = hint;
  }

  /**
   * Reads a valid request's OpenID Connect parameters; an {@code id_token_hint} is verified here.
   *
   * @throws IllegalArgumentException when the check refused the request, or the engine has no
   *     issuer
   */
  public static SignInCheck of(Proauth2 oauth, OpenIdProvider provider, AuthorizationCheck check) {
    return of(oauth, provider, check, Clock.systemUTC());
  }

  /** As {@link #of(Proauth2, OpenIdProvider, AuthorizationCheck)}, with the engine's clock. */
  public static SignInCheck of(
      Proauth2 oauth, OpenIdProvider provider, AuthorizationCheck check, Clock clock) {
    Objects.requireNonNull(oauth, "oauth");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(clock, "clock");
    if (!check.isValid()) {
      throw new IllegalArgumentException("the authorization request was refused; answer its error");
    }
    String hintValue = check.openId().idTokenHint();
    if (hintValue == null) {
      return new SignInCheck(provider, check, clock, null, null);
    }
    String issuer =
        oauth.issuer().orElseThrow(() -> new IllegalArgumentException("the engine has no issuer"));
    try {
      IdTokenHints.Hint hint = new IdTokenHints(provider.signing(), issuer).read(hintValue);
      if (!hint.audience().contains(check.client().clientId())) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST,
            "id_token_hint was issued to another client; send one issued to this client");
      }
      return new SignInCheck(provider, check, clock, null, hint);
    } catch (Proauth2Exception e) {
      return new SignInCheck(provider, check, clock, e, null);
    }
  }

  /** The error to answer instead of any page: an {@code id_token_hint} this provider refuses. */
  public Optional<Proauth2Exception> error() {
    return Optional.ofNullable(error);
  }

  /**
   * Whether the user must sign in before a code is issued: nobody is signed in, the sign-in is
   * older than {@code max_age}, {@code prompt=login} asks for a sign-in after the request arrived,
   * or the {@code id_token_hint} names another user.
   *
   * @param userId the user signed in, or {@code null}
   * @param signIn when and how they signed in
   * @param requestArrivedAt when this authorization request first reached the host
   */
  public boolean needsSignIn(String userId, SignIn signIn, Instant requestArrivedAt) {
    Objects.requireNonNull(signIn, "signIn");
    Objects.requireNonNull(requestArrivedAt, "requestArrivedAt");
    if (userId == null || tooOld(signIn) || hintNamesAnother(userId)) {
      return true;
    }
    return check.openId().prompt().contains(Prompt.LOGIN)
        && (signIn.authTime() == null || signIn.authTime().isBefore(requestArrivedAt));
  }

  /** Whether the client asked the host to let the user choose an account. */
  public boolean needsAccountSelection() {
    return check.openId().prompt().contains(Prompt.SELECT_ACCOUNT);
  }

  /**
   * Whether the user must be asked for consent: they have not given it for this client and scope,
   * or {@code prompt=consent} asks again.
   */
  public boolean needsConsent(boolean consentedBefore) {
    return !consentedBefore || check.openId().prompt().contains(Prompt.CONSENT);
  }

  /**
   * For {@code prompt=none}: the error to answer without a page, or empty when a code may be issued
   * at once (section 3.1.2.6): {@code login_required} when nobody is signed in, the sign-in is
   * older than {@code max_age}, or the {@code id_token_hint} names another user; {@code
   * consent_required} when consent was not given before.
   *
   * @throws IllegalStateException when the request is not {@code prompt=none}
   */
  public Optional<Proauth2Exception> promptNone(
      String userId, SignIn signIn, boolean consentedBefore) {
    Objects.requireNonNull(signIn, "signIn");
    if (!check.openId().promptNone()) {
      throw new IllegalStateException("the request is not prompt=none");
    }
    if (userId == null) {
      return Optional.of(
          fail(OpenIdParameters.LOGIN_REQUIRED, "the user is not signed in, and prompt=none"));
    }
    if (tooOld(signIn)) {
      return Optional.of(
          fail(
              OpenIdParameters.LOGIN_REQUIRED,
              "the user signed in longer ago than max_age allows, and prompt=none"));
    }
    if (hintNamesAnother(userId)) {
      return Optional.of(
          fail(
              OpenIdParameters.LOGIN_REQUIRED,
              "the user signed in is not the one id_token_hint names, and prompt=none"));
    }
    if (!consentedBefore) {
      return Optional.of(
          fail(
              OpenIdParameters.CONSENT_REQUIRED,
              "the user has not consented to this client, and prompt=none"));
    }
    return Optional.empty();
  }

  private boolean tooOld(SignIn signIn) {
    if (check.openId().maxAge() == null) {
      return false;
    }
    return signIn.authTime() == null
        || signIn.authTime().plus(check.openId().maxAge()).isBefore(clock.instant());
  }

  private boolean hintNamesAnother(String userId) {
    return hint != null
        && !hint.subject().equals(provider.subjects().subject(userId, check.client()));
  }

  private static Proauth2Exception fail(String error, String description) {
    return new Proauth2Exception(error, description);
  }
}

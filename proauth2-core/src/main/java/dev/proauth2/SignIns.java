package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import java.time.Instant;

/** The engine's rules on the sign-in a host reports for an OpenID Connect request. */
final class SignIns {

  private SignIns() {}

  /**
   * Refuses a code for a sign-in older than the client's {@code max_age} (OpenID Connect Core
   * section 3.1.2.1): the host must sign the user in again first.
   *
   * @throws IllegalArgumentException when {@code max_age} was asked and the host gave no {@code
   *     auth_time}: the ID token must state it then
   * @throws Proauth2Exception {@code login_required} when the sign-in is too old
   */
  static void checkMaxAge(OpenIdParameters openId, SignIn signIn, Instant now) {
    if (openId.maxAge() == null) {
      return;
    }
    if (signIn.authTime() == null) {
      throw new IllegalArgumentException(
          "the request has max_age, so the ID token needs auth_time: give the authorization"
              + " request a SignIn with the time the user signed in");
    }
    if (signIn.authTime().plus(openId.maxAge()).isBefore(now)) {
      throw new Proauth2Exception(
          OpenIdParameters.LOGIN_REQUIRED,
          "the user signed in longer ago than max_age allows; sign the user in again before"
              + " issuing a code");
    }
  }
}

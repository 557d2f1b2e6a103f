package dev.proauth2;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the host says about the user's sign-in when it issues a code: when it happened and how. The
 * engine keeps it with the code and the grant's refresh tokens, so an OpenID Connect ID token can
 * state it ({@code auth_time}, {@code acr}, {@code amr}) at the code exchange and on every refresh.
 * Login stays the host's job; the engine only repeats what the host said.
 *
 * @param authTime when the user last authenticated, or {@code null} when the host does not say; an
 *     authorization request with {@code max_age} needs it
 * @param acr the authentication context class reference the sign-in satisfied, or {@code null}
 * @param amr the authentication methods used, such as {@code pwd} or {@code otp} (RFC 8176); empty
 *     for none stated
 */
public record SignIn(Instant authTime, String acr, List<String> amr) {

  /** The longest {@code acr}, and the longest {@code amr} values joined with spaces. */
  public static final int MAX_LENGTH = 256;

  /**
   * Copies the methods and checks every value: {@code acr} and each {@code amr} value visible
   * ASCII, within {@link #MAX_LENGTH} in all.
   *
   * @throws IllegalArgumentException for a value outside those bounds: it is the host's, not the
   *     client's
   */
  public SignIn {
    amr = amr == null ? List.of() : List.copyOf(amr);
    if (acr != null) {
      checkToken(acr, "acr");
    }
    int length = 0;
    for (String method : amr) {
      checkToken(method, "amr");
      length += method.length() + 1;
    }
    if (length > MAX_LENGTH + 1) {
      throw new IllegalArgumentException("amr values are longer than " + MAX_LENGTH + " in all");
    }
  }

  /** A sign-in at this instant, with no method or class stated. */
  public static SignIn at(Instant authTime) {
    return new SignIn(Objects.requireNonNull(authTime, "authTime"), null, List.of());
  }

  /** Nothing said about the sign-in. */
  public static SignIn unknown() {
    return new SignIn(null, null, List.of());
  }

  /** This sign-in, with the authentication context class it satisfied. */
  public SignIn withAcr(String acr) {
    return new SignIn(authTime, acr, amr);
  }

  /** This sign-in, with the authentication methods it used. */
  public SignIn withAmr(List<String> amr) {
    return new SignIn(authTime, acr, amr);
  }

  private static void checkToken(String value, String name) {
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(name + " must have 1 to " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw new IllegalArgumentException(
            name + " may only contain visible ASCII; found another character at index " + i);
      }
    }
  }
}

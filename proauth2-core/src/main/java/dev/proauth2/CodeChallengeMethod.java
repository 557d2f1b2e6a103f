package dev.proauth2;

import java.util.Optional;

/**
 * How a PKCE {@code code_challenge} is derived from the {@code code_verifier} (RFC 7636 section
 * 4.2). {@link #S256} is always accepted; {@link #PLAIN} only when the builder allows it.
 */
public enum CodeChallengeMethod {

  /** {@code S256}: the challenge is the base64url SHA-256 of the verifier. */
  S256("S256"),

  /** {@code plain}: the challenge is the verifier itself; off by default, as RFC 9700 advises. */
  PLAIN("plain");

  private final String value;

  CodeChallengeMethod(String value) {
    this.value = value;
  }

  /**
   * The {@code code_challenge_method} value as RFC 7636 spells it: {@code S256} or {@code plain}.
   */
  public String value() {
    return value;
  }

  /**
   * The method with this exact {@code code_challenge_method} value (the values are case-sensitive).
   *
   * @return the method, or empty for {@code null} and for any other value
   */
  public static Optional<CodeChallengeMethod> fromValue(String value) {
    for (CodeChallengeMethod method : values()) {
      if (method.value.equals(value)) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }
}

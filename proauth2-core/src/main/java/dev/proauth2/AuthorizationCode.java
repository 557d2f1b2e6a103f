package dev.proauth2;

/**
 * An issued authorization code and where to send the user agent with it.
 *
 * @param code the single-use code
 * @param state the client's {@code state}, or {@code null}
 * @param redirectUri the full redirect target: the client's redirect URI with {@code code}, {@code
 *     state} and {@code iss} (RFC 9207) added to its query
 */
public record AuthorizationCode(String code, String state, String redirectUri) {

  @Override
  public String toString() {
    return "AuthorizationCode[code=REDACTED, state=" + state + ", redirectUri=REDACTED]";
  }
}

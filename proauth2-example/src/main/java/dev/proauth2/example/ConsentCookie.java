package dev.proauth2.example;

import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's stand-in for a login session: a random value in a {@code SameSite=Strict; HttpOnly}
 * cookie, set with the consent page, that ties the page's nonce to the browser it was shown in. A
 * browser sends it with no post from another site, so such a post carries no session and is
 * refused.
 */
final class ConsentCookie {

  static final String NAME = "proauth2_consent";

  private static final SecureRandom RANDOM = new SecureRandom();

  private ConsentCookie() {}

  /** The session the request's cookie names, if it sent one well-formed. */
  static Optional<String> read(EndpointRequest request) {
    for (String header : request.headers().getOrDefault("cookie", java.util.List.of())) {
      for (String pair : header.split(";")) {
        String trimmed = pair.trim();
        if (trimmed.startsWith(NAME + "=")) {
          String value = trimmed.substring(NAME.length() + 1);
          if (value.length() == 43 && value.chars().allMatch(ConsentCookie::isBase64Url)) {
            return Optional.of(value);
          }
        }
      }
    }
    return Optional.empty();
  }

  static String newSession() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The {@code Set-Cookie} value: sent back only to {@code /authorize}, never to another site. */
  static String set(String session) {
    return NAME + "=" + session + "; Path=/authorize; HttpOnly; SameSite=Strict";
  }

  /** The {@code Set-Cookie} value for another consent page, such as {@code /device}. */
  static String set(String session, String path) {
    return NAME + "=" + session + "; Path=" + path + "; HttpOnly; SameSite=Strict";
  }

  /** The answer to a consent post from a browser that was never shown the form. */
  static EndpointResponse missing() {
    return new EndpointResponse(
        403,
        Map.of("Content-Type", "text/plain;charset=UTF-8", "Cache-Control", "no-store"),
        "the consent form was not shown to this browser (no consent cookie); go back to the"
            + " application and start again\n");
  }

  private static boolean isBase64Url(int c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || c == '-'
        || c == '_';
  }
}

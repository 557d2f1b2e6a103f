package dev.proauth2.bench;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.SecretHashes;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The OAuth flows the benchmarks run, written once so that every backend runs exactly the same
 * calls: an authorization-code grant with PKCE S256 by a confidential client, as OAuth 2.1 has it.
 */
final class Flows {

  static final String REDIRECT_URI = "https://app.example/cb";
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-benchmark";
  static final String CHALLENGE = SecretHashes.sha256(VERIFIER);
  static final String SCOPE = "read write";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Flows() {}

  /**
   * An engine with default settings on a store the caller owns, with no listener: the Micrometer
   * listener on this jar's class path is measured apart, in {@link ListenerCostBench}.
   */
  static Proauth2 engine(DataStore store) {
    return Proauth2.builder().dataStore(store).discoverListeners(false).build();
  }

  /** A confidential client, {@code client_secret_basic}, with the code and refresh grants. */
  static ClientRegistration registerClient(Proauth2 oauth) {
    return oauth.registerApp(
        RegistrationRequest.builder("benchmark client")
            .redirectUri(REDIRECT_URI)
            .scope(SCOPE)
            .build());
  }

  /** The whole code exchange: the authorization request, then the token request. */
  static TokenResponse codeExchange(Proauth2 oauth, ClientRegistration client, String userId) {
    AuthorizationCode code =
        oauth.requestAuthorization(
            AuthorizationRequest.builder()
                .clientId(client.clientId())
                .userId(userId)
                .responseType("code")
                .redirectUri(REDIRECT_URI)
                .scope(SCOPE)
                .codeChallenge(CHALLENGE)
                .codeChallengeMethod(CodeChallengeMethod.S256)
                .build());
    return oauth.requestAccessToken(
        TokenRequest.authorizationCode(
            client.clientId(), client.clientSecret(), code.code(), REDIRECT_URI, VERIFIER));
  }

  /** A refresh with rotation; returns the new pair. */
  static TokenResponse refresh(Proauth2 oauth, ClientRegistration client, String refreshToken) {
    return oauth.requestAccessToken(
        TokenRequest.refreshToken(client.clientId(), client.clientSecret(), refreshToken, null));
  }

  /** One of a thousand users, by a counter. */
  static String user(int n) {
    return "user-" + Math.floorMod(n, 1000) + "@example.com";
  }

  /**
   * A new 256-bit secret from a {@code SecureRandom}, base64url: what the engine makes for every
   * code and token, and what a floor must make too.
   */
  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }
}

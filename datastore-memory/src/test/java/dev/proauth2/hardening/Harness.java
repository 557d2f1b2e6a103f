package dev.proauth2.hardening;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One engine on a fresh memory store with a clock the test moves, three registered clients, and the
 * small steps of a flow. It remembers every secret it handed out, so a test can look for them where
 * they must not be.
 */
final class Harness implements AutoCloseable {

  static final String ISSUER = "https://auth.example";
  static final String REDIRECT = "https://app.example/cb";
  static final String QUERY_REDIRECT = "https://app.example/cb?mode=a&lang=en";
  static final String LOOPBACK_REDIRECT = "http://127.0.0.1:8000/native";
  static final String IPV6_LOOPBACK_REDIRECT = "http://[::1]:8000/native";
  static final String PRIVATE_USE_REDIRECT = "com.example.app:/oauth";
  static final String USER = "alice@example.com";
  static final String STATE = "xyz";

  private static final SecureRandom RANDOM = new SecureRandom();

  final MovableClock clock = new MovableClock();
  final ObservedStore store;
  final Proauth2 oauth;

  /** A confidential client with every redirect URI above, allowed {@code read write}. */
  final ClientRegistration app;

  /** Another confidential client with the same redirect URI: a registered attacker. */
  final ClientRegistration other;

  /** A public client ({@code none}) that must use PKCE. */
  final ClientRegistration spa;

  private final List<String> secrets = new ArrayList<>();

  private Harness(boolean observed, UnaryOperator<Proauth2.Builder> settings) {
    Proauth2.Builder builder;
    if (observed) {
      store = new ObservedStore(DataStores.open("memory:"));
      builder = Proauth2.builder().dataStore(store);
    } else {
      store = null;
      builder = Proauth2.builder().dataStore("memory:");
    }
    oauth = settings.apply(builder.clock(clock).issuer(ISSUER)).build();
    app =
        remember(
            oauth.registerApp(
                RegistrationRequest.builder("Hardening app")
                    .redirectUri(REDIRECT)
                    .redirectUri(QUERY_REDIRECT)
                    .redirectUri(LOOPBACK_REDIRECT)
                    .redirectUri(IPV6_LOOPBACK_REDIRECT)
                    .redirectUri(PRIVATE_USE_REDIRECT)
                    .scope("read write")
                    .build()));
    other = remember(oauth.registerApp("Registered attacker", REDIRECT));
    spa =
        remember(
            oauth.registerApp(
                RegistrationRequest.builder("SPA")
                    .redirectUri(REDIRECT)
                    .authMethod("none")
                    .build()));
  }

  /** An engine on a store it watches, so tests can tell what was written. */
  static Harness observed() {
    return new Harness(true, builder -> builder);
  }

  /** An engine on a store it watches, with builder settings of the test's own. */
  static Harness observed(UnaryOperator<Proauth2.Builder> settings) {
    return new Harness(true, settings);
  }

  /** An engine that opens its own store from the config string {@code memory:}. */
  static Harness onMemoryUri(UnaryOperator<Proauth2.Builder> settings) {
    return new Harness(false, settings);
  }

  /** Every token, code, client secret and verifier handed out so far. */
  List<String> secrets() {
    return secrets;
  }

  ClientRegistration remember(ClientRegistration registration) {
    remember(registration.clientSecret());
    return registration;
  }

  TokenResponse remember(TokenResponse tokens) {
    remember(tokens.accessToken());
    remember(tokens.refreshToken());
    return tokens;
  }

  String remember(String secret) {
    if (secret != null) {
      secrets.add(secret);
    }
    return secret;
  }

  /** A new PKCE verifier: 32 random bytes, base64url, 43 characters. */
  String newVerifier() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return remember(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The S256 challenge of a verifier (RFC 7636 section 4.2). */
  static String challengeOf(String verifier) {
    return SecretHashes.sha256(verifier);
  }

  /** A request for {@link #USER} to {@link #REDIRECT} with scope {@code read} and S256 PKCE. */
  AuthorizationRequest.Builder request(ClientRegistration client, String verifier) {
    AuthorizationRequest.Builder request =
        AuthorizationRequest.builder()
            .clientId(client.clientId())
            .userId(USER)
            .redirectUri(REDIRECT)
            .scope(client == app ? "read" : null)
            .state(STATE);
    if (verifier != null) {
      request.codeChallenge(challengeOf(verifier)).codeChallengeMethod(CodeChallengeMethod.S256);
    }
    return request;
  }

  AuthorizationCode authorize(ClientRegistration client, String verifier) {
    return authorize(request(client, verifier).build());
  }

  AuthorizationCode authorize(AuthorizationRequest request) {
    AuthorizationCode code = oauth.requestAuthorization(request);
    remember(code.code());
    return code;
  }

  TokenResponse exchange(ClientRegistration client, AuthorizationCode code, String verifier) {
    return exchange(client, client.clientSecret(), code.code(), REDIRECT, verifier);
  }

  TokenResponse exchange(
      ClientRegistration client, String secret, String code, String redirect, String verifier) {
    return remember(
        oauth.requestAccessToken(
            TokenRequest.authorizationCode(client.clientId(), secret, code, redirect, verifier)));
  }

  /** Runs authorize and exchange for the confidential app with PKCE. */
  TokenResponse tokens() {
    String verifier = newVerifier();
    return exchange(app, authorize(app, verifier), verifier);
  }

  TokenResponse refresh(ClientRegistration client, String refreshToken, String scope) {
    return remember(
        oauth.requestAccessToken(
            TokenRequest.refreshToken(
                client.clientId(), client.clientSecret(), refreshToken, scope)));
  }

  /** Whether an access token still authenticates; only {@code invalid_token} counts as dead. */
  boolean alive(String accessToken) {
    try {
      oauth.authenticateToken(accessToken);
      return true;
    } catch (Proauth2Exception e) {
      if (!e.error().equals(Proauth2Exception.INVALID_TOKEN)) {
        throw e;
      }
      return false;
    }
  }

  void advance(Duration duration) {
    clock.advance(duration);
  }

  @Override
  public void close() {
    oauth.close();
    if (store != null) {
      store.close();
    }
  }
}

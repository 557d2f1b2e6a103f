package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * What every concern of {@link Proauth2Contract} starts from: the engine on a fresh store from the
 * contract's {@code newStore()}, on a clock the tests move by hand, with one registered client; and
 * the steps of a flow the concerns share. Between the engine and the store sit {@link
 * RecordingDataStore}, which remembers every record written, and {@link FaultyDataStore}, which
 * fails one call on demand.
 */
abstract class EngineFixture {

  static final String ISSUER = "https://auth.example";
  static final String REDIRECT = "https://app.example/cb";
  static final String USER = "alice@example.com";
  static final String API = "https://api.example/mcp";
  static final String OTHER_API = "https://files.example/api";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Proauth2Contract contract;

  /** The store the contract opened, with nothing in between: what the races run on. */
  DataStore bareStore;

  FaultyDataStore faults;
  RecordingDataStore store;
  TestClock clock;
  Proauth2 oauth;

  /** A confidential client for the code and refresh grants, with scopes "read write". */
  ClientRegistration app;

  /** Every secret, code and token handed out so far, to look for where it must not be. */
  final List<String> secretsHandedOut = new ArrayList<>();

  EngineFixture(Proauth2Contract contract) {
    this.contract = Objects.requireNonNull(contract, "contract");
  }

  @BeforeEach
  final void openEngine() {
    bareStore = Objects.requireNonNull(contract.newStore(), "newStore() returned null");
    faults = new FaultyDataStore(bareStore);
    store = new RecordingDataStore(faults);
    clock = new TestClock();
    oauth =
        Proauth2.builder()
            .dataStore(store)
            .clock(clock)
            .issuer(ISSUER)
            .resource(API)
            .resource(OTHER_API)
            .build();
    app =
        register(
            RegistrationRequest.builder("Contract app")
                .redirectUri(REDIRECT)
                .scope("read write")
                .build());
  }

  @AfterEach
  final void closeEngine() {
    oauth.close();
    store.close();
  }

  /** How many rounds each race runs. */
  final int raceRounds() {
    return contract.raceRounds();
  }

  /** An engine on the same store and clock with nothing in between, for a test that runs many. */
  final Proauth2 bareEngine() {
    return Proauth2.builder()
        .dataStore(bareStore)
        .clock(clock)
        .issuer(ISSUER)
        .resource(API)
        .resource(OTHER_API)
        .build();
  }

  final ClientRegistration register(RegistrationRequest request) {
    ClientRegistration registration = oauth.registerApp(request);
    remember(registration.clientSecret());
    return registration;
  }

  final String remember(String secret) {
    if (secret != null) {
      secretsHandedOut.add(secret);
    }
    return secret;
  }

  static String newVerifier() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The S256 {@code code_challenge} of a verifier. */
  static String challengeOf(String verifier) {
    return SecretHashes.sha256(verifier);
  }

  /** A code for {@link #app} and {@link #USER}, scope "read", with the verifier's challenge. */
  final AuthorizationCode authorize(String verifier) {
    return authorize(oauth, app, USER, verifier, "read");
  }

  /** A code through {@code engine} for any client and user, with the verifier's challenge. */
  final AuthorizationCode authorize(
      Proauth2 engine, ClientRegistration client, String userId, String verifier, String scope) {
    AuthorizationCode code =
        engine.requestAuthorization(
            AuthorizationRequest.builder()
                .clientId(client.clientId())
                .userId(userId)
                .redirectUri(REDIRECT)
                .scope(scope)
                .state("xyz")
                .codeChallenge(challengeOf(verifier))
                .codeChallengeMethod(CodeChallengeMethod.S256)
                .build());
    remember(code.code());
    return code;
  }

  /** The request that redeems a code of {@link #app}. */
  final TokenRequest redeeming(AuthorizationCode code, String verifier) {
    return TokenRequest.authorizationCode(
        app.clientId(), app.clientSecret(), code.code(), REDIRECT, verifier);
  }

  /** The request that uses a refresh token of {@link #app}. */
  final TokenRequest refreshing(String refreshToken) {
    return TokenRequest.refreshToken(app.clientId(), app.clientSecret(), refreshToken, null);
  }

  /** Redeems a code of {@link #app}. */
  final TokenResponse exchange(AuthorizationCode code, String verifier) {
    return issued(oauth.requestAccessToken(redeeming(code, verifier)));
  }

  /** Authorizes with a new verifier and redeems the code: a fresh grant of {@link #app}. */
  final TokenResponse newGrant() {
    String verifier = newVerifier();
    return exchange(authorize(verifier), verifier);
  }

  /** Uses a refresh token of {@link #app}. */
  final TokenResponse refresh(String refreshToken) {
    return issued(oauth.requestAccessToken(refreshing(refreshToken)));
  }

  final TokenResponse issued(TokenResponse tokens) {
    remember(tokens.accessToken());
    remember(tokens.refreshToken());
    return tokens;
  }

  static void assertError(String error, Executable call) {
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, call);
    assertEquals(error, thrown.error(), thrown.getMessage());
  }

  /** The access token is refused and introspects as inactive. */
  final void assertTokenDead(String accessToken) {
    assertError(Proauth2Exception.INVALID_TOKEN, () -> oauth.authenticateToken(accessToken));
    assertFalse(oauth.introspect(accessToken).active(), "the access token is still active");
  }

  /** The refresh token introspects as inactive. */
  final void assertRefreshDead(String refreshToken) {
    assertFalse(oauth.introspect(refreshToken).active(), "the refresh token is still active");
  }
}

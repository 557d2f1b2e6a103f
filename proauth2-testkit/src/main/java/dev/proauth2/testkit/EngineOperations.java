package dev.proauth2.testkit;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.SecretHashes;
import java.util.function.Supplier;

/**
 * Every operation of the engine once, in the order of a client's life, each handed to a {@link
 * Probe} that may measure it: how a store module counts the round trips each operation makes to its
 * backend (with a command listener of its driver, say), so the counts of all stores come from the
 * same flow.
 *
 * <pre>{@code
 * EngineOperations.run(oauth, MyRoundTripsTest::count);   // static <T> T count(String, Supplier<T>)
 * }</pre>
 */
public final class EngineOperations {

  /** The redirect URI of the client the flow registers. */
  public static final String REDIRECT_URI = "https://app.example/cb";

  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  /** Runs one operation, measuring it or not, and returns its result. */
  public interface Probe {

    /**
     * @param operation the operation's name, such as {@code "authenticateToken"} or {@code
     *     "revokeToken (access token)"}
     * @param call the operation
     * @return what the call returned
     */
    <T> T run(String operation, Supplier<T> call);
  }

  private EngineOperations() {}

  /**
   * Registers a client, authorizes with PKCE, redeems the code, checks, introspects and refreshes
   * the tokens, and revokes the new access token, then the new refresh token with its grant.
   *
   * @param oauth the engine, on the store to measure
   * @param probe what runs each operation
   */
  public static void run(Proauth2 oauth, Probe probe) {
    ClientRegistration client =
        probe.run(
            "registerApp",
            () ->
                oauth.registerApp(
                    RegistrationRequest.builder("Round trips")
                        .redirectUri(REDIRECT_URI)
                        .scope("read")
                        .build()));
    AuthorizationCode code =
        probe.run(
            "requestAuthorization (PKCE)",
            () ->
                oauth.requestAuthorization(
                    AuthorizationRequest.builder()
                        .clientId(client.clientId())
                        .userId("alice@example.com")
                        .responseType("code")
                        .redirectUri(REDIRECT_URI)
                        .scope("read")
                        .codeChallenge(SecretHashes.sha256(VERIFIER))
                        .codeChallengeMethod(CodeChallengeMethod.S256)
                        .build()));
    TokenResponse tokens =
        probe.run(
            "requestAccessToken (authorization_code)",
            () ->
                oauth.requestAccessToken(
                    TokenRequest.authorizationCode(
                        client.clientId(),
                        client.clientSecret(),
                        code.code(),
                        REDIRECT_URI,
                        VERIFIER)));
    probe.run("authenticateToken", () -> oauth.authenticateToken(tokens.accessToken()));
    probe.run("introspect (access token)", () -> oauth.introspect(tokens.accessToken()));
    probe.run("introspect (refresh token)", () -> oauth.introspect(tokens.refreshToken()));
    TokenResponse refreshed =
        probe.run(
            "requestAccessToken (refresh_token)",
            () ->
                oauth.requestAccessToken(
                    TokenRequest.refreshToken(
                        client.clientId(), client.clientSecret(), tokens.refreshToken(), null)));
    probe.run(
        "revokeToken (access token)",
        () -> {
          oauth.revokeToken(refreshed.accessToken());
          return null;
        });
    probe.run(
        "revokeToken (refresh token, whole grant)",
        () -> {
          oauth.revokeToken(refreshed.refreshToken());
          return null;
        });
  }
}

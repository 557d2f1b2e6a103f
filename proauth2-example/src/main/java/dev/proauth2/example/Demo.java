package dev.proauth2.example;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The walk-through of the original {@code example.py}: every step a host application and a client
 * take, printed as it happens. Secrets are shown shortened, as a log should.
 */
final class Demo {

  private static final String REDIRECT = "https://app.example/callback";
  private static final String USER = "alice@example.com";

  private final PrintStream out;
  private int step;

  Demo(PrintStream out) {
    this.out = out;
  }

  void run(String storeUri) {
    try (Proauth2 oauth =
        Proauth2.builder().dataStore(storeUri).issuer("https://auth.example").build()) {
      say("Opened proauth2 on the store '" + DataStoreConfig.redact(storeUri) + "'");

      ClientRegistration app =
          oauth.registerApp(
              RegistrationRequest.builder("Demo app")
                  .redirectUri(REDIRECT)
                  .scope("read write")
                  .build());
      say("Registered a client app");
      detail("client_id", app.clientId());
      detail("scope it may ask for", app.scope());
      detail(
          "client_secret",
          shorten(app.clientSecret()) + " (shown once; only its SHA-256 is stored)");

      String verifier = newVerifier();
      AuthorizationCode code =
          oauth.requestAuthorization(
              AuthorizationRequest.builder()
                  .clientId(app.clientId())
                  .userId(USER)
                  .redirectUri(REDIRECT)
                  .scope("read write")
                  .state("demo-state")
                  .codeChallenge(SecretHashes.sha256(verifier))
                  .codeChallengeMethod(CodeChallengeMethod.S256)
                  .build());
      say("The host authenticated " + USER + ", got consent, and asked for a code (PKCE S256)");
      detail("code", shorten(code.code()) + " (single use, 60 s)");
      detail("redirect", code.redirectUri().replace(code.code(), shorten(code.code())));

      TokenResponse tokens =
          oauth.requestAccessToken(
              TokenRequest.authorizationCode(
                  app.clientId(), app.clientSecret(), code.code(), REDIRECT, verifier));
      say("The client exchanged the code and its PKCE verifier for tokens");
      detail("access_token", shorten(tokens.accessToken()));
      detail("refresh_token", shorten(tokens.refreshToken()));
      detail("token_type", tokens.tokenType() + ", expires_in " + tokens.expiresIn() + " s");
      detail("scope", tokens.scope());

      say("A resource server authenticated the access token");
      detail("user", oauth.authenticateToken(tokens.accessToken()).userId());

      TokenInfo info = oauth.introspect(tokens.accessToken());
      say("Introspection (RFC 7662) of the access token");
      detail("active", String.valueOf(info.active()));
      detail("client_id", info.clientId());
      detail("sub", info.subject());
      detail("exp", String.valueOf(info.expiresAt()));

      try {
        oauth.requestAccessToken(
            TokenRequest.authorizationCode(
                app.clientId(), app.clientSecret(), code.code(), REDIRECT, verifier));
      } catch (Proauth2Exception e) {
        say("Replaying the code is refused, and the tokens it issued are revoked");
        detail("error", e.error() + ": " + e.description());
      }
      detail("first access token now", checkQuietly(oauth, tokens.accessToken()));

      String newVerifier = newVerifier();
      AuthorizationCode second =
          oauth.requestAuthorization(
              AuthorizationRequest.builder()
                  .clientId(app.clientId())
                  .userId(USER)
                  .redirectUri(REDIRECT)
                  .scope("read write")
                  .codeChallenge(SecretHashes.sha256(newVerifier))
                  .codeChallengeMethod(CodeChallengeMethod.S256)
                  .build());
      TokenResponse fresh =
          oauth.requestAccessToken(
              TokenRequest.authorizationCode(
                  app.clientId(), app.clientSecret(), second.code(), REDIRECT, newVerifier));
      TokenResponse rotated =
          oauth.requestAccessToken(
              TokenRequest.refreshToken(
                  app.clientId(), app.clientSecret(), fresh.refreshToken(), "read"));
      say("After a new authorization, the client refreshed with narrower scope (rotation)");
      detail("new access_token", shorten(rotated.accessToken()) + ", scope " + rotated.scope());
      detail(
          "old refresh_token",
          oauth.introspect(fresh.refreshToken()).active() ? "active" : "inactive");

      oauth.revokeToken(rotated.accessToken());
      say("The client revoked its access token (RFC 7009)");
      detail("checking it again", checkQuietly(oauth, rotated.accessToken()));

      say("Done: every step behaved as OAuth 2.1 asks.");
    }
  }

  private static String checkQuietly(Proauth2 oauth, String token) {
    try {
      return "valid for " + oauth.authenticateToken(token).userId();
    } catch (Proauth2Exception e) {
      return "refused with " + e.error();
    }
  }

  private void say(String line) {
    out.printf("%n%d. %s%n", ++step, line);
  }

  private void detail(String name, String value) {
    out.printf("     %-22s %s%n", name, value);
  }

  private static String shorten(String secret) {
    return secret == null ? "(none)" : secret.substring(0, 6) + "...";
  }

  private static String newVerifier() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

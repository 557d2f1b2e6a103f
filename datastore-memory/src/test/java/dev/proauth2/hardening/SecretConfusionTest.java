package dev.proauth2.hardening;

import static dev.proauth2.hardening.Refusals.assertError;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every secret proauth2 issues has the same shape (43 base64url characters), so nothing but where
 * it is looked up tells a code from a token. Each kind presented as another is refused with the
 * error of the place it was presented, and the real holder's secrets keep working.
 */
@DisplayName("one kind of secret presented as another")
class SecretConfusionTest {

  private Harness h;
  private String verifier;
  private AuthorizationCode pendingCode;
  private TokenResponse tokens;

  @BeforeEach
  void open() {
    h = Harness.observed(b -> b.clientFailureLimit(1_000, java.time.Duration.ofMinutes(1)));
    String first = h.newVerifier();
    tokens = h.exchange(h.app, h.authorize(h.app, first), first);
    verifier = h.newVerifier();
    pendingCode = h.authorize(h.app, verifier);
  }

  @AfterEach
  void close() {
    h.close();
  }

  private void assertAsCodeRefused(String secret) {
    assertError(
        Proauth2Exception.INVALID_GRANT,
        () -> h.exchange(h.app, h.app.clientSecret(), secret, Harness.REDIRECT, verifier));
  }

  private void assertAsAccessTokenRefused(String secret) {
    assertError(Proauth2Exception.INVALID_TOKEN, () -> h.oauth.authenticateToken(secret));
  }

  private void assertAsRefreshTokenRefused(String secret) {
    assertError(Proauth2Exception.INVALID_GRANT, () -> h.refresh(h.app, secret, null));
  }

  /** The victim's secrets all still work: the confusion consumed and revoked nothing. */
  private void assertNothingLost() {
    assertTrue(h.alive(tokens.accessToken()), "the access token stopped working");
    assertTrue(h.oauth.introspect(tokens.refreshToken()).active(), "the refresh token was lost");
    assertTrue(
        h.alive(h.exchange(h.app, pendingCode, verifier).accessToken()), "the code was lost");
    assertTrue(h.alive(h.refresh(h.app, tokens.refreshToken(), null).accessToken()));
  }

  @Test
  @DisplayName("an access token presented as a code or a refresh token is refused")
  void accessToken() {
    assertAsCodeRefused(tokens.accessToken());
    assertAsRefreshTokenRefused(tokens.accessToken());
    assertNothingLost();
  }

  @Test
  @DisplayName(
      "a refresh token presented as an access token is invalid_token, and as a code invalid_grant")
  void refreshToken() {
    assertAsAccessTokenRefused(tokens.refreshToken());
    assertAsCodeRefused(tokens.refreshToken());
    assertNothingLost();
  }

  @Test
  @DisplayName(
      "a code presented as an access token or a refresh token is refused, and stays redeemable")
  void code() {
    assertAsAccessTokenRefused(pendingCode.code());
    assertFalse(h.oauth.introspect(pendingCode.code()).active(), "a code introspected as active");
    assertAsRefreshTokenRefused(pendingCode.code());
    h.oauth.revokeToken(pendingCode.code());
    assertNothingLost();
  }

  @Test
  @DisplayName("a client secret presented as a token or a code is refused")
  void clientSecret() {
    String secret = h.app.clientSecret();
    assertAsAccessTokenRefused(secret);
    assertFalse(h.oauth.introspect(secret).active());
    assertAsRefreshTokenRefused(secret);
    assertAsCodeRefused(secret);
    h.oauth.revokeToken(secret);
    assertTrue(h.oauth.findApp(h.app.clientId()).isPresent());
    assertNothingLost();
  }

  @Test
  @DisplayName("a token or a code presented as a client secret is invalid_client")
  void tokenAsClientSecret() {
    for (String secret :
        List.of(tokens.accessToken(), tokens.refreshToken(), pendingCode.code(), verifier)) {
      assertError(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              h.oauth.requestAccessToken(
                  TokenRequest.refreshToken(
                      h.app.clientId(), secret, tokens.refreshToken(), null)));
    }
    assertNothingLost();
  }

  @Test
  @DisplayName("another client's secret does not authenticate this client")
  void otherClientsSecret() {
    assertError(
        Proauth2Exception.INVALID_CLIENT,
        () ->
            h.oauth.requestAccessToken(
                TokenRequest.refreshToken(
                    h.app.clientId(), h.other.clientSecret(), tokens.refreshToken(), null)));
    assertError(
        Proauth2Exception.INVALID_CLIENT,
        () ->
            h.oauth.introspect(
                new ClientCredentials(
                    "client_secret_basic", h.app.clientId(), h.other.clientSecret()),
                tokens.accessToken()));
    assertNothingLost();
  }

  @Test
  @DisplayName("the hashes a reader of the database sees work as no token, code or client secret")
  void storedHashesAreUseless() {
    Set<String> hashes = new LinkedHashSet<>();
    for (ObservedStore.Write write : h.store.written()) {
      Record record = write.record();
      for (String field : List.of(Table.TOKEN_HASH, Table.CODE_HASH, Table.SECRET_HASH)) {
        record.string(field).ifPresent(hashes::add);
      }
    }
    assertTrue(hashes.size() >= 5, "the flow wrote hashes of codes, tokens and secrets");
    for (String hash : hashes) {
      assertAsAccessTokenRefused(hash);
      assertFalse(h.oauth.introspect(hash).active());
      assertAsRefreshTokenRefused(hash);
      assertAsCodeRefused(hash);
      assertError(
          Proauth2Exception.INVALID_CLIENT,
          () ->
              h.oauth.requestAccessToken(
                  TokenRequest.refreshToken(h.app.clientId(), hash, tokens.refreshToken(), null)));
    }
    assertNothingLost();
  }
}

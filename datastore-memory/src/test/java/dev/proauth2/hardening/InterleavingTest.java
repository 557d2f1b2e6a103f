package dev.proauth2.hardening;

import static dev.proauth2.hardening.Refusals.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.ClientRegistration;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The interleavings the contract's races hit only by chance, made to happen every time: a second
 * request runs just before the first one's next store call. A revocation that lands while tokens
 * are being issued must withdraw them; a secret rotation that fails or loses its client must leave
 * the client as it was.
 */
@DisplayName("requests interleaved at the worst moment")
class InterleavingTest {

  private Harness h;

  @BeforeEach
  void open() {
    h = Harness.observed();
  }

  @AfterEach
  void close() {
    h.close();
  }

  /** No access or refresh token stored since {@code mark} can be found any more. */
  private void assertNothingLiveSince(int mark) {
    List<ObservedStore.Write> written = h.store.written();
    int checked = 0;
    for (ObservedStore.Write write : written.subList(mark, written.size())) {
      if (write.table() != Table.TOKENS && write.table() != Table.REFRESH_TOKENS) {
        continue;
      }
      String key = write.record().string(Table.TOKEN_HASH).orElseThrow();
      if (write.record().has(Table.ROTATED_AT)) {
        continue;
      }
      assertEquals(
          Optional.empty(),
          h.store.fetch(write.table(), key),
          "a token issued during the revocation is still in " + write.table().tableName());
      checked++;
    }
    assertTrue(checked >= 2, "the issuance stored its tokens before it was withdrawn");
  }

  @Test
  @DisplayName(
      "a refresh during which its grant is revoked through an older refresh token issues nothing"
          + " usable")
  void familyRevokedDuringRefresh() {
    TokenResponse first = h.tokens();
    TokenResponse second = h.refresh(h.app, first.refreshToken(), null);
    int mark = h.store.written().size();
    h.store.beforeOnce(
        ObservedStore.Operation.PUT, Table.TOKENS, () -> h.oauth.revokeToken(first.refreshToken()));
    assertError(
        Proauth2Exception.INVALID_GRANT, () -> h.refresh(h.app, second.refreshToken(), null));
    assertNothingLiveSince(mark);
    assertFalse(h.alive(second.accessToken()));
  }

  @Test
  @DisplayName(
      "a refresh during which its own refresh token is revoked by its client issues nothing"
          + " usable")
  void tokenRevokedDuringRefresh() {
    TokenResponse first = h.tokens();
    int mark = h.store.written().size();
    ClientCredentials owner =
        new ClientCredentials("client_secret_basic", h.app.clientId(), h.app.clientSecret());
    h.store.beforeOnce(
        ObservedStore.Operation.PUT,
        Table.TOKENS,
        () -> h.oauth.revokeToken(owner, first.refreshToken(), "refresh_token"));
    assertError(
        Proauth2Exception.INVALID_GRANT, () -> h.refresh(h.app, first.refreshToken(), null));
    assertNothingLiveSince(mark);
    assertFalse(h.oauth.introspect(first.refreshToken()).active());
  }

  @Test
  @DisplayName(
      "a refresh that completes inside a revocation's sweep of refresh tokens, behind its cursor,"
          + " leaves nothing usable")
  void refreshBehindTheSweep() {
    TokenResponse first = h.tokens();
    AtomicReference<TokenResponse> racing = new AtomicReference<>();
    h.store.staleRemoveAllOnce(
        Table.REFRESH_TOKENS, () -> racing.set(h.refresh(h.app, first.refreshToken(), null)));
    h.oauth.revokeToken(first.refreshToken());
    assertNotNull(racing.get(), "the racing refresh won: its replace came before the sweep's");
    assertFalse(h.alive(racing.get().accessToken()));
    assertFalse(h.oauth.introspect(racing.get().refreshToken()).active());
  }

  @Test
  @DisplayName(
      "a refresh that completes inside a sign-out's sweep of refresh tokens, behind its cursor,"
          + " leaves nothing usable")
  void refreshBehindTheSignOutSweep() {
    TokenResponse first = h.tokens();
    AtomicReference<TokenResponse> racing = new AtomicReference<>();
    h.store.staleRemoveAllOnce(
        Table.REFRESH_TOKENS, () -> racing.set(h.refresh(h.app, first.refreshToken(), null)));
    h.oauth.revokeAll(Harness.USER);
    assertNotNull(racing.get(), "the racing refresh won: its replace came before the sweep's");
    assertFalse(h.alive(racing.get().accessToken()));
    assertFalse(h.oauth.introspect(racing.get().refreshToken()).active());
  }

  @Test
  @DisplayName(
      "a code redeemed while its user is signed out everywhere, in the same millisecond, issues"
          + " nothing usable")
  void userRevokedDuringExchange() {
    String verifier = h.newVerifier();
    AuthorizationCode code = h.authorize(h.app, verifier);
    int mark = h.store.written().size();
    h.store.beforeOnce(
        ObservedStore.Operation.PUT, Table.REFRESH_TOKENS, () -> h.oauth.revokeAll(Harness.USER));
    assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.app, code, verifier));
    assertNothingLiveSince(mark);
  }

  @Test
  @DisplayName("a code redeemed while its client is deleted issues nothing usable")
  void clientDeletedDuringExchange() {
    String verifier = h.newVerifier();
    AuthorizationCode code = h.authorize(h.app, verifier);
    int mark = h.store.written().size();
    h.store.beforeOnce(
        ObservedStore.Operation.PUT,
        Table.REFRESH_TOKENS,
        () -> h.oauth.deleteApp(h.app.clientId()));
    assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.app, code, verifier));
    assertNothingLiveSince(mark);
  }

  @Test
  @DisplayName("a sign-out of another user during an exchange leaves the exchange alone")
  void otherUserRevokedDuringExchange() {
    String verifier = h.newVerifier();
    AuthorizationCode code = h.authorize(h.app, verifier);
    h.store.beforeOnce(
        ObservedStore.Operation.PUT, Table.REFRESH_TOKENS, () -> h.oauth.revokeAll("bob"));
    assertTrue(h.alive(h.exchange(h.app, code, verifier).accessToken()));
  }

  private void assertAuthenticates(ClientRegistration client, String secret) {
    assertError(
        Proauth2Exception.INVALID_GRANT,
        () ->
            h.oauth.requestAccessToken(
                TokenRequest.refreshToken(client.clientId(), secret, "x".repeat(43), null)));
  }

  @Test
  @DisplayName(
      "a secret rotation whose store fails is temporarily_unavailable and leaves the old secret"
          + " working")
  void rotationFails() {
    h.store.failOnce(
        ObservedStore.Operation.REPLACE,
        Table.APPLICATIONS,
        () -> new DataStoreUnavailableException("write timed out", new RuntimeException("io")));
    assertError(
        Proauth2Exception.TEMPORARILY_UNAVAILABLE, () -> h.oauth.rotateSecret(h.app.clientId()));
    assertAuthenticates(h.app, h.app.clientSecret());
    assertEquals(
        Optional.of(h.app.redirectUris()),
        h.oauth.findApp(h.app.clientId()).map(ClientRegistration::redirectUris));
  }

  @Test
  @DisplayName("a secret rotation racing the client's deletion does not bring the client back")
  void rotationRacesDeletion() {
    h.store.beforeOnce(
        ObservedStore.Operation.REPLACE,
        Table.APPLICATIONS,
        () -> h.oauth.deleteApp(h.app.clientId()));
    assertError(Proauth2Exception.INVALID_REQUEST, () -> h.oauth.rotateSecret(h.app.clientId()));
    assertEquals(Optional.empty(), h.oauth.findApp(h.app.clientId()));
  }
}

package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Record;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What reaches the store, as {@link RecordingDataStore} saw it: hashes of codes, tokens and client
 * secrets, never the values themselves, so a copy of the backend grants nothing.
 */
abstract class SecretsAtRestContract extends EngineFixture {

  SecretsAtRestContract(Proauth2Contract contract) {
    super(contract);
  }

  @Test
  @DisplayName("after the whole flow, no token, code, secret or PKCE verifier is stored in clear")
  void nothingSecretInClear() {
    String verifier = newVerifier();
    AuthorizationCode code = authorize(verifier);
    TokenResponse tokens = exchange(code, verifier);
    TokenResponse refreshed = refresh(tokens.refreshToken());
    remember(oauth.rotateSecret(app.clientId()).clientSecret());
    oauth.revokeToken(refreshed.refreshToken());

    assertTrue(secretsHandedOut.size() >= 7, "secrets were handed out");
    assertFalse(store.written().isEmpty(), "records were written");
    for (Record record : store.written()) {
      for (Object value : record.fields().values()) {
        String stored = String.valueOf(value);
        for (String secret : secretsHandedOut) {
          assertFalse(stored.contains(secret), "a secret was stored in clear");
        }
        assertFalse(stored.contains(verifier), "the verifier was stored");
      }
    }
  }
}

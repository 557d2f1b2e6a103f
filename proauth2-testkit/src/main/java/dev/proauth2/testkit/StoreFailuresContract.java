package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A store that fails midway through an exchange, a refresh or a revocation, as a backend outage
 * would ({@link FaultyDataStore}): the call fails as {@code temporarily_unavailable}, and nothing
 * it stored is left live.
 */
abstract class StoreFailuresContract extends EngineFixture {

  StoreFailuresContract(Proauth2Contract contract) {
    super(contract);
  }

  private List<Record> writtenSince(int mark, Table table) {
    List<Record> records = new ArrayList<>();
    List<Record> all = store.written();
    for (int i = mark; i < all.size(); i++) {
      if (all.get(i).has(table.keyField())) {
        records.add(all.get(i));
      }
    }
    return records;
  }

  private void assertNothingLiveFrom(int mark) {
    for (Table table : List.of(Table.TOKENS, Table.REFRESH_TOKENS)) {
      for (Record record : writtenSince(mark, table)) {
        if (record.has(Table.ROTATED_AT)) {
          continue;
        }
        String key = record.string(table.keyField()).orElseThrow();
        assertEquals(
            Optional.empty(),
            store.fetch(table, key),
            "a token stored during the failed call is still live in " + table.tableName());
      }
    }
  }

  private void exchangeFailsWith(FaultyDataStore.Operation operation, Table table, int skip) {
    String verifier = newVerifier();
    AuthorizationCode code = authorize(verifier);
    int mark = store.written().size();
    faults.failOn(operation, table, skip);
    assertError(Proauth2Exception.TEMPORARILY_UNAVAILABLE, () -> exchange(code, verifier));
    assertTrue(faults.fired(), "the fault fired");
    assertNothingLiveFrom(mark);
  }

  @Test
  @DisplayName("failing to store the access token leaves no live token")
  void failBeforeAccessToken() {
    exchangeFailsWith(FaultyDataStore.Operation.PUT, Table.TOKENS, 0);
  }

  @Test
  @DisplayName("failing to store the refresh token leaves no live token")
  void failBeforeRefreshToken() {
    exchangeFailsWith(FaultyDataStore.Operation.PUT, Table.REFRESH_TOKENS, 0);
  }

  @Test
  @DisplayName("failing to replace the code with its tombstone withdraws the tokens already stored")
  void failOnTombstone() {
    exchangeFailsWith(FaultyDataStore.Operation.REPLACE, Table.NONCE_CODES, 0);
  }

  @Test
  @DisplayName("failing during a refresh leaves no live token from it")
  void failDuringRefresh() {
    TokenResponse first = newGrant();
    int mark = store.written().size();
    faults.failOn(FaultyDataStore.Operation.PUT, Table.TOKENS, 0);
    assertError(Proauth2Exception.TEMPORARILY_UNAVAILABLE, () -> refresh(first.refreshToken()));
    assertTrue(faults.fired(), "the fault fired");
    assertNothingLiveFrom(mark);
  }

  @Test
  @DisplayName("a revocation the store could not finish is reported as unavailable, never as done")
  void revocationFailure() {
    TokenResponse tokens = newGrant();
    faults.failOn(FaultyDataStore.Operation.REMOVE_ALL, Table.TOKENS, 0);
    assertError(
        Proauth2Exception.TEMPORARILY_UNAVAILABLE, () -> oauth.revokeToken(tokens.refreshToken()));
    faults.failOn(FaultyDataStore.Operation.REMOVE, Table.TOKENS, 0);
    assertError(
        Proauth2Exception.TEMPORARILY_UNAVAILABLE, () -> oauth.revokeToken(tokens.accessToken()));
    assertEquals(USER, oauth.authenticateToken(tokens.accessToken()).userId());
    oauth.revokeToken(tokens.refreshToken());
    assertTokenDead(tokens.accessToken());
  }
}

package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.KeyEncryptionKeys;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Private signing keys reach a store only sealed under the host's key-encryption key")
class KeyEncryptionTest {

  private final MovingClock clock = new MovingClock();
  private final DataStore store = new OutOfProcessStore(DataStores.open("memory:", clock));

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  @DisplayName("an engine on a store outside its process refuses to start without a key")
  void noKeyNoStart() {
    Proauth2Exception e =
        assertThrows(
            Proauth2Exception.class,
            () -> Engines.jwt(store, clock, Duration.ofDays(7), null).close());
    assertEquals(Proauth2Exception.SERVER_ERROR, e.error());
    assertTrue(e.getMessage().contains(KeyEncryptionKeys.ENVIRONMENT), e.getMessage());
    assertTrue(e.getMessage().contains("openssl rand -base64 32"), e.getMessage());
    assertTrue(store.fetch(Table.SIGNING_KEYS, "ES256").isEmpty(), "nothing was written");
  }

  @Test
  @DisplayName("the memory store, whose keys never leave the process, needs no key")
  void memoryStoreNeedsNone() {
    try (DataStore memory = DataStores.open("memory:", clock);
        Proauth2 oauth = Engines.jwt(memory, clock, Duration.ofDays(7), null)) {
      assertTrue(oauth.publicKeys().isPresent());
      assertTrue(memory.fetch(Table.SIGNING_KEYS, "ES256").isPresent());
    }
  }

  @Test
  @DisplayName("the stored set holds no private key in clear: the sealed entries open to them")
  void noPrivateKeyInClear() throws Exception {
    JoseSigning signer = JoseSigning.managedKeys();
    try (Proauth2 oauth =
        Proauth2.builder()
            .dataStore(store)
            .clock(clock)
            .issuer(Engines.ISSUER)
            .signing(signer)
            .keyEncryptionKey(Engines.keyEncryptionKey(7))
            .discoverListeners(false)
            .build()) {
      Record stored = store.fetch(Table.SIGNING_KEYS, "ES256").orElseThrow();
      String dump = stored.fields().toString();
      KeyRing ring = KeyRing.parse(stored.string(Table.KEY_ENTRIES).orElseThrow());
      KeySealer sealer = new KeySealer(Engines.keyEncryptionKey(7));
      assertEquals(2, ring.entries().size());
      for (KeyRing.Entry entry : ring.entries()) {
        ECKey key = JWK.parse(sealer.open(entry.keyId(), "ES256", entry.sealed())).toECKey();
        String d = key.getD().toString();
        assertFalse(dump.contains(d), "the private value d is not in the record");
        assertFalse(
            dump.contains(Base64.getEncoder().encodeToString(key.getD().decode())),
            "nor in standard base64");
        assertFalse(JWK.parse(entry.publicJwk()).isPrivate());
      }
      assertEquals(
          ring.entries().get(0).keyId(), signer.keys().signingKey(JWSAlgorithm.ES256).keyId());
    }
  }

  @Test
  @DisplayName("a wrong key-encryption key is a clear start-up error naming both key ids")
  void wrongKey() {
    Engines.jwt(store, clock, Duration.ofDays(7), Engines.keyEncryptionKey(1)).close();
    Proauth2Exception e =
        assertThrows(
            Proauth2Exception.class,
            () -> Engines.jwt(store, clock, Duration.ofDays(7), Engines.keyEncryptionKey(2)));
    String rightId = new KeySealer(Engines.keyEncryptionKey(1)).id();
    String wrongId = new KeySealer(Engines.keyEncryptionKey(2)).id();
    assertTrue(e.getMessage().contains(rightId), e.getMessage());
    assertTrue(e.getMessage().contains(wrongId), e.getMessage());
    assertTrue(e.getMessage().contains("every engine on one store needs the same"));
  }

  @Test
  @DisplayName("a sealed key altered in the store does not open: a clear start-up error")
  void altered() {
    Engines.jwt(store, clock, Duration.ofDays(7), Engines.keyEncryptionKey(1)).close();
    Record stored = store.fetch(Table.SIGNING_KEYS, "ES256").orElseThrow();
    KeyRing ring = KeyRing.parse(stored.string(Table.KEY_ENTRIES).orElseThrow());
    KeyRing.Entry first = ring.entries().get(0);
    String sealed = first.sealed();
    char flipped = sealed.charAt(20) == 'A' ? 'B' : 'A';
    KeyRing.Entry altered =
        new KeyRing.Entry(
            first.keyId(),
            first.activatesAt(),
            first.retainMillis(),
            first.publicJwk(),
            sealed.substring(0, 20) + flipped + sealed.substring(21));
    KeyRing tampered =
        new KeyRing(ring.keyEncryptionKeyId(), java.util.List.of(altered, ring.entries().get(1)));
    store.put(Table.SIGNING_KEYS, stored.with(Table.KEY_ENTRIES, tampered.toJson()));
    Proauth2Exception e =
        assertThrows(
            Proauth2Exception.class,
            () -> Engines.jwt(store, clock, Duration.ofDays(7), Engines.keyEncryptionKey(1)));
    assertTrue(e.getMessage().contains("does not open"), e.getMessage());
  }

  @Test
  @DisplayName("the key may come in the config string; the store never sees the option")
  void keyInConfigString() {
    String kek = Base64.getEncoder().encodeToString(Engines.keyEncryptionKey(3).getEncoded());
    try (Proauth2 oauth =
        Proauth2.builder()
            .dataStore("memory:?" + KeyEncryptionKeys.OPTION + "=" + kek)
            .issuer(Engines.ISSUER)
            .signing(JoseSigning.managedKeys())
            .discoverListeners(false)
            .build()) {
      assertTrue(oauth.publicKeys().isPresent(), "memory refuses unknown options: it never saw it");
    }
  }

  @Test
  @DisplayName(
      "a store outage at a routine re-read changes nothing: the key in force goes on signing and"
          + " tokens are checked; once a key activates, the keys must be read again")
  void outageAtReRead() {
    OutOfProcessStore flaky = (OutOfProcessStore) store;
    try (Proauth2 oauth =
        Engines.jwt(store, clock, Duration.ofDays(7), Engines.keyEncryptionKey(5))) {
      ClientRegistration client = Engines.machine(oauth);
      clock.advance(Duration.ofSeconds(1));
      Engines.token(oauth, client); // the re-read that confirms the engine's own first write
      clock.advance(Duration.ofMinutes(10)); // past the 5-minute re-read, before any activation
      flaky.signingKeysDown = true;
      String token = Engines.token(oauth, client).accessToken();
      assertTrue(oauth.authenticateToken(token).isClient());
      clock.advance(Duration.ofDays(7)); // the successor activates: the set must be read again
      Proauth2Exception e =
          assertThrows(Proauth2Exception.class, () -> Engines.token(oauth, client));
      assertEquals(Proauth2Exception.TEMPORARILY_UNAVAILABLE, e.error());
      flaky.signingKeysDown = false;
      assertTrue(Engines.token(oauth, client).accessToken().contains("."));
    }
  }

  @Test
  @DisplayName("a key that is not base64 of 32 bytes is refused without echoing it")
  void malformedKey() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KeyEncryptionKeys.parse("c2hvcnQ="));
    assertTrue(e.getMessage().contains("32 bytes"));
    assertFalse(e.getMessage().contains("c2hvcnQ"));
  }
}

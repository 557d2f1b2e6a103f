package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Managed signing keys: published before they sign, kept until their tokens expire")
class KeyLifecycleTest {

  private static final Duration P = Duration.ofDays(7);

  private final MovingClock clock = new MovingClock();
  private final DataStore store = DataStores.open("memory:", clock);
  private Proauth2 oauth;

  @AfterEach
  void close() {
    oauth.close();
    store.close();
  }

  private JoseSigning signer;

  private JoseSigning signing() {
    return signer;
  }

  private Proauth2 start() {
    signer = JoseSigning.builder().keys(ManagedSigningKeys.rotatingEvery(P)).build();
    oauth =
        Proauth2.builder()
            .dataStore(store)
            .clock(clock)
            .issuer(Engines.ISSUER)
            .signing(signer)
            .accessTokenFormat(dev.proauth2.AccessTokenFormat.JWT)
            .discoverListeners(false)
            .build();
    return oauth;
  }

  private List<String> published() {
    return signing().keys().publicKeys().getKeys().stream().map(JWK::getKeyID).toList();
  }

  private String active() {
    return signing().keys().signingKey(JWSAlgorithm.ES256).keyId();
  }

  private static String kidOf(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  @Test
  @DisplayName(
      "a new key is published one period before it signs, signs one period, and is deleted once"
          + " the last token it signed has expired")
  void lifecycle() throws Exception {
    start();
    ClientRegistration client = Engines.machine(oauth);
    List<String> first = published();
    assertEquals(2, first.size(), "the key in force and its successor");
    String k0 = active();
    String k1 = first.get(1);
    assertEquals(first.get(0), k0);

    clock.advance(P.minusSeconds(1));
    String lastOfK0 = Engines.token(oauth, client).accessToken();
    assertEquals(k0, kidOf(lastOfK0), "k1 does not sign before its period");

    clock.advance(Duration.ofSeconds(1));
    String firstOfK1 = Engines.token(oauth, client).accessToken();
    assertEquals(k1, kidOf(firstOfK1), "k1 signs once its period starts");
    List<String> afterRotation = published();
    assertEquals(3, afterRotation.size(), "k0 retired, k1 in force, k2 published ahead");
    assertTrue(afterRotation.containsAll(List.of(k0, k1)));
    assertEquals(
        oauth.authenticateToken(lastOfK0).clientId(),
        client.clientId(),
        "a token of the retired key is still accepted");

    clock.advance(Duration.ofMinutes(5).plusSeconds(59));
    assertTrue(published().contains(k0), "kept for the 5-minute token lifetime plus a minute");
    clock.advance(Duration.ofSeconds(2));
    assertFalse(published().contains(k0), "deleted once its last token has expired");
    assertThrows(Proauth2Exception.class, () -> oauth.authenticateToken(lastOfK0));
    String later = Engines.token(oauth, client).accessToken();
    assertEquals(k1, kidOf(later));
    assertEquals(client.clientId(), oauth.authenticateToken(later).clientId());
  }

  @Test
  @DisplayName("the JWKS is public keys only, each with kid, use and alg, cached a quarter period")
  void jwks() throws Exception {
    start();
    JWKSet set = JWKSet.parse(oauth.publicKeys().orElseThrow().json());
    assertEquals(2, set.getKeys().size());
    for (JWK key : set.getKeys()) {
      assertFalse(key.isPrivate(), "no private part");
      assertFalse(key.toJSONObject().containsKey("d"));
      assertEquals("sig", key.getKeyUse().getValue());
      assertEquals("ES256", key.getAlgorithm().getName());
      assertEquals(key.computeThumbprint().toString(), key.getKeyID());
    }
    assertEquals(Duration.ofHours(6), oauth.publicKeys().orElseThrow().maxAge(), "capped at 6 h");
    assertEquals(
        Duration.ofSeconds(15),
        ManagedSigningKeys.rotatingEvery(Duration.ofSeconds(60)).maxAge(),
        "a quarter of the period: three quarters of it remain for engines to re-read the set");
  }

  @Test
  @DisplayName("an engine started again on the store keeps the keys it finds")
  void restart() {
    start();
    List<String> before = published();
    String active = active();
    oauth.close();
    start();
    assertEquals(before, published());
    assertEquals(active, active());
  }

  @Test
  @DisplayName(
      "after a pause of three periods: the successor published before the pause signs, the old"
          + " key is gone, and the next key is published a whole period ahead")
  void pause() {
    start();
    List<String> before = published();
    oauth.close();
    clock.advance(P.multipliedBy(3));
    start();
    String k1 = before.get(1);
    assertEquals(k1, active());
    List<String> after = published();
    assertEquals(2, after.size());
    assertEquals(k1, after.get(0));
    assertFalse(after.contains(before.get(0)));
    clock.advance(P.minusSeconds(1));
    assertEquals(k1, active(), "k2 waits its whole period");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(after.get(1), active());
  }
}

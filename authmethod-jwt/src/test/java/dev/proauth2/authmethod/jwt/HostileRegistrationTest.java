package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import dev.proauth2.ClientRegistration;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import dev.proauth2.testkit.TestAuthContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile registrant tries at registration and key rotation: a {@code jwks_uri} that points
 * into the server's own network in any spelling, and keys that would make every check expensive.
 * Each is refused with {@code invalid_client_metadata} naming the rule, and nothing is stored.
 */
class HostileRegistrationTest {

  private final PrivateKeyJwt method = new PrivateKeyJwt(PrivateKeyJwtSettings.DEFAULTS);

  /** A server whose issuer is https, so no loopback exception applies. */
  private final TestAuthContext httpsServer = new TestAuthContext();

  private String refused(Record application) {
    Proauth2Exception thrown =
        assertThrows(
            Proauth2Exception.class, () -> method.checkRegistration(application, httpsServer));
    assertEquals(Proauth2Exception.INVALID_CLIENT_METADATA, thrown.error());
    return thrown.description();
  }

  @ParameterizedTest(name = "https://{0}/jwks")
  @ValueSource(
      strings = {
        "169.254.169.254",
        "10.0.0.1:8443",
        "2130706433",
        "0x7f000001",
        "0177.0.0.1",
        "127.0.0.1",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[fe80::1]",
        "[fc00::1]",
        "100.64.0.1",
        "0.0.0.0",
        "192.168.1.1",
        "172.16.0.1",
        "167772161",
        "0xa000001",
        "012.0.0.1",
        "[0:0:0:0:0:0:0:1]"
      })
  @DisplayName("a jwks_uri on a special-use address, in any spelling, is refused naming the rule")
  void specialUseHost(String host) {
    String description = refused(Verifying.withJwksUri("client-a", "https://" + host + "/jwks"));
    assertTrue(description.contains("special-use address"), description);
  }

  @ParameterizedTest(name = "https://{0}/jwks")
  @ValueSource(strings = {"127.1", "10.1", "169.254.169.254.", "0x7f.1", "1.1.1.1.1"})
  @DisplayName(
      "a host that a resolver would read as an address but java.net.URI reads as no host is"
          + " refused too")
  void numericNoHost(String host) {
    String description = refused(Verifying.withJwksUri("client-a", "https://" + host + "/jwks"));
    assertTrue(
        description.contains("with a host")
            || description.contains("special-use address")
            || description.contains("neither a name nor an address"),
        description);
  }

  @Test
  @DisplayName("a jwks_uri with user info, a fragment, or plain http names the rule it breaks")
  void rulesNamed() {
    assertTrue(
        refused(Verifying.withJwksUri("client-a", "https://user:pw@client.example/jwks"))
            .contains("user info"));
    assertTrue(
        refused(Verifying.withJwksUri("client-a", "https://client.example/jwks#keys"))
            .contains("fragment"));
    assertTrue(
        refused(Verifying.withJwksUri("client-a", "http://client.example/jwks")).contains("https"));
  }

  @Test
  @DisplayName("an RSA key of 8192 bits is refused inline, naming the key and the bound")
  void hugeRsaInline() {
    String description =
        refused(
            PrivateKeyJwtContractTest.application(
                "client-a", TestKeys.jwks(TestKeys.EC, TestKeys.rsaPublic("big", 8192, 65537))));
    assertTrue(description.contains("key 2 of jwks"), description);
    assertTrue(description.contains("8192 bits"), description);
  }

  @Test
  @DisplayName("an RSA key with public exponent 3 is refused inline, naming the key")
  void smallExponentInline() {
    String description =
        refused(
            PrivateKeyJwtContractTest.application(
                "client-a", TestKeys.jwks(TestKeys.rsaPublic("e3", 2048, 3))));
    assertTrue(description.contains("key 1 of jwks"), description);
    assertTrue(description.contains("65537"), description);
  }

  @Test
  @DisplayName("RSA keys of 2048 and 4096 bits with exponent 65537 are accepted")
  void rsaBounds() {
    Record application =
        PrivateKeyJwtContractTest.application(
            "client-a",
            TestKeys.jwks(
                TestKeys.rsaPublic("low", 2048, 65537), TestKeys.rsaPublic("high", 4096, 65537)));
    assertTrue(method.checkRegistration(application, httpsServer).string(Table.JWKS).isPresent());
  }

  @Test
  @DisplayName("61 inline keys are refused")
  void sixtyOneKeys() {
    List<JWK> keys = new ArrayList<>();
    for (int i = 0; i < 61; i++) {
      keys.add(TestKeys.ec("k" + i));
    }
    String description =
        refused(
            PrivateKeyJwtContractTest.application(
                "client-a", TestKeys.jwks(keys.toArray(new JWK[0]))));
    assertTrue(description.contains("at most 10"), description);
  }

  @Test
  @DisplayName("rotateKeys to a jwks_uri on a special-use address is refused; the old keys stay")
  void rotation() {
    try (JwtEngine engine = new JwtEngine()) {
      ClientRegistration client = engine.register(TestKeys.EC);
      Proauth2Exception refused =
          assertThrows(
              Proauth2Exception.class,
              () ->
                  engine.oauth.rotateKeys(
                      client.clientId(), null, "https://169.254.169.254/latest/meta-data/"));
      assertEquals(Proauth2Exception.INVALID_CLIENT_METADATA, refused.error());
      assertTrue(refused.description().contains("special-use address"), refused.description());
      assertEquals(
          200,
          engine
              .clientCredentials(engine.assertion(client.clientId()).signedWith(TestKeys.EC))
              .status());
    }
  }

  @Test
  @DisplayName("registration through the engine stores nothing for a special-use jwks_uri")
  void nothingStored() {
    try (JwtEngine engine = new JwtEngine()) {
      assertThrows(Proauth2Exception.class, () -> engine.registerUri("https://10.0.0.1:8443/jwks"));
      assertEquals(0, engine.store.writes(Table.APPLICATIONS));
    }
  }
}

package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import dev.proauth2.testkit.TestAuthContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a private_key_jwt client may register: its public keys inline, or where to fetch them. */
class RegistrationTest {

  private final PrivateKeyJwt method = new PrivateKeyJwt(PrivateKeyJwtSettings.DEFAULTS);
  private final TestAuthContext httpsServer = new TestAuthContext();
  private final TestAuthContext loopbackServer =
      new TestAuthContext(Clock.systemUTC(), "http://localhost:8080");

  private static Record withJwks(String jwks) {
    return PrivateKeyJwtContractTest.application("client-a", jwks);
  }

  private static Record withJwksUri(String uri) {
    return without(withJwks("unused"), Table.JWKS).with(Table.JWKS_URI, uri);
  }

  private static Record without(Record record, String field) {
    Map<String, Object> fields = new LinkedHashMap<>(record.fields());
    fields.remove(field);
    return Record.of(fields);
  }

  private String refused(Record application, TestAuthContext context) {
    Proauth2Exception thrown =
        assertThrows(Proauth2Exception.class, () -> method.checkRegistration(application, context));
    assertEquals(Proauth2Exception.INVALID_CLIENT_METADATA, thrown.error());
    return thrown.description();
  }

  private String refusedJwks(String jwks) {
    return refused(withJwks(jwks), httpsServer);
  }

  private static JWK generated(com.nimbusds.jose.jwk.gen.JWKGenerator<?> generator) {
    try {
      return generator.generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Nested
  @DisplayName("inline jwks")
  class Inline {

    @Test
    @DisplayName("RSA, EC P-256 and Ed25519 public keys are accepted and stored as public JSON")
    void accepted() {
      Record checked =
          method.checkRegistration(
              withJwks(TestKeys.jwks(TestKeys.RSA, TestKeys.EC, TestKeys.ED25519)), httpsServer);
      String stored = checked.string(Table.JWKS).orElseThrow();
      assertTrue(stored.contains("\"kid\":\"rsa-1\""), stored);
      assertFalse(stored.contains("\"d\""), stored);
      assertEquals("client-a", checked.string(Table.CLIENT_ID).orElseThrow());
    }

    @Test
    @DisplayName("normalising is stable: the stored set passes again unchanged")
    void stable() {
      Record once =
          method.checkRegistration(
              withJwks(TestKeys.jwks(TestKeys.RSA, TestKeys.EC, TestKeys.ED25519)), httpsServer);
      assertEquals(once, method.checkRegistration(once, httpsServer));
    }

    @Test
    @DisplayName("members the set or its keys do not define are dropped")
    void unknownMembersDropped() {
      String jwks =
          "{\"keys\":["
              + TestKeys.EC.toPublicJWK().toJSONString().replace("{", "{\"note\":\"x\",")
              + "],\"extra\":1}";
      String stored =
          method.checkRegistration(withJwks(jwks), httpsServer).string(Table.JWKS).orElseThrow();
      assertFalse(stored.contains("note") || stored.contains("extra"), stored);
    }

    @Test
    @DisplayName("a private key is refused, saying it is exposed")
    void privateKey() {
      String jwks = new JWKSet(TestKeys.EC).toString(false);
      String description = refusedJwks(jwks);
      assertTrue(description.contains("private"), description);
      assertFalse(description.contains(TestKeys.EC.getD().toString()));
    }

    @Test
    @DisplayName("a symmetric (oct) key is refused")
    void symmetric() {
      OctetSequenceKey oct = (OctetSequenceKey) generated(new OctetSequenceKeyGenerator(256));
      String description = refusedJwks(new JWKSet(oct).toString(false));
      assertTrue(description.contains("oct"), description);
    }

    @Test
    @DisplayName("keys of unsupported curves (P-384, P-521, X25519) are refused")
    void unsupportedCurves() {
      for (JWK key :
          List.of(
              generated(new ECKeyGenerator(Curve.P_384)),
              generated(new ECKeyGenerator(Curve.P_521)),
              generated(new OctetKeyPairGenerator(Curve.X25519)))) {
        refusedJwks(TestKeys.jwks(key));
      }
    }

    @Test
    @DisplayName("an RSA key of 1024 bits is refused")
    void shortRsa() {
      refusedJwks(TestKeys.jwks(generated(new RSAKeyGenerator(1024, true))));
    }

    @Test
    @DisplayName("an encryption key (use enc) is refused")
    void encryptionKey() {
      refusedJwks(
          TestKeys.jwks(
              new ECKey.Builder(TestKeys.EC.toPublicJWK()).keyUse(KeyUse.ENCRYPTION).build()));
    }

    @Test
    @DisplayName("a key whose alg is HS256, or does not fit its type, is refused")
    void keyAlg() {
      refusedJwks(
          TestKeys.jwks(
              new ECKey.Builder(TestKeys.EC.toPublicJWK()).algorithm(JWSAlgorithm.HS256).build()));
      refusedJwks(
          TestKeys.jwks(
              new RSAKey.Builder(TestKeys.RSA.toPublicJWK())
                  .algorithm(JWSAlgorithm.ES256)
                  .build()));
    }

    @Test
    @DisplayName("more than ten keys are refused")
    void tooMany() {
      List<JWK> keys = new ArrayList<>();
      for (int i = 0; i < 11; i++) {
        keys.add(TestKeys.ec("k" + i));
      }
      String description = refusedJwks(TestKeys.jwks(keys.toArray(new JWK[0])));
      assertTrue(description.contains("at most 10"), description);
    }

    @Test
    @DisplayName("two keys with one kid are refused")
    void duplicateKid() {
      refusedJwks(TestKeys.jwks(TestKeys.ec("same"), TestKeys.ec("same")));
    }

    @Test
    @DisplayName("an empty set, malformed JSON and a key without kty are refused")
    void malformed() {
      refusedJwks("{\"keys\":[]}");
      refusedJwks("{\"keys\":");
      refusedJwks("{\"keys\":[{\"x\":\"y\"}]}");
      refusedJwks("[]");
    }

    @Test
    @DisplayName("jwks and jwks_uri together, or neither, are refused")
    void exactlyOne() {
      Record both =
          withJwks(TestKeys.jwks(TestKeys.EC)).with(Table.JWKS_URI, "https://c.example/jwks");
      assertTrue(refused(both, httpsServer).contains("exactly one"));
      Record neither = without(withJwks("unused"), Table.JWKS);
      assertTrue(refused(neither, httpsServer).contains("exactly one"));
    }
  }

  @Nested
  @DisplayName("jwks_uri")
  class Uri {

    @Test
    @DisplayName("an https URL is accepted unchanged, and not fetched at registration")
    void https() {
      Record application = withJwksUri("https://client.example/jwks.json");
      assertEquals(application, method.checkRegistration(application, httpsServer));
    }

    @Test
    @DisplayName("http is refused on a non-loopback host, even for a loopback server")
    void httpRemote() {
      refused(withJwksUri("http://client.example/jwks.json"), loopbackServer);
      refused(withJwksUri("http://client.example/jwks.json"), httpsServer);
    }

    @Test
    @DisplayName("http on loopback is refused while the server's issuer is https")
    void httpLoopbackForHttpsServer() {
      String description = refused(withJwksUri("http://127.0.0.1:9000/jwks"), httpsServer);
      assertTrue(description.contains("https"), description);
    }

    @Test
    @DisplayName(
        "http on localhost, 127.0.0.1 or [::1] is accepted when the issuer is loopback too")
    void httpLoopbackForLoopbackServer() {
      for (String uri :
          List.of(
              "http://localhost:9000/jwks",
              "http://127.0.0.1:9000/jwks",
              "http://[::1]:9000/jwks")) {
        Record application = withJwksUri(uri);
        assertEquals(application, method.checkRegistration(application, loopbackServer));
      }
    }

    @Test
    @DisplayName("user info, a fragment, a relative URL and other schemes are refused")
    void malformed() {
      refused(withJwksUri("https://user:pw@client.example/jwks"), httpsServer);
      refused(withJwksUri("https://client.example/jwks#keys"), httpsServer);
      refused(withJwksUri("/jwks"), httpsServer);
      refused(withJwksUri("ftp://client.example/jwks"), httpsServer);
      refused(withJwksUri("file:///etc/passwd"), httpsServer);
      refused(withJwksUri("https://exa mple/jwks"), httpsServer);
    }
  }
}

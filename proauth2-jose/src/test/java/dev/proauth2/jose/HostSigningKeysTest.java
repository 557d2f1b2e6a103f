package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.AccessTokenFormat;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The host's own signing keys: from a JWK set file or a PKCS#12 keystore")
class HostSigningKeysTest {

  private static Proauth2 engine(SigningKeys keys, String algorithm) {
    return Proauth2.builder()
        .dataStore(DataStores.open("memory:"))
        .issuer(Engines.ISSUER)
        .signing(JoseSigning.builder().keys(keys).accessTokenAlgorithm(algorithm).build())
        .accessTokenFormat(AccessTokenFormat.JWT)
        .discoverListeners(false)
        .build();
  }

  @Test
  @DisplayName("a JWK set file: the first key of the algorithm signs, every key is published")
  void jwkSetFile(@TempDir Path dir) throws Exception {
    JWK first = new ECKeyGenerator(Curve.P_256).keyID("first").generate();
    JWK second = new ECKeyGenerator(Curve.P_256).keyID("second").generate();
    Path file = dir.resolve("keys.json");
    Files.writeString(file, new JWKSet(List.of(first, second)).toString(false));
    try (Proauth2 oauth = engine(HostSigningKeys.fromJwkSetFile(file), "ES256")) {
      String token = Engines.token(oauth, Engines.machine(oauth)).accessToken();
      assertEquals("first", SignedJWT.parse(token).getHeader().getKeyID());
      JWKSet published = JWKSet.parse(oauth.publicKeys().orElseThrow().json());
      assertEquals(2, published.getKeys().size());
      for (JWK key : published.getKeys()) {
        assertFalse(key.isPrivate());
        assertEquals("ES256", key.getAlgorithm().getName());
        assertEquals("sig", key.getKeyUse().getValue());
      }
      assertTrue(oauth.authenticateToken(token).isClient());
    }
  }

  @Test
  @DisplayName("a PKCS#12 keystore made by keytool: its RSA key signs RS256 under its alias")
  void pkcs12(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("signing.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "rsa-2026",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=proauth2 test",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));
    HostSigningKeys keys = HostSigningKeys.fromPkcs12(store, "changeit".toCharArray());
    try (Proauth2 oauth = engine(keys, "RS256")) {
      String token = Engines.token(oauth, Engines.machine(oauth)).accessToken();
      SignedJWT jwt = SignedJWT.parse(token);
      assertEquals("rsa-2026", jwt.getHeader().getKeyID());
      assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
      assertTrue(oauth.authenticateToken(token).isClient());
    }
    IllegalArgumentException wrong =
        assertThrows(
            IllegalArgumentException.class,
            () -> HostSigningKeys.fromPkcs12(store, "wrong".toCharArray()));
    assertTrue(wrong.getMessage().contains("check the path and the password"));
  }

  @Test
  @DisplayName("refused: public keys only, a short RSA key, no kid, no key for the algorithm")
  void refused() throws Exception {
    JWK ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
    assertThrows(
        IllegalArgumentException.class,
        () -> HostSigningKeys.fromJwkSet(new JWKSet(ec.toPublicJWK()).toString(false)));
    JWK shortRsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
    assertTrue(HostSigningKeys.fromJwkSet(new JWKSet(shortRsa).toString(false)) != null);
    JWK noKid = new ECKeyGenerator(Curve.P_256).generate();
    assertThrows(
        IllegalArgumentException.class,
        () -> HostSigningKeys.fromJwkSet(new JWKSet(noKid).toString(false)));
    HostSigningKeys onlyEc = HostSigningKeys.fromJwkSet(new JWKSet(ec).toString(false));
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> engine(onlyEc, "RS256"));
    assertTrue(missing.getMessage().contains("RS256"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> HostSigningKeys.fromJwkSet("not json"));
  }
}

package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature: an allow-listed asymmetric algorithm that fits the key, by one of the client's
 * registered keys, and never a key the assertion's header points to.
 */
class SignatureTest {

  private final Verifying client = new Verifying();

  @Nested
  @DisplayName("accepted algorithms and keys")
  class Accepted {

    @Test
    @DisplayName("RS256 with the client's RSA key")
    void rs256() {
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.RSA)));
    }

    @Test
    @DisplayName("PS256 with the client's RSA key")
    void ps256() {
      assertTrue(
          client.verify(client.assertion().algorithm(JWSAlgorithm.PS256).signedWith(TestKeys.RSA)));
    }

    @Test
    @DisplayName("ES256 with the client's P-256 key")
    void es256() {
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.EC)));
    }

    @Test
    @DisplayName("EdDSA with the client's Ed25519 key")
    void edDsa() {
      assertTrue(client.verify(client.assertion().signedWith(TestKeys.ED25519)));
    }

    @Test
    @DisplayName("without a kid, the client's only key that suits the alg is used")
    void withoutKid() {
      // The client has an RSA, an EC and an Ed25519 key: exactly one suits each algorithm.
      assertTrue(client.verify(client.assertion().withoutKid().signedWith(TestKeys.EC)));
      assertTrue(client.verify(client.assertion().withoutKid().signedWith(TestKeys.ED25519)));
      assertTrue(
          client.verify(
              client
                  .assertion()
                  .withoutKid()
                  .algorithm(JWSAlgorithm.PS256)
                  .signedWith(TestKeys.RSA)));
    }

    @Test
    @DisplayName("the metadata lists exactly RS256, PS256, ES256 and EdDSA")
    void metadata() {
      assertEquals(List.of("RS256", "PS256", "ES256", "EdDSA"), client.method.signingAlgorithms());
    }
  }

  @Nested
  @DisplayName("refused algorithms")
  class RefusedAlgorithms {

    @Test
    @DisplayName("alg none (an unsigned JWT) is refused, naming alg none")
    void none() {
      String description = client.refused(client.assertion().unsigned());
      assertTrue(description.contains("alg none"), description);
    }

    @Test
    @DisplayName("HS256 keyed with the client's RSA public key bytes is refused, naming alg")
    void hmacWithRsaPublicKey() throws JOSEException {
      byte[] publicKey = TestKeys.RSA.toRSAPublicKey().getEncoded();
      String description =
          client.refused(client.assertion().hmacWith(publicKey, TestKeys.RSA.getKeyID()));
      assertTrue(description.contains("alg"), description);
    }

    @Test
    @DisplayName("HS256 keyed with the client's EC public key bytes is refused")
    void hmacWithEcPublicKey() throws JOSEException {
      byte[] publicKey = TestKeys.EC.toECPublicKey().getEncoded();
      client.refused(client.assertion().hmacWith(publicKey, TestKeys.EC.getKeyID()));
    }

    @Test
    @DisplayName("HS256 keyed with the JSON of the client's public JWK is refused")
    void hmacWithPublicJwk() {
      byte[] json = TestKeys.EC.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
      client.refused(client.assertion().hmacWith(json, TestKeys.EC.getKeyID()));
    }

    @Test
    @DisplayName("RS512, an asymmetric alg outside the allow-list, is refused")
    void rs512() {
      client.refused(client.assertion().algorithm(JWSAlgorithm.RS512).signedWith(TestKeys.RSA));
    }

    @Test
    @DisplayName("ES256 in the header with the kid of an RSA key is refused: alg must fit the key")
    void algDoesNotFitKey() {
      String assertion =
          client
              .assertion()
              .header(header -> header.keyID(TestKeys.RSA.getKeyID()))
              .signedWith(TestKeys.EC);
      String description = client.refused(assertion);
      assertTrue(description.contains("kid"), description);
    }
  }

  @Nested
  @DisplayName("refused signatures")
  class RefusedSignatures {

    @Test
    @DisplayName("a stripped signature is not accepted")
    void stripped() {
      String signed = client.assertion().signedWith(TestKeys.EC);
      client.rejects(signed.substring(0, signed.lastIndexOf('.') + 1));
    }

    @Test
    @DisplayName("a signature of other claims is not accepted")
    void swappedPayload() {
      String[] good = client.assertion().signedWith(TestKeys.EC).split("\\.");
      String[] other =
          client.assertion().claim("jti", "other").signedWith(TestKeys.EC).split("\\.");
      client.rejects(good[0] + "." + other[1] + "." + good[2]);
    }

    @Test
    @DisplayName("the attacker's key under the client's kid is not accepted")
    void attackerUnderClientKid() {
      client.rejects(
          client
              .assertion()
              .header(header -> header.keyID(TestKeys.EC.getKeyID()))
              .signedWith(TestKeys.ATTACKER_EC));
    }

    @Test
    @DisplayName("an unknown kid is refused, naming kid")
    void unknownKid() {
      String description = client.refused(client.assertion().signedWith(TestKeys.ATTACKER_EC));
      assertTrue(description.contains("kid"), description);
    }

    @Test
    @DisplayName(
        "without a kid, a client with two keys that suit the alg is refused before any signature"
            + " check, and told to name one with kid")
    void withoutKidTwoKeys() {
      Verifying twoKeys =
          new Verifying(
              PrivateKeyJwtSettings.DEFAULTS, Assertion.ISSUER, TestKeys.ec("first"), TestKeys.EC);
      // Signed by one of the two keys: had either been tried, the assertion would have passed.
      String description =
          twoKeys.refused(twoKeys.assertion().withoutKid().signedWith(TestKeys.EC));
      assertTrue(description.contains("several keys"), description);
      assertTrue(description.contains("kid"), description);
      assertTrue(twoKeys.verify(twoKeys.assertion().signedWith(TestKeys.EC)), "with its kid");
    }

    @Test
    @DisplayName("an all-zero ES256 signature (CVE-2022-21449) is not accepted")
    void psychicSignature() {
      String signed = client.assertion().signedWith(TestKeys.EC);
      String zero = Base64URL.encode(new byte[64]).toString();
      client.rejects(signed.substring(0, signed.lastIndexOf('.') + 1) + zero);
    }
  }

  @Nested
  @DisplayName("header members that point to other keys are ignored")
  class PointingHeaders {

    @Test
    @DisplayName("jwk: the attacker's public key embedded in the header is not used")
    void embeddedJwk() {
      client.rejects(
          client
              .assertion()
              .withoutKid()
              .header(header -> header.jwk(TestKeys.ATTACKER_EC.toPublicJWK()))
              .signedWith(TestKeys.ATTACKER_EC));
    }

    @Test
    @DisplayName("jwk with the client's kid: still only the registered key counts")
    void embeddedJwkWithClientKid() {
      client.rejects(
          client
              .assertion()
              .header(
                  header ->
                      header.keyID(TestKeys.EC.getKeyID()).jwk(TestKeys.ATTACKER_EC.toPublicJWK()))
              .signedWith(TestKeys.ATTACKER_EC));
    }

    @Test
    @DisplayName("jku and x5u: the attacker's URL is never fetched")
    void jkuNotFetched() throws IOException {
      AtomicInteger hits = new AtomicInteger();
      HttpServer attacker =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      attacker.createContext(
          "/",
          exchange -> {
            hits.incrementAndGet();
            byte[] body = TestKeys.jwks(TestKeys.ATTACKER_EC).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      attacker.start();
      try {
        URI url = URI.create("http://127.0.0.1:" + attacker.getAddress().getPort() + "/jwks");
        client.rejects(
            client
                .assertion()
                .header(header -> header.keyID(TestKeys.EC.getKeyID()).jwkURL(url).x509CertURL(url))
                .signedWith(TestKeys.ATTACKER_EC));
        client.rejects(
            client
                .assertion()
                .withoutKid()
                .header(header -> header.jwkURL(url))
                .signedWith(TestKeys.ATTACKER_EC));
        assertEquals(0, hits.get(), "the attacker's URL was fetched");
      } finally {
        attacker.stop(0);
      }
    }

    @Test
    @DisplayName("x5c: a real certificate of the attacker's key in the header is not used")
    void certificateChain(@TempDir Path dir) throws Exception {
      Path store = dir.resolve("attacker.p12");
      Process keytool =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-alias",
                  "attacker",
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-sigalg",
                  "SHA256withECDSA",
                  "-dname",
                  "CN=attacker",
                  "-validity",
                  "2",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  store.toString(),
                  "-storepass",
                  "changeit")
              .redirectErrorStream(true)
              .start();
      try (InputStream out = keytool.getInputStream()) {
        out.readAllBytes();
      }
      assertTrue(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0);
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, "changeit".toCharArray());
      }
      X509Certificate certificate = (X509Certificate) keys.getCertificate("attacker");
      ECKey attacker =
          new ECKey.Builder(
                  com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) certificate.getPublicKey())
              .privateKey((PrivateKey) keys.getKey("attacker", "changeit".toCharArray()))
              .keyID(TestKeys.EC.getKeyID())
              .build();
      List<Base64> chain = List.of(Base64.encode(certificate.getEncoded()));
      client.rejects(
          client.assertion().header(header -> header.x509CertChain(chain)).signedWith(attacker));
      client.rejects(
          client
              .assertion()
              .withoutKid()
              .header(header -> header.x509CertChain(chain))
              .signedWith(attacker));
    }

    @Test
    @DisplayName("crit is refused, naming crit")
    void crit() {
      String description =
          client.refused(
              client
                  .assertion()
                  .header(
                      header -> header.criticalParams(Set.of("exp-ext")).customParam("exp-ext", 1))
                  .signedWith(TestKeys.EC));
      assertTrue(description.contains("crit"), description);
    }

    @Test
    @DisplayName("typ client-authentication+jwt (draft-ietf-oauth-rfc7523bis) and JWT are accepted")
    void typAccepted() {
      for (String typ : List.of("client-authentication+jwt", "JWT", "jwt")) {
        assertTrue(
            client.verify(
                client
                    .assertion()
                    .header(header -> header.type(new JOSEObjectType(typ)))
                    .signedWith(TestKeys.EC)),
            typ);
      }
    }

    @Test
    @DisplayName("a typ of another kind of token (at+jwt, dpop+jwt) is refused, naming typ")
    void typRefused() {
      for (String typ : List.of("at+jwt", "dpop+jwt")) {
        String description =
            client.refused(
                client
                    .assertion()
                    .header(header -> header.type(new JOSEObjectType(typ)))
                    .signedWith(TestKeys.EC));
        assertTrue(description.contains("typ"), description);
      }
    }

    @Test
    @DisplayName("a valid assertion with an unrelated jwk header is still accepted by its kid")
    void unrelatedHeaderHarmless() {
      assertTrue(
          client.verify(
              client
                  .assertion()
                  .header(header -> header.jwk(TestKeys.ATTACKER_EC.toPublicJWK()))
                  .signedWith(TestKeys.EC)));
    }
  }
}

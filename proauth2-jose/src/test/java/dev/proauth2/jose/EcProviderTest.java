package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.Provider;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ES256 with BouncyCastle's provider, when bcprov is present, agrees with the JDK's")
class EcProviderTest {

  private final ECKey key = (ECKey) Algorithms.generate(JWSAlgorithm.ES256);
  private final Provider bouncyCastle = Algorithms.provider(Algorithms.BOUNCY_CASTLE);

  private String sign(JWSSigner signer) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(key.getKeyID())
                .build(),
            new JWTClaimsSet.Builder().issuer("https://as.example").subject("client-1").build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static boolean verifies(String token, JWSVerifier verifier) throws Exception {
    return SignedJWT.parse(token).verify(verifier);
  }

  private boolean jose4jVerifies(String token) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmConstraints(
        new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
    jws.setCompactSerialization(token);
    jws.setKey(key.toECPublicKey());
    return jws.verifySignature();
  }

  private String jose4jSigns() throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    jws.setKeyIdHeaderValue(key.getKeyID());
    jws.setPayload("{\"iss\":\"https://as.example\",\"sub\":\"client-1\"}");
    jws.setKey(key.toECPrivateKey());
    return jws.getCompactSerialization();
  }

  @Test
  @DisplayName("with bcprov-jdk18on on the class path, the engine's ES256 keys use BouncyCastle")
  void bouncyCastleIsFound() {
    assertEquals("BC", Algorithms.ecProvider().getName());
    assertEquals("BC", bouncyCastle.getName());
  }

  @Test
  @DisplayName(
      "a token the engine signs with BouncyCastle verifies with the JDK's provider and jose4j")
  void bouncyCastleSignedVerifiesElsewhere() throws Exception {
    String token = sign(Algorithms.signer(key));
    assertTrue(verifies(token, Algorithms.ecVerifier(key, null)));
    assertTrue(jose4jVerifies(token));
    assertTrue(verifies(token, Algorithms.verifier(key)));
  }

  @Test
  @DisplayName(
      "tokens the JDK's provider and jose4j sign verify with the engine's BouncyCastle verifier")
  void elsewhereSignedVerifiesWithBouncyCastle() throws Exception {
    JWSVerifier engine = Algorithms.verifier(key);
    assertTrue(verifies(sign(Algorithms.ecSigner(key, null)), engine));
    assertTrue(verifies(jose4jSigns(), engine));
  }

  @Test
  @DisplayName("a signature changed in one bit fails with BouncyCastle and with the JDK's provider")
  void tamperedFailsWithEither() throws Exception {
    String token = sign(Algorithms.signer(key));
    int last = token.length() - 2; // not the final character, whose low bits base64url may drop
    char flipped = token.charAt(last) == 'A' ? 'B' : 'A';
    String tampered = token.substring(0, last) + flipped + token.substring(last + 1);
    assertFalse(verifies(tampered, Algorithms.verifier(key)));
    assertFalse(verifies(tampered, Algorithms.ecVerifier(key, null)));
    assertFalse(jose4jVerifies(tampered));
  }

  @Test
  @DisplayName(
      "without BouncyCastle, or with a class that is no provider, the JDK's signs and verifies")
  void absentProviderFallsBackToTheJdk() throws Exception {
    assertNull(Algorithms.provider("org.bouncycastle.jce.provider.NoSuchProvider"));
    assertNull(Algorithms.provider(EcProviderTest.class.getName()));
    String token = sign(Algorithms.ecSigner(key, null));
    assertTrue(verifies(token, Algorithms.ecVerifier(key, null)));
    assertTrue(jose4jVerifies(token));
  }
}

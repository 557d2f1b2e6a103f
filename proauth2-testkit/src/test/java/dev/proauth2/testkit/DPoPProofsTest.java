package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.DPoPRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The test client's DPoP proofs, read back with nimbus as a server would read them. */
class DPoPProofsTest {

  private static final String URL = "https://api.example/me";
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  private final DPoPProofs client = DPoPProofs.ec(Clock.fixed(NOW, ZoneOffset.UTC));

  /** Parses a proof and checks its signature by the public key its own header carries. */
  private static SignedJWT verified(String proof) throws Exception {
    SignedJWT jwt = SignedJWT.parse(proof);
    ECKey jwk = (ECKey) jwt.getHeader().getJWK();
    assertFalse(jwk.isPrivate(), "the header carries the private key");
    assertTrue(jwt.verify(new ECDSAVerifier(jwk)), "the signature is not by the header's jwk");
    return jwt;
  }

  @Test
  @DisplayName("a proof is an ES256 dpop+jwt signed by the public key in its own header")
  void signedByItsJwk() throws Exception {
    SignedJWT jwt = verified(client.proof("POST", "https://issuer.example/token"));
    assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
    assertEquals(new JOSEObjectType("dpop+jwt"), jwt.getHeader().getType());
    assertEquals(Curve.P_256, ((ECKey) jwt.getHeader().getJWK()).getCurve());
  }

  @Test
  @DisplayName("a proof carries htm, htu, iat from the client's clock and a jti of its own")
  void claims() throws Exception {
    JWTClaimsSet first = verified(client.proof("POST", URL)).getJWTClaimsSet();
    JWTClaimsSet second = verified(client.proof("POST", URL)).getJWTClaimsSet();
    assertEquals("POST", first.getStringClaim("htm"));
    assertEquals(URL, first.getStringClaim("htu"));
    assertEquals(Date.from(NOW), first.getIssueTime());
    assertNotEquals(first.getJWTID(), second.getJWTID());
    assertNull(first.getClaim("ath"));
    assertNull(first.getClaim("nonce"));
  }

  @Test
  @DisplayName("a resource proof's ath is base64url(SHA-256) of the access token (RFC 9449 7.1)")
  void ath() throws Exception {
    String token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    JWTClaimsSet claims = verified(client.proof("GET", URL, token)).getJWTClaimsSet();
    assertEquals("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", claims.getStringClaim("ath"));
    assertEquals("GET", claims.getStringClaim("htm"));
  }

  @Test
  @DisplayName("a proof with a nonce carries it, with ath only when a token is given")
  void nonce() throws Exception {
    JWTClaimsSet token = verified(client.proof("POST", URL, null, "n-1")).getJWTClaimsSet();
    assertEquals("n-1", token.getStringClaim("nonce"));
    assertNull(token.getClaim("ath"));
    JWTClaimsSet resource =
        verified(client.proof("GET", URL, "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU", "n-2"))
            .getJWTClaimsSet();
    assertEquals("n-2", resource.getStringClaim("nonce"));
    assertEquals("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", resource.getStringClaim("ath"));
  }

  @Test
  @DisplayName("the thumbprint is the RFC 7638 one of the proof's jwk, as nimbus computes it")
  void thumbprint() throws Exception {
    ECKey jwk = (ECKey) verified(client.proof("GET", URL)).getHeader().getJWK();
    assertEquals(jwk.computeThumbprint().toString(), client.thumbprint());
    String members =
        "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
            + jwk.getX()
            + "\",\"y\":\""
            + jwk.getY()
            + "\"}";
    byte[] hash =
        MessageDigest.getInstance("SHA-256").digest(members.getBytes(StandardCharsets.UTF_8));
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(hash), client.thumbprint());
    assertNotEquals(client.thumbprint(), DPoPProofs.ec().thumbprint());
  }

  @Test
  @DisplayName("a request carries the proof with the method and URL it was made for")
  void request() throws Exception {
    DPoPRequest request = client.request("GET", URL, "token");
    assertEquals("GET", request.method());
    assertEquals(URL, request.url());
    assertEquals(URL, verified(request.proof()).getJWTClaimsSet().getStringClaim("htu"));
  }

  @Test
  @DisplayName("a client is made only from a P-256 private key")
  void keyChecked() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    Clock clock = Clock.systemUTC();
    assertEquals(key.computeThumbprint().toString(), DPoPProofs.of(key, clock).thumbprint());
    assertThrows(IllegalArgumentException.class, () -> DPoPProofs.of(key.toPublicJWK(), clock));
    ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
    assertThrows(IllegalArgumentException.class, () -> DPoPProofs.of(p384, clock));
  }
}

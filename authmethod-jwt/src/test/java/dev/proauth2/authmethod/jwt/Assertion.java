package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.testkit.TestAuthContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A client assertion built for a test: by default a valid one (RFC 7523 section 3) for the client
 * at {@link TestAuthContext#ISSUER}, living 60 s, with a fresh {@code jti}; each method breaks or
 * changes one thing. Signing goes through Nimbus, as a real client's library would.
 */
final class Assertion {

  static final String ISSUER = TestAuthContext.ISSUER;

  private final JWTClaimsSet.Builder claims;
  private UnaryOperator<JWSHeader.Builder> header = UnaryOperator.identity();
  private JWSAlgorithm algorithm;
  private boolean noKid;
  private List<String> audienceArray;

  private Assertion(JWTClaimsSet.Builder claims) {
    this.claims = claims;
  }

  /** A valid assertion for the client, made at {@code now}. */
  static Assertion forClient(String clientId, Instant now) {
    return new Assertion(
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(clientId)
            .audience(ISSUER)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofSeconds(60))))
            .jwtID(UUID.randomUUID().toString()));
  }

  /** Sets a claim; {@code null} removes it. */
  Assertion claim(String name, Object value) {
    claims.claim(name, value instanceof Instant ? Date.from((Instant) value) : value);
    return this;
  }

  /** Changes the header beyond alg and kid. */
  Assertion header(UnaryOperator<JWSHeader.Builder> change) {
    this.header = change;
    return this;
  }

  /** Signs with this algorithm rather than the one the key's type implies. */
  Assertion algorithm(JWSAlgorithm algorithm) {
    this.algorithm = algorithm;
    return this;
  }

  /**
   * Sends {@code aud} as a JSON array of these values, even of one, which Nimbus's claims set would
   * write as a string.
   */
  Assertion audienceArray(String... values) {
    this.audienceArray = List.of(values);
    return this;
  }

  /** Leaves the kid out of the header. */
  Assertion withoutKid() {
    this.noKid = true;
    return this;
  }

  /** The compact serialization, signed with the private key; its kid names the key. */
  String signedWith(JWK key) {
    JWSAlgorithm alg = algorithm != null ? algorithm : defaultAlgorithm(key);
    JWSHeader.Builder builder = new JWSHeader.Builder(alg);
    if (!noKid) {
      builder.keyID(key.getKeyID());
    }
    try {
      return sign(header.apply(builder).build(), signer(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Signed with HMAC-SHA256 keyed with these bytes, as an attacker who knows a public key would.
   */
  String hmacWith(byte[] secret, String kid) {
    try {
      return sign(
          header.apply(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid)).build(),
          new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The claims in an unsigned JWT ({@code alg none}). */
  String unsigned() {
    return new com.nimbusds.jwt.PlainJWT(claims.build()).serialize();
  }

  private String sign(JWSHeader jwsHeader, JWSSigner signer) throws JOSEException {
    if (audienceArray != null) {
      Map<String, Object> payload = new LinkedHashMap<>(claims.build().toJSONObject());
      payload.put("aud", audienceArray);
      JWSObject jws = new JWSObject(jwsHeader, new Payload(JSONObjectUtils.toJSONString(payload)));
      jws.sign(signer);
      return jws.serialize();
    }
    SignedJWT jwt = new SignedJWT(jwsHeader, claims.build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static JWSAlgorithm defaultAlgorithm(JWK key) {
    if (key instanceof RSAKey) {
      return JWSAlgorithm.RS256;
    }
    if (key instanceof ECKey) {
      return JWSAlgorithm.ES256;
    }
    return JWSAlgorithm.EdDSA;
  }

  private static JWSSigner signer(JWK key) throws JOSEException {
    if (key instanceof RSAKey) {
      return new RSASSASigner((RSAKey) key);
    }
    if (key instanceof ECKey) {
      return new ECDSASigner((ECKey) key);
    }
    return new Ed25519Signer((OctetKeyPair) key);
  }

  /** The form of a token request that carries the assertion. */
  static ClientAuthRequest form(String assertion) {
    return new ClientAuthRequest(
        Map.of(),
        Map.of(
            "client_assertion",
            List.of(assertion),
            "client_assertion_type",
            List.of(PrivateKeyJwt.ASSERTION_TYPE)));
  }
}

package dev.proauth2.jose;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.DPoPRequest;
import dev.proauth2.spi.SecretHashes;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** A client's DPoP key and the proofs it makes, written with nimbus as a client would. */
final class Proofs {

  final ECKey key;
  private final Clock clock;

  Proofs(Clock clock) {
    this.clock = clock;
    try {
      this.key = new ECKeyGenerator(Curve.P_256).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key's RFC 7638 thumbprint, as dpop_jkt and cnf.jkt carry it. */
  String jkt() {
    try {
      return key.computeThumbprint().toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  JWTClaimsSet.Builder claims(String method, String url) {
    return new JWTClaimsSet.Builder()
        .jwtID(UUID.randomUUID().toString())
        .claim("htm", method)
        .claim("htu", url)
        .issueTime(Date.from(clock.instant()));
  }

  JWSHeader.Builder header() {
    return new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(new JOSEObjectType("dpop+jwt"))
        .jwk(key.toPublicJWK());
  }

  String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String sign(JWTClaimsSet claims) {
    try {
      return sign(header().build(), claims, new ECDSASigner(key));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh, valid proof for a token request. */
  DPoPRequest forToken(String url) {
    return new DPoPRequest(sign(claims("POST", url).build()), "POST", url);
  }

  /** A fresh, valid proof for a resource request with an access token. */
  DPoPRequest forResource(String method, String url, String accessToken) {
    return new DPoPRequest(
        sign(claims(method, url).claim("ath", SecretHashes.sha256(accessToken)).build()),
        method,
        url);
  }

  static Instant at(Clock clock, long secondsFromNow) {
    return clock.instant().plusSeconds(secondsFromNow);
  }

  static JWK publicOf(ECKey key) {
    return key.toPublicJWK();
  }
}

package dev.proauth2.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.AccessTokenClaims;
import dev.proauth2.spi.Actor;
import java.text.ParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * JWT access tokens (RFC 9068): written with {@code typ: at+jwt}, and checked before the engine
 * looks their record up. A check refuses, without reading the store, anything but a JWS of that
 * type signed with an allowed algorithm by a key still published, for this issuer: so {@code alg:
 * none}, an HMAC, an ID token, a token of another issuer or of a deleted key never get further.
 */
final class JwtAccessTokens {

  /** The media type of a JWT access token (RFC 9068 section 2.1). */
  static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

  private static final String AT_JWT_LONG = "application/at+jwt";
  private static final int MAX_VERIFIERS = 64;

  private final String issuer;
  private final Map<JWK, JWSVerifier> verifiers = new ConcurrentHashMap<>();

  JwtAccessTokens(String issuer) {
    this.issuer = issuer;
  }

  /** The {@code act} claim (RFC 8693 section 4.1): the actor, with the one before it nested. */
  private static Map<String, Object> act(Actor actor) {
    Map<String, Object> claim = new LinkedHashMap<>();
    claim.put("sub", actor.subject());
    if (actor.prior() != null) {
      claim.put("act", act(actor.prior()));
    }
    return claim;
  }

  /** Signs the claims with the key given. */
  String sign(AccessTokenClaims claims, SigningKey key) {
    JWTClaimsSet.Builder set =
        new JWTClaimsSet.Builder()
            .issuer(claims.issuer())
            .subject(claims.subject())
            .audience(claims.audience())
            .expirationTime(Date.from(claims.expiresAt()))
            .issueTime(Date.from(claims.issuedAt()))
            .jwtID(claims.jwtId())
            .claim("client_id", claims.clientId());
    if (claims.scope() != null) {
      set.claim("scope", claims.scope());
    }
    if (claims.actor() != null) {
      set.claim("act", act(claims.actor()));
    }
    if (claims.dpopJkt() != null) {
      set.claim("cnf", Map.of("jkt", claims.dpopJkt()));
    }
    JWSHeader header =
        new JWSHeader.Builder(key.algorithm()).type(AT_JWT).keyID(key.keyId()).build();
    SignedJWT jwt = new SignedJWT(header, set.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("the signing key " + key.keyId() + " failed to sign", e);
    }
    return jwt.serialize();
  }

  /**
   * Whether a value is an access token of this issuer signed by one of the keys; when its {@code
   * kid} is not among them, once more against {@code reload} (a key another engine just made).
   */
  boolean verifies(String token, JWKSet keys, Supplier<JWKSet> reload) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSHeader header = jwt.getHeader();
      if (!isAccessTokenType(header.getType())
          || !Algorithms.SUPPORTED.contains(header.getAlgorithm())
          || header.getKeyID() == null) {
        return false;
      }
      JWK key = keys.getKeyByKeyId(header.getKeyID());
      if (key == null) {
        key = reload.get().getKeyByKeyId(header.getKeyID());
      }
      if (key == null || !header.getAlgorithm().equals(algorithmOf(key))) {
        return false;
      }
      if (!jwt.verify(verifier(key))) {
        return false;
      }
      return issuer.equals(jwt.getJWTClaimsSet().getIssuer());
    } catch (ParseException | JOSEException | RuntimeException e) {
      return false;
    }
  }

  private JWSVerifier verifier(JWK key) {
    if (verifiers.size() > MAX_VERIFIERS) {
      verifiers.clear(); // keys rotated many times over: start afresh
    }
    return verifiers.computeIfAbsent(key, Algorithms::verifier);
  }

  private static JWSAlgorithm algorithmOf(JWK key) {
    return key.getAlgorithm() == null ? null : JWSAlgorithm.parse(key.getAlgorithm().getName());
  }

  private static boolean isAccessTokenType(JOSEObjectType type) {
    return type != null
        && (AT_JWT.getType().equalsIgnoreCase(type.getType())
            || AT_JWT_LONG.equalsIgnoreCase(type.getType()));
  }
}

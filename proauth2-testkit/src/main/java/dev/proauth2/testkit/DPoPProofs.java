package dev.proauth2.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.DPoPRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * A test client's DPoP key and the proofs (RFC 9449) it signs with nimbus-jose-jwt, as a client
 * library would: one place for every test that plays a DPoP client. It is not the server's proof
 * check (that is {@code dev.proauth2.jose.JoseDPoP}) and checks nothing itself.
 *
 * <p>{@code DPoPProofs client = DPoPProofs.ec();} then {@code client.proof("POST", tokenUrl)} for
 * the token request and {@code client.proof("GET", apiUrl, accessToken)} for each resource request;
 * {@link #claims}, {@link #header} and {@link #sign(JWSHeader, JWTClaimsSet)} let a hostile test
 * change one member of an otherwise valid proof.
 */
public final class DPoPProofs {

  private static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");

  private final ECKey key;
  private final ECDSASigner signer;
  private final Clock clock;

  private DPoPProofs(ECKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
    try {
      this.signer = new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with the client's P-256 key", e);
    }
  }

  /** A client with a fresh P-256 key whose proofs are issued now, for an engine on real time. */
  public static DPoPProofs ec() {
    return ec(Clock.systemUTC());
  }

  /** A client with a fresh P-256 key whose proofs take {@code iat} from a clock a test moves. */
  public static DPoPProofs ec(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    try {
      return new DPoPProofs(new ECKeyGenerator(Curve.P_256).generate(), clock);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a P-256 key", e);
    }
  }

  /**
   * A client proving the given P-256 private key, for a hostile test that must also misuse the
   * private key itself (put it where only a public key belongs).
   */
  public static DPoPProofs of(ECKey key, Clock clock) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(clock, "clock");
    if (!Curve.P_256.equals(key.getCurve()) || !key.isPrivate()) {
      throw new IllegalArgumentException("a DPoP client needs a P-256 private key for ES256");
    }
    return new DPoPProofs(key, clock);
  }

  /** The key's JWK SHA-256 thumbprint (RFC 7638), base64url, as dpop_jkt and cnf.jkt carry it. */
  public String thumbprint() {
    try {
      return key.computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot compute the key's thumbprint", e);
    }
  }

  /** A proof for a request that carries no access token, such as a token request. */
  public String proof(String method, String url) {
    return sign(claims(method, url).build());
  }

  /** A proof for a resource request, bound to the access token sent with it by {@code ath}. */
  public String proof(String method, String url, String accessToken) {
    return sign(claims(method, url).claim("ath", ath(accessToken)).build());
  }

  /**
   * A proof with the server's nonce (RFC 9449 section 8), the retry after {@code use_dpop_nonce};
   * {@code accessToken} is null for a token request.
   */
  public String proof(String method, String url, String accessToken, String nonce) {
    JWTClaimsSet.Builder claims =
        claims(method, url).claim("nonce", Objects.requireNonNull(nonce, "nonce"));
    if (accessToken != null) {
      claims.claim("ath", ath(accessToken));
    }
    return sign(claims.build());
  }

  /** {@link #proof(String, String)} with the method and URL, as the engine's API takes it. */
  public DPoPRequest request(String method, String url) {
    return new DPoPRequest(proof(method, url), method, url);
  }

  /** {@link #proof(String, String, String)} with the method and URL, as the engine takes it. */
  public DPoPRequest request(String method, String url, String accessToken) {
    return new DPoPRequest(proof(method, url, accessToken), method, url);
  }

  /** The claims of a fresh proof (jti, htm, htu, iat), for a test that changes one of them. */
  public JWTClaimsSet.Builder claims(String method, String url) {
    return new JWTClaimsSet.Builder()
        .jwtID(UUID.randomUUID().toString())
        .claim("htm", Objects.requireNonNull(method, "method"))
        .claim("htu", Objects.requireNonNull(url, "url"))
        .issueTime(Date.from(clock.instant()));
  }

  /** The header of a proof (ES256, typ dpop+jwt, this public key), for a test that changes it. */
  public JWSHeader.Builder header() {
    return new JWSHeader.Builder(JWSAlgorithm.ES256).type(DPOP_JWT).jwk(key.toPublicJWK());
  }

  /** Signs claims with this key under the usual header. */
  public String sign(JWTClaimsSet claims) {
    return sign(header().build(), claims);
  }

  /** Signs claims with this key under any header, even one that lies, for a hostile test. */
  public String sign(JWSHeader header, JWTClaimsSet claims) {
    SignedJWT jwt =
        new SignedJWT(
            Objects.requireNonNull(header, "header"), Objects.requireNonNull(claims, "claims"));
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the proof with " + header.getAlgorithm(), e);
    }
    return jwt.serialize();
  }

  /**
   * The {@code ath} of RFC 9449 section 4.2, computed here rather than by the server's own hash so
   * that a server hashing differently is caught.
   */
  private static String ath(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(accessToken.getBytes(StandardCharsets.US_ASCII));
      return Base64URL.encode(hash).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

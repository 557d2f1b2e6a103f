package dev.proauth2.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.DPoPProof;
import dev.proauth2.DPoPVerifier;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * Checks a DPoP proof's JOSE as RFC 9449 section 4.3 lists it, in the order that costs least first:
 * size, header ({@code typ}, {@code alg}, a public {@code jwk} that fits the {@code alg}), the
 * signature, then the claims. Each failure names the check, never the proof.
 */
final class DPoPProofCheck implements DPoPVerifier {

  static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");

  private static final int MAX_RSA_BITS = 4096;
  private static final int MAX_JTI = 256;
  private static final int MAX_NONCE = 256;

  private final List<JWSAlgorithm> algorithms;
  private final List<String> names;

  DPoPProofCheck(List<JWSAlgorithm> algorithms) {
    this.algorithms = List.copyOf(algorithms);
    this.names = this.algorithms.stream().map(JWSAlgorithm::getName).toList();
  }

  @Override
  public List<String> algorithms() {
    return names;
  }

  @Override
  public DPoPProof verify(String proof, String method, String url, String accessTokenHash) {
    if (proof == null || proof.isEmpty() || proof.length() > MAX_PROOF) {
      throw invalid("the DPoP proof is empty or longer than " + MAX_PROOF + " characters");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(proof);
    } catch (ParseException | RuntimeException e) {
      throw invalid("the DPoP proof is not a signed JWT (one compact JWS)");
    }
    JWSHeader header = jwt.getHeader();
    if (header.getType() == null
        || !DPOP_JWT.getType().equalsIgnoreCase(header.getType().getType())) {
      throw invalid("the DPoP proof's typ must be dpop+jwt");
    }
    JWSAlgorithm algorithm = header.getAlgorithm();
    if (!algorithms.contains(algorithm)) {
      throw invalid("the DPoP proof's alg must be one of " + names);
    }
    JWK key = header.getJWK();
    if (key == null) {
      throw invalid("the DPoP proof has no jwk header with its public key");
    }
    if (key.isPrivate()) {
      throw invalid("the DPoP proof's jwk holds a private key; send the public key only");
    }
    if (!Algorithms.fits(algorithm, key)
        || key instanceof RSAKey rsa && rsa.size() > MAX_RSA_BITS) {
      throw invalid("the DPoP proof's jwk does not fit its alg " + algorithm.getName());
    }
    try {
      if (!jwt.verify(Algorithms.verifier(key))) {
        throw invalid("the DPoP proof's signature does not verify with its jwk");
      }
    } catch (JOSEException | IllegalArgumentException e) {
      throw invalid("the DPoP proof's signature does not verify with its jwk");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw invalid("the DPoP proof's claims are not a JSON object");
    }
    String jti = string(claims, "jti");
    if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI) {
      throw invalid("the DPoP proof needs a jti of 1 to " + MAX_JTI + " characters");
    }
    if (!method.equals(string(claims, "htm"))) {
      throw invalid("the DPoP proof's htm is not this request's method, " + method);
    }
    String htu = string(claims, "htu");
    if (htu == null || !comparable(htu).equals(comparable(url))) {
      throw invalid("the DPoP proof's htu is not this request's URL, " + comparable(url));
    }
    Date issuedAt = date(claims, "iat");
    if (issuedAt == null) {
      throw invalid("the DPoP proof has no iat");
    }
    if (accessTokenHash != null && !accessTokenHash.equals(string(claims, "ath"))) {
      throw invalid(
          "the DPoP proof's ath is missing or is not the base64url SHA-256 of this access token");
    }
    String nonce = string(claims, "nonce");
    if (nonce != null && nonce.length() > MAX_NONCE) {
      throw invalid("the DPoP proof's nonce is longer than " + MAX_NONCE + " characters");
    }
    String jkt;
    try {
      jkt = key.computeThumbprint().toString();
    } catch (JOSEException e) {
      throw invalid("the DPoP proof's jwk has no thumbprint");
    }
    return new DPoPProof(jkt, jti, issuedAt.toInstant(), nonce);
  }

  /**
   * A URL as RFC 9449 section 4.3 compares it: without query and fragment, after the syntax- and
   * scheme-based normalisation of RFC 3986 section 6.2.2 and 6.2.3 (case of scheme and host, the
   * default port, an empty path, dot segments, the case of percent-encodings).
   */
  static String comparable(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "\u0000invalid";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getRawAuthority() == null) {
      return "\u0000invalid";
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    try {
      path = new URI("http://h" + path).normalize().getRawPath();
    } catch (URISyntaxException e) {
      return "\u0000invalid";
    }
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + upperCaseEscapes(path);
  }

  private static String upperCaseEscapes(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        out.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String string(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value instanceof String s ? s : null;
  }

  private static Date date(JWTClaimsSet claims, String name) {
    try {
      return claims.getDateClaim(name);
    } catch (ParseException e) {
      return null;
    }
  }

  private static Proauth2Exception invalid(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_DPOP_PROOF, description);
  }
}

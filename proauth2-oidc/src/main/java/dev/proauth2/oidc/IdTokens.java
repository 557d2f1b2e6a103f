package dev.proauth2.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.GrantFacts;
import dev.proauth2.TokenResponseExtension;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.jose.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Writes the ID token (OpenID Connect Core section 2) of every code exchange and refresh whose
 * grant holds {@code openid}: typed {@code JWT}, never {@code at+jwt}, so no access-token check
 * takes it for an access token; signed with the client's {@code id_token_signed_response_alg} when
 * it registered one (the engine let it register only an advertised one), else the provider's.
 */
final class IdTokens implements TokenResponseExtension {

  static final String OPENID = "openid";

  private final JoseSigning signing;
  private final JWSAlgorithm algorithm;
  private final Duration lifetime;
  private final SubjectIdentifiers subjects;

  IdTokens(
      JoseSigning signing, JWSAlgorithm algorithm, Duration lifetime, SubjectIdentifiers subjects) {
    this.signing = signing;
    this.algorithm = algorithm;
    this.lifetime = lifetime;
    this.subjects = subjects;
  }

  @Override
  public Map<String, String> parameters(GrantFacts grant) {
    if (!grant.hasScope(OPENID)) {
      return Map.of();
    }
    return Map.of("id_token", sign(grant));
  }

  private String sign(GrantFacts grant) {
    Instant issuedAt = Instant.ofEpochSecond(grant.issuedAt().getEpochSecond());
    String clientId = grant.client().clientId();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(grant.issuer())
            .subject(subjects.subject(grant.userId(), grant.client()))
            .audience(clientId)
            .expirationTime(Date.from(issuedAt.plus(lifetime)))
            .issueTime(Date.from(issuedAt))
            .claim("azp", clientId);
    if (grant.signIn().authTime() != null) {
      claims.claim("auth_time", grant.signIn().authTime().getEpochSecond());
    }
    grant.optionalNonce().ifPresent(nonce -> claims.claim("nonce", nonce));
    if (grant.signIn().acr() != null) {
      claims.claim("acr", grant.signIn().acr());
    }
    if (!grant.signIn().amr().isEmpty()) {
      claims.claim("amr", List.copyOf(grant.signIn().amr()));
    }
    String chosen = grant.client().openId().idTokenSignedResponseAlg();
    JWSAlgorithm alg = chosen == null ? algorithm : JWSAlgorithm.parse(chosen);
    claims.claim("at_hash", tokenHash(grant.accessToken(), alg));
    SigningKey key = signing.keys().signingKey(alg);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(key.algorithm())
                .type(JOSEObjectType.JWT)
                .keyID(key.keyId())
                .build(),
            claims.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("the signing key " + key.keyId() + " failed to sign", e);
    }
    return jwt.serialize();
  }

  /**
   * The left half of the token's hash, base64url (section 3.1.3.6): SHA-256 for the 256-bit
   * algorithms, SHA-512 for EdDSA on Ed25519.
   */
  static String tokenHash(String token, JWSAlgorithm algorithm) {
    String digest = JWSAlgorithm.EdDSA.equals(algorithm) ? "SHA-512" : "SHA-256";
    try {
      byte[] hash =
          MessageDigest.getInstance(digest).digest(token.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(Arrays.copyOf(hash, hash.length / 2));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(digest + " is missing from this JDK", e);
    }
  }
}

package dev.proauth2.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.proauth2.OpenIdParameters;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.spi.Proauth2Exception;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads an {@code id_token_hint} (OpenID Connect Core section 3.1.2.1, RP-Initiated Logout section
 * 2): an ID token this provider signed, with a key it still publishes, for its issuer. An expired
 * one is accepted, as both specs allow: it only names a user. Anything else is refused.
 */
final class IdTokenHints {

  /** What a hint says: whose it is and for which clients. */
  record Hint(String subject, List<String> audience) {}

  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA);

  private final JoseSigning signing;
  private final String issuer;

  IdTokenHints(JoseSigning signing, String issuer) {
    this.signing = signing;
    this.issuer = Objects.requireNonNull(issuer, "issuer");
  }

  /**
   * The hint's subject and audience.
   *
   * @throws Proauth2Exception {@code invalid_request} for a hint this provider did not issue: bad
   *     signature, unknown key, another issuer, another type, not a JWT
   */
  Hint read(String idTokenHint) {
    if (idTokenHint == null || idTokenHint.length() > OpenIdParameters.MAX_ID_TOKEN_HINT) {
      throw refused();
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            ALGORITHMS, new ImmutableJWKSet<>(signing.keys().publicKeys())));
    processor.setJWTClaimsSetVerifier(
        (claims, context) -> {
          if (!issuer.equals(claims.getIssuer()) || claims.getSubject() == null) {
            throw new BadJWTException("not an ID token of this issuer");
          }
        });
    try {
      JWTClaimsSet claims = processor.process(idTokenHint, null);
      return new Hint(claims.getSubject(), claims.getAudience());
    } catch (ParseException | BadJOSEException | com.nimbusds.jose.JOSEException e) {
      throw refused();
    } catch (RuntimeException e) {
      throw refused();
    }
  }

  private static Proauth2Exception refused() {
    return new Proauth2Exception(
        Proauth2Exception.INVALID_REQUEST,
        "id_token_hint is not an ID token this provider issued; send one it issued, or none");
  }
}

package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Instant;

/**
 * Checks a signed assertion with Nimbus's {@link DefaultJWTProcessor}: the one key {@link
 * ClientKeySelector} picks from the client's keys, the signature, and only then the claims ({@link
 * AssertionClaims}). Each Nimbus verdict becomes an {@code invalid_client} that names the check.
 */
final class AssertionProcessor {

  private static final ClientKeyVerifiers VERIFIERS = new ClientKeyVerifiers();

  private AssertionProcessor() {}

  /**
   * The assertion's claims, once its signature and then its claims passed.
   *
   * @throws Proauth2Exception {@code invalid_client} naming the failed check
   */
  static JWTClaimsSet process(
      SignedJWT signed, ClientKeys.Keys keys, AssertionClaims claims, Instant now) {
    DefaultJWTProcessor<AssertionContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(AssertionCheck.TYPES);
    processor.setJWSKeySelector(new ClientKeySelector(keys.source()));
    processor.setJWSVerifierFactory(VERIFIERS);
    processor.setJWTClaimsSetVerifier(claims);
    try {
      return processor.process(signed, new AssertionContext(now));
    } catch (BadJWTException e) {
      // Only the claims verifier throws this, after the signature verified; its words are ours.
      throw AssertionCheck.invalid(e.getMessage());
    } catch (BadJWSException e) {
      throw AssertionCheck.invalid(
          "the client_assertion signature does not verify with the client's key it names; sign it"
              + " with the private key of that registered public key");
    } catch (ClientKeySelector.SeveralKeys e) {
      throw AssertionCheck.invalid(
          "the client has several keys that suit alg "
              + signed.getHeader().getAlgorithm().getName()
              + "; name one with kid in the client_assertion header");
    } catch (KeySourceException e) {
      // Every failure to fetch or use a jwks_uri's set reads the same: no oracle on what the URL
      // said. The engine logged fetch failures, CheckedKeySet an unusable set.
      throw AssertionCheck.invalid(
          keys.fetched()
              ? ClientKeys.JWKS_URI_UNUSABLE
              : "the client's registered key cannot be read; register its keys again with"
                  + " rotateKeys");
    } catch (BadJOSEException e) {
      throw AssertionCheck.invalid(noKey(signed.getHeader(), keys.where()));
    } catch (JOSEException e) {
      throw AssertionCheck.invalid(
          "the client_assertion signature could not be checked with the client's key it names");
    }
  }

  private static String noKey(JWSHeader header, String where) {
    String alg = header.getAlgorithm().getName();
    return header.getKeyID() != null
        ? "client_assertion kid names no key in " + where + " that suits alg " + alg
        : "no key in " + where + " suits alg " + alg;
  }
}

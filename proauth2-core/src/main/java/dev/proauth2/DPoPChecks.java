package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * The engine's side of DPoP (RFC 9449): after the {@link DPoPVerifier} has checked a proof's JOSE,
 * this checks its {@code iat} against the engine's clock, its nonce when the engine asks for one,
 * and uses its {@code jti} up through the store, so a proof is accepted once on every engine that
 * shares the store; then it decides what a token request binds and what a resource accepts.
 */
final class DPoPChecks {

  private final DataStore store;
  private final Policy policy;
  private final DPoPVerifier verifier;
  private final DPoPNonces nonces;

  /**
   * @param verifier the proof verifier, or {@code null} when the engine takes no DPoP proof
   * @param nonces the nonce source, or {@code null} when proofs need none
   */
  DPoPChecks(DataStore store, Policy policy, DPoPVerifier verifier, DPoPNonces nonces) {
    this.store = store;
    this.policy = policy;
    this.verifier = verifier;
    this.nonces = nonces;
  }

  /** The nonce a response may carry in {@code DPoP-Nonce}, when the engine asks for nonces. */
  Optional<String> nonce() {
    return nonces == null ? Optional.empty() : Optional.of(nonces.current());
  }

  /**
   * The key a token request binds its tokens to: the checked proof's thumbprint, or {@code null}
   * without a proof. A client registered with {@code dpop_bound_access_tokens} needs one.
   */
  String bindingFor(Record client, DPoPRequest presented) {
    if (presented == null) {
      if (Clients.requiresDpop(client)) {
        throw invalid(
            "this client's access tokens must be bound to a DPoP key (dpop_bound_access_tokens);"
                + " send a DPoP proof with the token request");
      }
      return null;
    }
    return check(presented, null).jkt();
  }

  /**
   * Checks that an access token may be used with what came with it: a token bound to a key needs a
   * proof by that key over this request and this token; an unbound token needs none.
   *
   * @param presented the proof of an {@code Authorization: DPoP} request, or {@code null} for
   *     {@code Bearer}
   */
  void checkUse(Record access, String accessToken, DPoPRequest presented) {
    String bound = access.string(Table.DPOP_JKT).orElse(null);
    if (bound == null) {
      if (presented != null) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_TOKEN,
            "the access token is not bound to a DPoP key; send it with Authorization: Bearer");
      }
      return;
    }
    if (presented == null) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_TOKEN,
          "the access token is bound to a DPoP key: send it with Authorization: DPoP and a DPoP"
              + " proof (RFC 9449 section 7)");
    }
    DPoPProof proof = check(presented, SecretHashes.sha256(accessToken));
    if (!bound.equals(proof.jkt())) {
      throw invalid("the DPoP proof is signed by another key than the one the token is bound to");
    }
  }

  /** Runs every check of a proof and uses its {@code jti} up. */
  DPoPProof check(DPoPRequest presented, String accessTokenHash) {
    if (verifier == null) {
      throw invalid("this server does not accept DPoP proofs; send the request without one");
    }
    if (presented.proof().isEmpty() || presented.proof().length() > DPoPVerifier.MAX_PROOF) {
      throw invalid(
          "the DPoP proof is empty or longer than " + DPoPVerifier.MAX_PROOF + " characters");
    }
    DPoPProof proof =
        verifier.verify(presented.proof(), presented.method(), presented.url(), accessTokenHash);
    if (proof.jti().isEmpty() || proof.jti().length() > Table.MAX_ID) {
      throw invalid("the DPoP proof's jti must have 1 to " + Table.MAX_ID + " characters");
    }
    long now = policy.now();
    long window = policy.dpopProofWindow().toMillis();
    long issuedAt = proof.issuedAt().toEpochMilli();
    if (issuedAt < now - window || issuedAt > now + window) {
      throw invalid(
          "the DPoP proof's iat is more than "
              + policy.dpopProofWindow().toSeconds()
              + " s from the server's time; make a new proof, and check the client's clock");
    }
    if (nonces != null && !nonces.accepts(proof.nonce())) {
      throw new DPoPNonceRequired(nonces.current());
    }
    Instant keepUntil = Instant.ofEpochMilli(Math.max(issuedAt, now) + window);
    boolean first =
        new EngineAuthContext(store, policy, null, "dpop:" + proof.jkt())
            .firstUse(proof.jti(), keepUntil);
    if (!first) {
      throw invalid("the DPoP proof was used before (its jti); make a new proof for every request");
    }
    return proof;
  }

  static Proauth2Exception invalid(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_DPOP_PROOF, description);
  }
}

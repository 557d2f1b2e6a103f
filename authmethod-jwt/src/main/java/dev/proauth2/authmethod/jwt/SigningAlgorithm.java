package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The asymmetric JWS algorithms a client may sign its assertion with. Anything else, {@code none}
 * and every HMAC algorithm above all, is refused: a server that let the header choose the algorithm
 * could be made to check an HMAC keyed with the client's public key, which anyone can compute.
 */
enum SigningAlgorithm {
  RS256(JWSAlgorithm.RS256),
  PS256(JWSAlgorithm.PS256),
  ES256(JWSAlgorithm.ES256),
  EdDSA(JWSAlgorithm.EdDSA);

  /** The accepted algorithms as Nimbus names them, for its key selector. */
  static final Set<JWSAlgorithm> ACCEPTED =
      Arrays.stream(values()).map(value -> value.jws).collect(Collectors.toUnmodifiableSet());

  private final JWSAlgorithm jws;

  SigningAlgorithm(JWSAlgorithm jws) {
    this.jws = jws;
  }

  /** The names of all accepted algorithms, for metadata and messages. */
  static List<String> names() {
    List<String> names = new ArrayList<>();
    for (SigningAlgorithm value : values()) {
      names.add(value.jws.getName());
    }
    return List.copyOf(names);
  }
}

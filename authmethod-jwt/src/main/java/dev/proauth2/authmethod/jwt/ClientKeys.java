package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the registered keys an assertion may be verified with: the one its {@code kid} names, or
 * without a {@code kid} every key that suits its algorithm. Only the client's own keys, inline or
 * from its {@code jwks_uri}, are ever candidates; keys named in the header are not read.
 */
final class ClientKeys {

  private final JwksFetcher fetcher;

  ClientKeys(JwksFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /** Whether the record holds keys at all, inline or by URL. */
  static boolean registered(Record application) {
    return application.string(Table.JWKS).isPresent()
        || application.string(Table.JWKS_URI).isPresent();
  }

  /**
   * The candidate keys, fetching a {@code jwks_uri} again once when the cached set has none.
   *
   * @throws Proauth2Exception {@code invalid_client} when no registered key fits, or the key set
   *     cannot be read or fetched
   */
  List<JWK> candidates(
      Record application, JWSHeader header, SigningAlgorithm algorithm, Instant now) {
    Optional<String> inline = application.string(Table.JWKS);
    if (inline.isPresent()) {
      List<JWK> found = select(parse(inline.get()), header, algorithm);
      if (found.isEmpty()) {
        throw none(header, "the client's registered jwks");
      }
      return found;
    }
    String uri = application.string(Table.JWKS_URI).orElseThrow();
    List<JWK> found = select(fetcher.keys(uri, now), header, algorithm);
    if (found.isEmpty()) {
      Optional<JWKSet> fresh = fetcher.refetch(uri, now);
      if (fresh.isPresent()) {
        found = select(fresh.get(), header, algorithm);
      }
    }
    if (found.isEmpty()) {
      throw none(header, "the key set at the client's jwks_uri");
    }
    return found;
  }

  private static List<JWK> select(JWKSet set, JWSHeader header, SigningAlgorithm algorithm) {
    List<JWK> found = new ArrayList<>();
    String kid = header.getKeyID();
    for (JWK key : set.getKeys()) {
      boolean named = kid == null || kid.equals(key.getKeyID());
      if (named && algorithm.suits(key)) {
        found.add(key);
      }
    }
    return found;
  }

  private static JWKSet parse(String json) {
    try {
      return JWKSet.parse(json);
    } catch (ParseException e) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT,
          "the client's stored jwks cannot be read; register its keys again with rotateKeys");
    }
  }

  private static Proauth2Exception none(JWSHeader header, String where) {
    return new Proauth2Exception(
        Proauth2Exception.INVALID_CLIENT,
        header.getKeyID() != null
            ? "client_assertion kid names no key in "
                + where
                + " that suits alg "
                + header.getAlgorithm().getName()
            : "no key in " + where + " suits alg " + header.getAlgorithm().getName());
  }
}

package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.OutboundFetchException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code private_key_jwt} client registers: exactly one of an inline key set, stored as its
 * public JSON, or a {@code jwks_uri} that the engine's outbound policy would fetch.
 */
final class KeyRegistration {

  private KeyRegistration() {}

  /**
   * Checks the record's keys and returns it with the inline set normalised.
   *
   * @throws Proauth2Exception {@code invalid_client_metadata} naming what is wrong
   */
  static Record check(Record application, ClientAuthContext context) {
    Optional<String> jwks = application.string(Table.JWKS);
    Optional<String> jwksUri = application.string(Table.JWKS_URI);
    if (jwks.isPresent() == jwksUri.isPresent()) {
      throw refused(
          "private_key_jwt needs the client's public keys: send exactly one of jwks (the key set"
              + " itself) or jwks_uri (an https URL where it is published)");
    }
    if (jwks.isPresent()) {
      return application.with(Table.JWKS, normalised(jwks.get()));
    }
    checkJwksUri(jwksUri.get(), context);
    return application;
  }

  /** The key set as public JSON, after every key passed; the same text when given it again. */
  static String normalised(String json) {
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (ParseException e) {
      throw refused(
          "jwks is not a valid JSON Web Key Set (RFC 7517 section 5): an object with a keys array,"
              + " each key with kty and its public parameters");
    }
    try {
      KeyRules.check(set, "jwks");
    } catch (KeyRules.Broken e) {
      throw refused(e.getMessage());
    }
    List<JWK> keys = set.getKeys();
    for (int i = 0; i < keys.size(); i++) {
      if (!KeyRules.isSigningKey(keys.get(i))) {
        throw refused(
            "key "
                + (i + 1)
                + " of jwks is not a public signing key this server verifies with: use RSA of "
                + KeyRules.MIN_RSA_BITS
                + " to "
                + KeyRules.MAX_RSA_BITS
                + " bits, EC on P-256 or OKP on Ed25519, with use sig (or none) and alg one of "
                + SigningAlgorithm.names()
                + " (or none)");
      }
    }
    // Only the keys, each with its defined public members: anything else a client sent is dropped.
    String normalised = new JWKSet(set.toPublicJWKSet().getKeys()).toString();
    if (normalised.length() > Table.MAX_JWKS) {
      throw refused(
          "jwks is longer than " + Table.MAX_JWKS + " characters; publish it at a jwks_uri");
    }
    return normalised;
  }

  /**
   * Checks, without fetching it, that the engine's outbound policy would fetch the URL: https (http
   * only to loopback while the server's own issuer is on loopback), no user info, no fragment, and
   * no special-use address (loopback, private, link-local, ...) spelled in any form.
   */
  static void checkJwksUri(String jwksUri, ClientAuthContext context) {
    try {
      context.fetcher().check(jwksUri);
    } catch (OutboundFetchException e) {
      if (OutboundFetchException.REFUSED_ADDRESS.equals(e.reason())) {
        throw refused(
            "jwks_uri names a special-use address (loopback, private, link-local, shared or the"
                + " like; RFC 6890), which this server never fetches; publish the key set at a"
                + " public https URL");
      }
      // check() reads only the URL it was given, so what it says tells the registrant nothing else.
      throw refused(
          "jwks_uri is not a URL this server fetches: "
              + e.getMessage()
              + "; send an absolute https URL without user info or fragment");
    }
  }

  private static Proauth2Exception refused(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_CLIENT_METADATA, description);
  }
}

package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@code private_key_jwt} client registers: exactly one of an inline key set, stored as its
 * public JSON, or a {@code jwks_uri} that this server may fetch.
 */
final class KeyRegistration {

  /** The most keys an inline set may hold: enough to roll over, few enough to try each. */
  static final int MAX_KEYS = 10;

  private static final Set<String> LOOPBACK_HOSTS =
      Set.of("localhost", "127.0.0.1", "[::1]", "::1");

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
    checkJwksUri(jwksUri.get(), context.issuer());
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
    List<JWK> keys = set.getKeys();
    if (keys.isEmpty()) {
      throw refused("jwks holds no keys; register at least one public signing key");
    }
    if (keys.size() > MAX_KEYS) {
      throw refused("jwks holds " + keys.size() + " keys; at most " + MAX_KEYS + " are accepted");
    }
    Set<String> kids = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      JWK key = keys.get(i);
      String which = "key " + (i + 1) + " of jwks";
      if (KeyType.OCT.equals(key.getKeyType())) {
        throw refused(
            which
                + " is a symmetric (oct) key; private_key_jwt needs public keys (client_secret_jwt"
                + " is not offered)");
      }
      if (key.isPrivate()) {
        throw refused(
            which
                + " holds private key material; register the public key only, and treat the"
                + " private key sent here as exposed");
      }
      if (!SigningAlgorithm.anySuits(key)) {
        throw refused(
            which
                + " is not a public signing key this server verifies with: use RSA of "
                + SigningAlgorithm.MIN_RSA_BITS
                + " bits or more, EC on P-256 or OKP on Ed25519, with use sig (or none) and alg"
                + " one of "
                + SigningAlgorithm.names()
                + " (or none)");
      }
      if (key.getKeyID() != null && !kids.add(key.getKeyID())) {
        throw refused(which + " repeats a kid of another key; give each key its own kid");
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
   * Checks that the URL is one this server will fetch: https, or http on a loopback host when the
   * server itself runs on one (development); no user info, no fragment.
   */
  static void checkJwksUri(String jwksUri, Optional<String> issuer) {
    URI uri;
    try {
      uri = new URI(jwksUri);
    } catch (URISyntaxException e) {
      throw refused("jwks_uri is not a valid URL");
    }
    if (!uri.isAbsolute() || uri.getHost() == null || uri.isOpaque()) {
      throw refused("jwks_uri must be an absolute https URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw refused("jwks_uri must not carry user info (user:password@)");
    }
    if (uri.getRawFragment() != null) {
      throw refused("jwks_uri must not have a fragment");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return;
    }
    boolean loopbackServer = issuer.map(KeyRegistration::isLoopbackUrl).orElse(false);
    if (scheme.equals("http") && isLoopbackHost(uri.getHost()) && loopbackServer) {
      return;
    }
    throw refused(
        "jwks_uri must use https; http is accepted only for a loopback jwks_uri (localhost,"
            + " 127.0.0.1, [::1]) while this server's issuer is itself on loopback");
  }

  private static boolean isLoopbackUrl(String url) {
    try {
      String host = new URI(url).getHost();
      return host != null && isLoopbackHost(host);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isLoopbackHost(String host) {
    return LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
  }

  private static Proauth2Exception refused(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_CLIENT_METADATA, description);
  }
}

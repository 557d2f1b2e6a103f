package dev.proauth2.authmethod.jwt;

import com.google.auto.service.AutoService;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code private_key_jwt}: the client signs a short-lived JWT with its private key and sends it as
 * {@code client_assertion} (RFC 7523 sections 2.2 and 3, RFC 7521 section 4.2); the server holds
 * only the public keys, so nothing it stores lets a reader act as the client.
 *
 * <p>An assertion is accepted when it is signed with RS256, PS256, ES256 or EdDSA by one of the
 * client's registered keys; {@code iss} and {@code sub} are the client id; {@code aud} names this
 * server's issuer or token endpoint; {@code exp} is present, not past and at most {@link
 * PrivateKeyJwtSettings#maxLifetime()} ahead; {@code nbf} and {@code iat} are not in the future;
 * and its {@code jti} was not seen before, on any engine sharing the store.
 */
@AutoService(ClientAuthMethod.class)
public final class PrivateKeyJwt implements ClientAuthMethod {

  /** The registered name. */
  public static final String NAME = "private_key_jwt";

  /** The only {@code client_assertion_type} accepted (RFC 7523 section 2.2). */
  public static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** The longest assertion read, checked before parsing it. */
  public static final int MAX_ASSERTION_LENGTH = ClientCredentials.MAX_SECRET_LENGTH;

  private final PrivateKeyJwtSettings settings;
  private final ClientKeys keys;

  /**
   * Creates the method with {@link PrivateKeyJwtSettings#fromSystemProperties()}; this is what
   * {@link java.util.ServiceLoader} calls. It does no I/O.
   *
   * @throws IllegalArgumentException when a setting's system property is malformed
   */
  public PrivateKeyJwt() {
    this(PrivateKeyJwtSettings.fromSystemProperties());
  }

  /** Creates the method with these limits, for a host that installs it itself. */
  public PrivateKeyJwt(PrivateKeyJwtSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.keys = new ClientKeys(new JwksFetcher(settings));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** No: the client proves possession of its private key, and the server keeps no secret. */
  @Override
  public boolean usesSecret() {
    return false;
  }

  @Override
  public List<String> signingAlgorithms() {
    return SigningAlgorithm.names();
  }

  /**
   * Finds {@code client_assertion} in the form and reads, without verifying, whom it names in
   * {@code sub}.
   *
   * @throws Proauth2Exception {@code invalid_client} when the assertion type is wrong, the
   *     assertion too long or not a JWT, or a {@code client_id} parameter differs from its {@code
   *     sub}
   */
  @Override
  public Optional<ClientCredentials> extract(ClientAuthRequest request) {
    Optional<String> assertion = request.parameter("client_assertion");
    if (assertion.isEmpty()) {
      return Optional.empty();
    }
    if (!ASSERTION_TYPE.equals(request.parameter("client_assertion_type").orElse(null))) {
      throw AssertionCheck.invalid(
          "client_assertion_type must be " + ASSERTION_TYPE + " (RFC 7523 section 2.2)");
    }
    String value = assertion.get();
    if (value.length() > MAX_ASSERTION_LENGTH) {
      throw AssertionCheck.invalid(
          "client_assertion is longer than " + MAX_ASSERTION_LENGTH + " characters");
    }
    String subject = AssertionCheck.claimsOf(AssertionCheck.parse(value)).getSubject();
    Optional<String> clientId = request.parameter("client_id");
    if (subject == null && clientId.isEmpty()) {
      throw AssertionCheck.invalid("client_assertion has no sub naming the client");
    }
    if (subject != null && clientId.isPresent() && !clientId.get().equals(subject)) {
      throw AssertionCheck.invalid("client_id differs from the sub of client_assertion");
    }
    return Optional.of(
        new ClientCredentials(NAME, subject != null ? subject : clientId.get(), value));
  }

  /**
   * Verifies the assertion against the client's keys and records its {@code jti}, last.
   *
   * @return {@code false} when the record is another client's or holds no keys; every other failed
   *     check, the signature included, throws {@code invalid_client} naming it
   */
  @Override
  public boolean verify(
      ClientCredentials presented, Record application, ClientAuthContext context) {
    String clientId = application.string(Table.CLIENT_ID).orElse(null);
    if (clientId == null
        || !clientId.equals(presented.clientId())
        || presented.secret() == null
        || !ClientKeys.registered(application)) {
      return false;
    }
    if (presented.secret().length() > MAX_ASSERTION_LENGTH) {
      throw AssertionCheck.invalid(
          "client_assertion is longer than " + MAX_ASSERTION_LENGTH + " characters");
    }
    JWT jwt = AssertionCheck.parse(presented.secret());
    SigningAlgorithm algorithm = AssertionCheck.header(jwt);
    JWTClaimsSet claims = AssertionCheck.claimsOf(jwt);
    Instant rememberUntil = AssertionCheck.checkClaims(claims, clientId, context, settings);
    SignedJWT signed = (SignedJWT) jwt;
    List<JWK> candidates =
        keys.candidates(application, signed.getHeader(), algorithm, context.now());
    if (!signedByOneOf(signed, algorithm, candidates)) {
      throw AssertionCheck.invalid(
          "the client_assertion signature does not verify with any key the client registered;"
              + " sign it with the private key of a registered public key");
    }
    if (!context.firstUse(claims.getJWTID(), rememberUntil)) {
      throw AssertionCheck.invalid(
          "client_assertion jti was used before; make a new assertion with a new jti for each"
              + " request");
    }
    return true;
  }

  private static boolean signedByOneOf(
      SignedJWT signed, SigningAlgorithm algorithm, List<JWK> candidates) {
    for (JWK key : candidates) {
      try {
        if (signed.verify(algorithm.verifier(key))) {
          return true;
        }
      } catch (JOSEException | IllegalStateException e) {
        // this key cannot check this signature; try the next
      }
    }
    return false;
  }

  /**
   * Checks the client's keys: exactly one of {@code jwks} (stored as its public JSON, each key an
   * RSA of 2048 bits or more, EC P-256 or Ed25519 public signing key) or an https {@code jwks_uri}.
   */
  @Override
  public Record checkRegistration(Record application, ClientAuthContext context) {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(context, "context");
    return KeyRegistration.check(application, context);
  }

  @Override
  public String toString() {
    return "PrivateKeyJwt[" + settings + "]";
  }
}

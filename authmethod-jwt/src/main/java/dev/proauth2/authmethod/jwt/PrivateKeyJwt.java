package dev.proauth2.authmethod.jwt;

import com.google.auto.service.AutoService;
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
 * <p>An assertion is accepted when it is signed with RS256, PS256, ES256 or EdDSA by the one client
 * key its {@code kid} names (or, without a {@code kid}, the client's only key for its algorithm);
 * then, and only then, its claims are checked: {@code iss} and {@code sub} are the client id;
 * {@code aud} is this server's issuer (draft-ietf-oauth-rfc7523bis; the token endpoint too when
 * {@link PrivateKeyJwtSettings#acceptTokenEndpointAudience()}); {@code exp} is present, not past
 * and at most {@link PrivateKeyJwtSettings#maxLifetime()} ahead; {@code nbf} and {@code iat} are
 * not in the future; and, last, its {@code jti} was not seen before, on any engine sharing the
 * store. Keys at a {@code jwks_uri} are fetched through the engine's outbound fetcher.
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
    this(settings, JwksUriSources.MAX_URIS);
  }

  /** Creates the method keeping the key sources of at most this many jwks_uri URLs. */
  PrivateKeyJwt(PrivateKeyJwtSettings settings, int maxJwksUris) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.keys = new ClientKeys(new JwksUriSources(settings, maxJwksUris));
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
    SignedJWT signed = AssertionCheck.signed(AssertionCheck.parse(presented.secret()));
    List<String> audiences = audiences(context);
    Instant now = context.now();
    AssertionClaims claimsCheck =
        new AssertionClaims(
            clientId, audiences, AssertionCheck.audienceIsString(signed), now, settings);
    JWTClaimsSet claims =
        AssertionProcessor.process(signed, keys.of(application, context), claimsCheck, now);
    if (!context.firstUse(claims.getJWTID(), claimsCheck.rememberUntil(claims))) {
      throw AssertionCheck.invalid(
          "client_assertion jti was used before; make a new assertion with a new jti for each"
              + " request");
    }
    return true;
  }

  /** The audiences an assertion may name: the issuer, and the token endpoint when allowed. */
  private List<String> audiences(ClientAuthContext context) {
    Optional<String> issuer = context.issuer();
    if (issuer.isEmpty()) {
      throw AssertionCheck.invalid(
          "this server has no issuer configured, so it cannot check a client assertion's aud;"
              + " its operator must set one (Proauth2.builder().issuer(...))");
    }
    return settings.acceptTokenEndpointAudience() ? context.audiences() : List.of(issuer.get());
  }

  /**
   * Checks the client's keys: exactly one of {@code jwks} (stored as its public JSON: 1 to 10
   * public signing keys, RSA of 2048 to 4096 bits with exponent 65537, EC P-256 or Ed25519, each
   * {@code kid} once) or a {@code jwks_uri} the engine's outbound policy would fetch.
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

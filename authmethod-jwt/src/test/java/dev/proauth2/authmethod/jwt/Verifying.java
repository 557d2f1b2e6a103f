package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWK;
import dev.proauth2.OutboundFetchers;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import dev.proauth2.testkit.TestAuthContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One client registered with the method under a clock the test moves, and the calls a test of one
 * check needs: extract and verify as the engine does, and the refusal with what it says.
 */
final class Verifying {

  static final String CLIENT = "client-a";

  static final String LOOPBACK_ISSUER = "http://localhost:8080";

  /**
   * The deadline of a jwks_uri fetch: short, so a slow server costs a test a second, yet long
   * enough for the first fetch of a cold JVM on a busy machine.
   */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(1);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T04:00:00Z"));
  final TestAuthContext context;
  final PrivateKeyJwt method;
  final Record application;

  Verifying(PrivateKeyJwtSettings settings, String issuer, JWK... keys) {
    this.context = new TestAuthContext(clock, issuer);
    this.method = new PrivateKeyJwt(settings);
    this.application =
        method.checkRegistration(
            PrivateKeyJwtContractTest.application(CLIENT, TestKeys.jwks(keys)), context);
  }

  /** A client registered with a jwks_uri, at a loopback issuer so http on loopback is allowed. */
  Verifying(PrivateKeyJwtSettings settings, String jwksUri) {
    this(new PrivateKeyJwt(settings), LOOPBACK_ISSUER, jwksUri);
  }

  /**
   * A client of this method registered with a jwks_uri at this issuer, whose fetches keep the
   * engine's outbound policy with a deadline of {@link #FETCH_TIMEOUT}.
   */
  Verifying(PrivateKeyJwt method, String issuer, String jwksUri) {
    this.context =
        new TestAuthContext(clock, issuer, OutboundFetchers.standard(issuer, FETCH_TIMEOUT));
    this.method = method;
    this.application = method.checkRegistration(withJwksUri(CLIENT, jwksUri), context);
  }

  /** An application record of this client id with a jwks_uri, before the registration check. */
  static Record withJwksUri(String clientId, String jwksUri) {
    Map<String, Object> fields =
        new LinkedHashMap<>(PrivateKeyJwtContractTest.application(clientId, "unused").fields());
    fields.remove(Table.JWKS);
    fields.put(Table.JWKS_URI, jwksUri);
    return Record.of(fields);
  }

  /** The defaults, at the testkit's issuer, with the client's RSA, EC and Ed25519 keys. */
  Verifying() {
    this(
        PrivateKeyJwtSettings.DEFAULTS,
        Assertion.ISSUER,
        TestKeys.RSA,
        TestKeys.EC,
        TestKeys.ED25519);
  }

  /** A valid assertion for the client, made now, for this context's issuer. */
  Assertion assertion() {
    return Assertion.forClient(CLIENT, clock.instant())
        .claim("aud", context.issuer().orElse(Assertion.ISSUER));
  }

  /** Extracts from the form and verifies, as the engine does. */
  boolean verify(String assertion) {
    ClientCredentials credentials = method.extract(Assertion.form(assertion)).orElseThrow();
    return method.verify(credentials, application, context);
  }

  /** Verifies credentials for the client that carry the assertion, as the Java API passes them. */
  boolean verifyDirect(String assertion) {
    return method.verify(
        new ClientCredentials(PrivateKeyJwt.NAME, CLIENT, assertion), application, context);
  }

  /**
   * Asserts the assertion is not accepted, whichever way the method says so ({@code false} for a
   * record that is not the client's, else invalid_client), and that nothing was recorded.
   */
  void rejects(String assertion) {
    int recorded = context.recorded();
    try {
      assertFalse(verifyDirect(assertion), "accepted");
    } catch (Proauth2Exception e) {
      assertEquals(Proauth2Exception.INVALID_CLIENT, e.error());
      assertFalse(e.description().contains(assertion), "the description echoes the assertion");
    }
    assertEquals(recorded, context.recorded(), "a refused assertion left a one-time id behind");
  }

  /** Asserts the assertion is refused with invalid_client, and returns the description. */
  String refused(String assertion) {
    int recorded = context.recorded();
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, () -> verifyDirect(assertion));
    assertEquals(Proauth2Exception.INVALID_CLIENT, thrown.error());
    assertFalse(thrown.description().contains(assertion), "the description echoes the assertion");
    assertEquals(recorded, context.recorded(), "a refused assertion left a one-time id behind");
    return thrown.description();
  }
}

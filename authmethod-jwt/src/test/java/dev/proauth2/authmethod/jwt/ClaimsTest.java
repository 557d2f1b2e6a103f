package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The claims of RFC 7523 section 3, each checked on its own; every failure is invalid_client. */
class ClaimsTest {

  private final Verifying client = new Verifying();

  private Instant now() {
    return client.clock.instant();
  }

  private String signed(Assertion assertion) {
    return assertion.signedWith(TestKeys.EC);
  }

  @Test
  @DisplayName("a valid assertion is accepted and its jti is recorded")
  void valid() {
    assertTrue(client.verify(signed(client.assertion())));
    assertEquals(1, client.context.recorded());
  }

  @Nested
  @DisplayName("iss and sub")
  class IssuerAndSubject {

    @Test
    @DisplayName("an iss other than the client id is refused, naming iss")
    void wrongIssuer() {
      String description = client.refused(signed(client.assertion().claim("iss", "client-b")));
      assertTrue(description.contains("iss"), description);
    }

    @Test
    @DisplayName("a missing iss is refused, naming iss")
    void missingIssuer() {
      String description = client.refused(signed(client.assertion().claim("iss", null)));
      assertTrue(description.contains("iss"), description);
    }

    @Test
    @DisplayName("a sub other than the client id is refused, naming sub")
    void wrongSubject() {
      String description = client.refused(signed(client.assertion().claim("sub", "client-b")));
      assertTrue(description.contains("sub"), description);
    }

    @Test
    @DisplayName("a missing sub is refused, naming sub")
    void missingSubject() {
      String description = client.refused(signed(client.assertion().claim("sub", null)));
      assertTrue(description.contains("sub"), description);
    }
  }

  @Nested
  @DisplayName("aud")
  class Audience {

    private final PrivateKeyJwtSettings optIn =
        new PrivateKeyJwtSettings(
            PrivateKeyJwtSettings.DEFAULTS.maxLifetime(),
            PrivateKeyJwtSettings.DEFAULTS.clockSkew(),
            PrivateKeyJwtSettings.DEFAULTS.maxJwksBytes(),
            PrivateKeyJwtSettings.DEFAULTS.jwksCacheTtl(),
            PrivateKeyJwtSettings.DEFAULTS.refetchInterval(),
            true);

    @Test
    @DisplayName("the issuer as a single string is accepted")
    void issuer() {
      assertTrue(client.verify(signed(client.assertion().claim("aud", Assertion.ISSUER))));
    }

    @Test
    @DisplayName("the token endpoint URL is refused by default, naming aud and the issuer")
    void tokenEndpointRefused() {
      String description =
          client.refused(signed(client.assertion().claim("aud", Assertion.ISSUER + "/token")));
      assertTrue(description.contains("aud does not name this server"), description);
      assertTrue(description.contains(Assertion.ISSUER), description);
    }

    @Test
    @DisplayName("an aud array that contains the issuer is refused by default, saying why")
    void arrayWithIssuerRefused() {
      String description =
          client.refused(
              signed(
                  client
                      .assertion()
                      .claim("aud", List.of("https://other.example", Assertion.ISSUER))));
      assertTrue(description.contains("not an array"), description);
    }

    @Test
    @DisplayName("even an array of the issuer alone is refused by default: aud must be a string")
    void singleArrayRefused() {
      String description =
          client.refused(signed(client.assertion().audienceArray(Assertion.ISSUER)));
      assertTrue(description.contains("not an array"), description);
    }

    @Test
    @DisplayName("with acceptTokenEndpointAudience, the token endpoint URL is accepted as aud")
    void tokenEndpointOptIn() {
      Verifying lenient = new Verifying(optIn, Assertion.ISSUER, TestKeys.EC);
      assertTrue(
          lenient.verify(
              lenient
                  .assertion()
                  .claim("aud", Assertion.ISSUER + "/token")
                  .signedWith(TestKeys.EC)));
    }

    @Test
    @DisplayName("with acceptTokenEndpointAudience, an array naming the issuer or endpoint passes")
    void arrayOptIn() {
      Verifying lenient = new Verifying(optIn, Assertion.ISSUER, TestKeys.EC);
      assertTrue(
          lenient.verify(
              lenient
                  .assertion()
                  .claim("aud", List.of("https://other.example", Assertion.ISSUER))
                  .signedWith(TestKeys.EC)));
      assertTrue(
          lenient.verify(
              lenient
                  .assertion()
                  .audienceArray(Assertion.ISSUER + "/token")
                  .signedWith(TestKeys.EC)));
      lenient.refused(
          lenient
              .assertion()
              .claim("aud", List.of("https://other.example"))
              .signedWith(TestKeys.EC));
    }

    @Test
    @DisplayName("another server's aud is refused, naming aud")
    void wrongAudience() {
      String description =
          client.refused(signed(client.assertion().claim("aud", "https://other.example")));
      assertTrue(description.contains("aud"), description);
    }

    @Test
    @DisplayName("the issuer with a trailing slash is another string and refused")
    void trailingSlash() {
      client.refused(signed(client.assertion().claim("aud", Assertion.ISSUER + "/")));
    }

    @Test
    @DisplayName("a missing aud is refused, naming aud")
    void missingAudience() {
      String description = client.refused(signed(client.assertion().claim("aud", null)));
      assertTrue(description.contains("aud"), description);
    }

    @Test
    @DisplayName("a server without an issuer refuses every assertion and says to configure one")
    void noIssuer() {
      Verifying noIssuer = new Verifying(PrivateKeyJwtSettings.DEFAULTS, null, TestKeys.EC);
      String description = noIssuer.refused(noIssuer.assertion().signedWith(TestKeys.EC));
      assertTrue(description.contains("no issuer configured"), description);
    }
  }

  @Nested
  @DisplayName("exp, nbf and iat")
  class Times {

    @Test
    @DisplayName("a missing exp is refused, naming exp")
    void missingExpiry() {
      String description = client.refused(signed(client.assertion().claim("exp", null)));
      assertTrue(description.contains("exp"), description);
    }

    @Test
    @DisplayName("an assertion expired beyond the clock skew is refused")
    void expired() {
      String assertion = signed(client.assertion());
      client.clock.advance(Duration.ofSeconds(60 + 61));
      String description = client.refused(assertion);
      assertTrue(description.contains("expired"), description);
    }

    @Test
    @DisplayName("an assertion expired within the clock skew is still accepted")
    void expiredWithinSkew() {
      String assertion = signed(client.assertion());
      client.clock.advance(Duration.ofSeconds(60 + 30));
      assertTrue(client.verify(assertion));
    }

    @Test
    @DisplayName("an exp further ahead than maxLifetime plus skew is refused")
    void farFuture() {
      String description =
          client.refused(
              signed(client.assertion().claim("exp", now().plus(Duration.ofMinutes(7)))));
      assertTrue(description.contains("ahead"), description);
    }

    @Test
    @DisplayName("an exp of a year ahead is refused")
    void yearAhead() {
      client.refused(signed(client.assertion().claim("exp", now().plus(Duration.ofDays(365)))));
    }

    @Test
    @DisplayName("an exp just within maxLifetime is accepted")
    void withinLifetime() {
      assertTrue(
          client.verify(
              signed(client.assertion().claim("exp", now().plus(Duration.ofMinutes(5))))));
    }

    @Test
    @DisplayName("a shorter maxLifetime setting is honoured")
    void shorterLifetime() {
      PrivateKeyJwtSettings settings =
          new PrivateKeyJwtSettings(
              Duration.ofSeconds(30),
              Duration.ZERO,
              4096,
              Duration.ofMinutes(1),
              Duration.ofSeconds(1),
              false);
      Verifying strict = new Verifying(settings, Assertion.ISSUER, TestKeys.EC);
      strict.refused(strict.assertion().signedWith(TestKeys.EC)); // exp 60 s ahead
    }

    @Test
    @DisplayName("an nbf in the future beyond the skew is refused, naming nbf")
    void notYetValid() {
      String description =
          client.refused(
              signed(client.assertion().claim("nbf", now().plus(Duration.ofSeconds(61)))));
      assertTrue(description.contains("nbf"), description);
    }

    @Test
    @DisplayName("an nbf within the skew is accepted")
    void notBeforeWithinSkew() {
      assertTrue(
          client.verify(
              signed(client.assertion().claim("nbf", now().plus(Duration.ofSeconds(30))))));
    }

    @Test
    @DisplayName("an iat in the future beyond the skew is refused, naming iat")
    void issuedInFuture() {
      String description =
          client.refused(
              signed(client.assertion().claim("iat", now().plus(Duration.ofSeconds(90)))));
      assertTrue(description.contains("iat"), description);
    }

    @Test
    @DisplayName("an exp that is not a number makes the assertion unreadable, invalid_client")
    void textualExpiry() {
      Proauth2Exception thrown =
          assertThrows(
              Proauth2Exception.class,
              () -> client.verify(signed(client.assertion().claim("exp", "tomorrow"))));
      assertEquals(Proauth2Exception.INVALID_CLIENT, thrown.error());
    }
  }

  @Nested
  @DisplayName("jti")
  class JwtId {

    @Test
    @DisplayName("a missing jti is refused, naming jti")
    void missing() {
      String description = client.refused(signed(client.assertion().claim("jti", null)));
      assertTrue(description.contains("jti"), description);
    }

    @Test
    @DisplayName("an empty jti is refused")
    void empty() {
      client.refused(signed(client.assertion().claim("jti", "")));
    }

    @Test
    @DisplayName("a jti longer than 256 characters is refused, not passed to the store")
    void tooLong() {
      String description = client.refused(signed(client.assertion().claim("jti", "j".repeat(257))));
      assertTrue(description.contains("jti"), description);
    }

    @Test
    @DisplayName("an assertion presented twice is accepted once; the replay is refused naming jti")
    void replay() {
      String assertion = signed(client.assertion());
      assertTrue(client.verify(assertion));
      Proauth2Exception replay =
          assertThrows(Proauth2Exception.class, () -> client.verify(assertion));
      assertEquals(Proauth2Exception.INVALID_CLIENT, replay.error());
      assertTrue(replay.description().contains("jti was used before"), replay.description());
      assertEquals(1, client.context.recorded());
    }

    @Test
    @DisplayName("a new assertion with the same jti is refused as a replay while the first lives")
    void sameJtiNewAssertion() {
      assertTrue(client.verify(signed(client.assertion().claim("jti", "fixed"))));
      client.clock.advance(Duration.ofSeconds(10));
      assertThrows(
          Proauth2Exception.class,
          () -> client.verify(signed(client.assertion().claim("jti", "fixed"))));
    }

    @Test
    @DisplayName("the jti is remembered until exp plus the clock skew, the last moment it counts")
    void rememberedThroughSkew() {
      String assertion = signed(client.assertion());
      assertTrue(client.verify(assertion));
      client.clock.advance(Duration.ofSeconds(60 + 59));
      assertThrows(Proauth2Exception.class, () -> client.verify(assertion));
    }
  }

  @Nested
  @DisplayName("the signature comes first")
  class Order {

    @Test
    @DisplayName("an expired assertion with a bad signature is refused for its signature")
    void expiredForgery() {
      String forged =
          client
              .assertion()
              .claim("iat", now().minus(Duration.ofMinutes(10)))
              .claim("exp", now().minus(Duration.ofMinutes(5)))
              .header(header -> header.keyID(TestKeys.EC.getKeyID()))
              .signedWith(TestKeys.ATTACKER_EC);
      String description = client.refused(forged);
      assertTrue(description.contains("signature"), description);
      assertFalse(description.contains("expired"), description);
    }

    @Test
    @DisplayName("a forged assertion for another server is refused for its signature, not its aud")
    void forgedForOtherServer() {
      String forged =
          client
              .assertion()
              .claim("aud", "https://other.example")
              .header(header -> header.keyID(TestKeys.EC.getKeyID()))
              .signedWith(TestKeys.ATTACKER_EC);
      String description = client.refused(forged);
      assertTrue(description.contains("signature"), description);
      assertFalse(description.contains("aud"), description);
    }
  }
}

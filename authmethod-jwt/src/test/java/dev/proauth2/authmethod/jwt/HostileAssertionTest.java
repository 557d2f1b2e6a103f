package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.spi.Table;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check broken one at a time, through a real engine's token endpoint: each request is refused
 * with {@code invalid_client}, no token is issued, no one-time id is stored, and the description
 * never echoes the assertion.
 */
class HostileAssertionTest {

  /** A second EC key of the two-key client. */
  private static final ECKey SECOND_EC = TestKeys.ec("ec-2");

  private final JwtEngine engine = new JwtEngine();
  private final String clientId =
      engine.register(TestKeys.RSA, TestKeys.EC, TestKeys.ED25519).clientId();

  /** A client with two EC keys, so an assertion without kid names neither. */
  private final String twoKeyClientId = engine.register(SECOND_EC, TestKeys.EC).clientId();

  @AfterEach
  void close() {
    engine.close();
  }

  /** A hostile request: its form parameters besides the grant type, made for the client. */
  private interface Attack extends Function<HostileAssertionTest, Map<String, String>> {}

  private Assertion valid() {
    return engine.assertion(clientId);
  }

  private Assertion validForTwoEcKeys() {
    return engine.assertion(twoKeyClientId);
  }

  private Instant now() {
    return engine.clock.instant();
  }

  private static Map<String, String> form(String assertion) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_assertion", assertion);
    form.put("client_assertion_type", PrivateKeyJwt.ASSERTION_TYPE);
    return form;
  }

  private static Arguments attack(String category, String name, Attack attack) {
    return Arguments.of(category + ": " + name, attack);
  }

  private static Attack signed(Function<HostileAssertionTest, String> assertion) {
    return test -> form(assertion.apply(test));
  }

  private static byte[] encoded(java.security.Key key) {
    return key.getEncoded();
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        // algorithm (6)
        attack("algorithm", "alg none", signed(t -> t.valid().unsigned())),
        attack(
            "algorithm",
            "HS256 keyed with the client's RSA public key",
            signed(t -> t.valid().hmacWith(rsaPublic(), TestKeys.RSA.getKeyID()))),
        attack(
            "algorithm",
            "HS256 keyed with the client's EC public key",
            signed(t -> t.valid().hmacWith(ecPublic(), TestKeys.EC.getKeyID()))),
        attack(
            "algorithm",
            "HS256 keyed with the client's public JWK as JSON",
            signed(
                t ->
                    t.valid()
                        .hmacWith(
                            TestKeys.EC
                                .toPublicJWK()
                                .toJSONString()
                                .getBytes(StandardCharsets.UTF_8),
                            TestKeys.EC.getKeyID()))),
        attack(
            "algorithm",
            "RS512, outside the allow-list",
            signed(t -> t.valid().algorithm(JWSAlgorithm.RS512).signedWith(TestKeys.RSA))),
        attack(
            "algorithm",
            "ES256 naming the client's RSA key",
            signed(
                t ->
                    t.valid()
                        .header(h -> h.keyID(TestKeys.RSA.getKeyID()))
                        .signedWith(TestKeys.EC))),
        // signature (5)
        attack(
            "signature",
            "stripped signature",
            signed(t -> strip(t.valid().signedWith(TestKeys.EC)))),
        attack(
            "signature",
            "all-zero ES256 signature",
            signed(t -> strip(t.valid().signedWith(TestKeys.EC)) + Base64URL.encode(new byte[64]))),
        attack(
            "signature",
            "payload swapped under a valid signature",
            signed(
                t -> {
                  String[] good = t.valid().signedWith(TestKeys.EC).split("\\.");
                  String[] other =
                      t.valid().claim("scope", "admin").signedWith(TestKeys.EC).split("\\.");
                  return good[0] + "." + other[1] + "." + good[2];
                })),
        attack(
            "signature",
            "the attacker's key under the client's kid",
            signed(
                t ->
                    t.valid()
                        .header(h -> h.keyID(TestKeys.EC.getKeyID()))
                        .signedWith(TestKeys.ATTACKER_EC))),
        attack("signature", "unknown kid", signed(t -> t.valid().signedWith(TestKeys.ATTACKER_EC))),
        // headers that point to other keys (5), crit (1)
        attack(
            "key-pointing header",
            "jwk with the attacker's key, no kid",
            signed(
                t ->
                    t.valid()
                        .withoutKid()
                        .header(h -> h.jwk(TestKeys.ATTACKER_EC.toPublicJWK()))
                        .signedWith(TestKeys.ATTACKER_EC))),
        attack(
            "key-pointing header",
            "jwk with the attacker's key under the client's kid",
            signed(
                t ->
                    t.valid()
                        .header(
                            h ->
                                h.keyID(TestKeys.EC.getKeyID())
                                    .jwk(TestKeys.ATTACKER_EC.toPublicJWK()))
                        .signedWith(TestKeys.ATTACKER_EC))),
        attack(
            "key-pointing header",
            "jku to the attacker's key set",
            signed(
                t ->
                    t.valid()
                        .withoutKid()
                        .header(h -> h.jwkURL(URI.create("https://attacker.example/jwks")))
                        .signedWith(TestKeys.ATTACKER_EC))),
        attack(
            "key-pointing header",
            "x5u to the attacker's certificate",
            signed(
                t ->
                    t.valid()
                        .header(
                            h ->
                                h.keyID(TestKeys.EC.getKeyID())
                                    .x509CertURL(URI.create("https://attacker.example/cert")))
                        .signedWith(TestKeys.ATTACKER_EC))),
        attack(
            "key-pointing header",
            "x5c carrying the attacker's key",
            signed(
                t ->
                    t.valid()
                        .withoutKid()
                        .header(h -> h.x509CertChain(List.of(Base64.encode(attackerPublic()))))
                        .signedWith(TestKeys.ATTACKER_EC))),
        attack(
            "header",
            "crit",
            signed(
                t ->
                    t.valid()
                        .header(h -> h.criticalParams(Set.of("ext")).customParam("ext", true))
                        .signedWith(TestKeys.EC))),
        attack(
            "header",
            "typ of an access token (at+jwt)",
            signed(
                t ->
                    t.valid()
                        .header(h -> h.type(new JOSEObjectType("at+jwt")))
                        .signedWith(TestKeys.EC))),
        attack(
            "claims",
            "aud of the token endpoint (refused by default, draft-ietf-oauth-rfc7523bis)",
            signed(
                t -> t.valid().claim("aud", Assertion.ISSUER + "/token").signedWith(TestKeys.EC))),
        attack(
            "claims",
            "aud array naming the issuer and another server",
            signed(
                t ->
                    t.valid()
                        .claim("aud", List.of(Assertion.ISSUER, "https://other.example"))
                        .signedWith(TestKeys.EC))),
        attack(
            "key",
            "no kid while the client has two keys for the alg",
            signed(t -> t.validForTwoEcKeys().withoutKid().signedWith(TestKeys.EC))),
        // claims (13)
        attack(
            "claims",
            "wrong iss",
            signed(t -> t.valid().claim("iss", "other").signedWith(TestKeys.EC))),
        attack(
            "claims",
            "missing iss",
            signed(t -> t.valid().claim("iss", null).signedWith(TestKeys.EC))),
        attack(
            "claims",
            "wrong sub",
            signed(t -> t.valid().claim("sub", "other").signedWith(TestKeys.EC))),
        attack(
            "claims",
            "missing sub",
            signed(t -> t.valid().claim("sub", null).signedWith(TestKeys.EC))),
        attack(
            "claims",
            "wrong aud",
            signed(t -> t.valid().claim("aud", "https://other.example").signedWith(TestKeys.EC))),
        attack(
            "claims",
            "missing aud",
            signed(t -> t.valid().claim("aud", null).signedWith(TestKeys.EC))),
        attack(
            "claims",
            "expired",
            signed(
                t ->
                    t.valid()
                        .claim("iat", t.now().minus(Duration.ofMinutes(10)))
                        .claim("exp", t.now().minus(Duration.ofMinutes(5)))
                        .signedWith(TestKeys.EC))),
        attack(
            "claims",
            "exp a day ahead",
            signed(
                t ->
                    t.valid()
                        .claim("exp", t.now().plus(Duration.ofDays(1)))
                        .signedWith(TestKeys.EC))),
        attack(
            "claims",
            "missing exp",
            signed(t -> t.valid().claim("exp", null).signedWith(TestKeys.EC))),
        attack(
            "claims",
            "nbf in the future",
            signed(
                t ->
                    t.valid()
                        .claim("nbf", t.now().plus(Duration.ofMinutes(2)))
                        .signedWith(TestKeys.EC))),
        attack(
            "claims",
            "iat in the future",
            signed(
                t ->
                    t.valid()
                        .claim("iat", t.now().plus(Duration.ofMinutes(2)))
                        .signedWith(TestKeys.EC))),
        attack(
            "claims",
            "missing jti",
            signed(t -> t.valid().claim("jti", null).signedWith(TestKeys.EC))),
        attack(
            "claims",
            "jti of 257 characters",
            signed(t -> t.valid().claim("jti", "j".repeat(257)).signedWith(TestKeys.EC))),
        // the form (5)
        attack("form", "assertion of 8193 characters", signed(t -> "a".repeat(8193))),
        attack(
            "form",
            "signed assertion padded past 8192 characters",
            signed(t -> t.valid().claim("pad", "p".repeat(8192)).signedWith(TestKeys.EC))),
        attack(
            "form",
            "wrong client_assertion_type",
            t -> {
              Map<String, String> form = form(t.valid().signedWith(TestKeys.EC));
              form.put(
                  "client_assertion_type",
                  "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
              return form;
            }),
        attack(
            "form",
            "client_id other than sub",
            t -> {
              Map<String, String> form = form(t.valid().signedWith(TestKeys.EC));
              form.put("client_id", "someone-else");
              return form;
            }),
        attack("form", "not a JWT", signed(t -> "eyJhbGciOiJFUzI1NiJ9.not-json.c2ln")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  @DisplayName("refused with invalid_client; nothing issued, nothing stored")
  void refused(String name, Attack attack) {
    Map<String, String> form = attack.apply(this);
    EndpointResponse response = engine.post(form);
    assertTrue(response.status() == 401 || response.status() == 400, response.toString());
    assertTrue(response.body().contains("\"error\":\"invalid_client\""), response.body());
    assertFalse(response.body().contains(form.get("client_assertion")), "the assertion is echoed");
    assertEquals(0, engine.store.writes(Table.TOKENS), "a token was issued");
    assertEquals(0, engine.store.writes(Table.REFRESH_TOKENS), "a refresh token was issued");
    assertEquals(0, engine.store.writes(Table.ONE_TIME_IDS), "a one-time id was stored");
  }

  @Test
  @DisplayName("replay: the same assertion twice gets one token; the replay is refused naming jti")
  void replay() {
    String assertion = valid().signedWith(TestKeys.EC);
    assertEquals(200, engine.clientCredentials(assertion).status());
    EndpointResponse replay = engine.clientCredentials(assertion);
    assertEquals(401, replay.status(), replay.body());
    assertTrue(replay.body().contains("jti was used before"), replay.body());
    assertEquals(1, engine.store.writes(Table.TOKENS), "one token, for the first request only");
  }

  @Test
  @DisplayName("a sound assertion still works after the whole hostile suite (no lockout, no state)")
  void stillWorks() {
    attacks().forEach(arguments -> engine.post(((Attack) arguments.get()[1]).apply(this)));
    assertEquals(200, engine.clientCredentials(valid().signedWith(TestKeys.ED25519)).status());
  }

  private static String strip(String signed) {
    return signed.substring(0, signed.lastIndexOf('.') + 1);
  }

  private static byte[] rsaPublic() {
    try {
      return encoded(TestKeys.RSA.toRSAPublicKey());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] ecPublic() {
    try {
      return encoded(TestKeys.EC.toECPublicKey());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] attackerPublic() {
    try {
      return encoded(TestKeys.ATTACKER_EC.toECPublicKey());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DPoPRequest;
import dev.proauth2.DataStores;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.testkit.DPoPProofs;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hostile DPoP proofs are refused at the resource, by category")
class HostileDPoPProofTest {

  private static final Logger LOG = Logger.getLogger(HostileDPoPProofTest.class.getName());
  private static final String URL = "https://api.example/me";

  private final MovingClock clock = new MovingClock();
  private ECKey key;
  private DPoPProofs proofs;
  private final Map<String, List<DPoPRequest>> byCategory = new LinkedHashMap<>();
  private Proauth2 oauth;
  private String token;

  @BeforeEach
  void start() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).generate();
    proofs = DPoPProofs.of(key, clock);
    oauth =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:", clock))
            .clock(clock)
            .issuer(Engines.ISSUER)
            .dpop(JoseDPoP.verifier())
            .discoverListeners(false)
            .build();
    ClientRegistration client =
        oauth.registerApp(
            RegistrationRequest.builder("machine")
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .scope("read")
                .build());
    token =
        oauth
            .requestAccessToken(
                new ClientCredentials(
                    "client_secret_basic", client.clientId(), client.clientSecret()),
                new TokenRequest.ClientCredentials(client.clientId(), null, "read", List.of()),
                proofs.request("POST", Engines.ISSUER + "/token"))
            .accessToken();
  }

  @AfterEach
  void close() {
    oauth.close();
  }

  private void add(String category, String proof) {
    add(category, new DPoPRequest(proof, "GET", URL));
  }

  private void add(String category, DPoPRequest request) {
    byCategory.computeIfAbsent(category, c -> new ArrayList<>()).add(request);
  }

  private JWTClaimsSet.Builder claims() {
    return proofs.claims("GET", URL).claim("ath", SecretHashes.sha256(token));
  }

  /** Signs with a key other than the client's, which the client itself never does. */
  private static String signed(JWSHeader header, JWTClaimsSet claims, JWSSigner signer)
      throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  /**
   * A JWS with a header written by hand, as nimbus's builder refuses a private or symmetric {@code
   * jwk}: what an attacker sends, not what a library makes.
   */
  private static String raw(String headerJson, JWTClaimsSet claims, JWSSigner signer)
      throws Exception {
    String input = Base64URL.encode(headerJson) + "." + Base64URL.encode(claims.toString());
    String alg = headerJson.substring(8, 13);
    JWSHeader forSigner = new JWSHeader(JWSAlgorithm.parse(alg));
    Base64URL signature =
        signer.sign(forSigner, input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return input + "." + signature;
  }

  @Test
  @DisplayName("every hostile proof is invalid_dpop_proof, and the genuine one still works after")
  void hostile() throws Exception {
    ECDSASigner ours = new ECDSASigner(key);
    ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();

    DPoPRequest used = proofs.request("GET", URL, token);
    oauth.authenticateToken(token, null, used);
    add("replayed jti", used);
    add(
        "replayed jti",
        new DPoPRequest(
            proofs.sign(claims().jwtID("same").build()), "GET", URL)); // used once below first
    oauth.authenticateToken(
        token, null, new DPoPRequest(proofs.sign(claims().jwtID("same").build()), "GET", URL));

    add(
        "other URL or method",
        proofs.sign(claims().claim("htu", "https://api.example/other").build()));
    add(
        "other URL or method",
        proofs.sign(claims().claim("htu", "https://evil.example/me").build()));
    add("other URL or method", proofs.sign(claims().claim("htu", "http://api.example/me").build()));
    add(
        "other URL or method",
        proofs.sign(claims().claim("htu", "https://api.example:8443/me").build()));
    add("other URL or method", proofs.sign(claims().claim("htm", "POST").build()));
    add("other URL or method", proofs.sign(claims().claim("htm", "get").build()));

    add("missing or wrong ath", proofs.proof("GET", URL));
    add(
        "missing or wrong ath",
        proofs.sign(claims().claim("ath", SecretHashes.sha256("other")).build()));
    add("missing or wrong ath", proofs.sign(claims().claim("ath", token).build()));

    add(
        "other key",
        DPoPProofs.ec(clock).request("GET", URL, token)); // valid proof, but not the token's key
    add(
        "other key",
        proofs.sign(proofs.header().jwk(attacker.toPublicJWK()).build(), claims().build()));

    add(
        "stale or future iat",
        proofs.sign(claims().issueTime(Date.from(clock.instant().plusSeconds(-61))).build()));
    add(
        "stale or future iat",
        proofs.sign(claims().issueTime(Date.from(clock.instant().plusSeconds(61))).build()));
    add(
        "stale or future iat",
        proofs.sign(claims().issueTime(Date.from(clock.instant().plusSeconds(-3600))).build()));
    add("stale or future iat", proofs.sign(claims().issueTime(null).build()));

    add(
        "alg none",
        new PlainJWT(
                new com.nimbusds.jose.PlainHeader.Builder()
                    .type(new JOSEObjectType("dpop+jwt"))
                    .build(),
                claims().build())
            .serialize());
    add(
        "alg none",
        Base64URL.encode(
                "{\"alg\":\"none\",\"typ\":\"dpop+jwt\",\"jwk\":"
                    + key.toPublicJWK().toJSONString()
                    + "}")
            + "."
            + Base64URL.encode(claims().build().toString())
            + ".");

    OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).generate();
    add(
        "HMAC",
        raw(
            "{\"alg\":\"HS256\",\"typ\":\"dpop+jwt\",\"jwk\":" + secret.toJSONString() + "}",
            claims().build(),
            new MACSigner(secret)));
    add(
        "HMAC",
        signed(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK())
                .build(),
            claims().build(),
            new MACSigner(secret)));

    add(
        "private key in jwk",
        raw(
            "{\"alg\":\"ES256\",\"typ\":\"dpop+jwt\",\"jwk\":" + key.toJSONString() + "}",
            claims().build(),
            ours));
    RSAKey rsa = new RSAKeyGenerator(2048).generate();
    add(
        "private key in jwk",
        raw(
            "{\"alg\":\"RS256\",\"typ\":\"dpop+jwt\",\"jwk\":" + rsa.toJSONString() + "}",
            claims().build(),
            new RSASSASigner(rsa)));

    add("wrong typ", proofs.sign(proofs.header().type(null).build(), claims().build()));
    add(
        "wrong typ",
        proofs.sign(proofs.header().type(JOSEObjectType.JWT).build(), claims().build()));
    add(
        "wrong typ",
        proofs.sign(proofs.header().type(new JOSEObjectType("at+jwt")).build(), claims().build()));

    add("oversize", proofs.sign(claims().claim("pad", "x".repeat(9000)).build()));
    add("oversize", new DPoPRequest("x".repeat(1 << 20), "GET", URL));

    RSAKey weak = new RSAKeyGenerator(1024, true).generate();
    add(
        "key that does not fit alg",
        signed(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("dpop+jwt"))
                .jwk(weak.toPublicJWK())
                .build(),
            claims().build(),
            new RSASSASigner(weak.toPrivateKey(), true)));
    add(
        "key that does not fit alg",
        proofs.sign(proofs.header().jwk(rsa.toPublicJWK()).build(), claims().build()));

    add("malformed", "not.a.jwt");
    add("malformed", "");
    add("malformed", proofs.sign(claims().jwtID(null).build()));
    add("malformed", proofs.sign(claims().jwtID("j".repeat(257)).build()));

    int total = 0;
    StringBuilder counts = new StringBuilder();
    for (Map.Entry<String, List<DPoPRequest>> category : byCategory.entrySet()) {
      for (DPoPRequest hostile : category.getValue()) {
        Proauth2Exception refused =
            org.junit.jupiter.api.Assertions.assertThrows(
                Proauth2Exception.class,
                () -> oauth.authenticateToken(token, null, hostile),
                category.getKey());
        assertEquals(Proauth2Exception.INVALID_DPOP_PROOF, refused.error(), category.getKey());
        assertTrue(
            hostile.proof().length() < 20 || !refused.description().contains(hostile.proof()),
            "the description quotes the proof");
        total++;
      }
      counts.append(category.getKey()).append(": ").append(category.getValue().size()).append("; ");
    }
    LOG.info("hostile DPoP proofs refused, " + total + " in all: " + counts);
    assertEquals(12, byCategory.size());
    assertTrue(total >= 30, "only " + total);
    assertTrue(oauth.authenticateToken(token, null, proofs.request("GET", URL, token)).isClient());
  }
}

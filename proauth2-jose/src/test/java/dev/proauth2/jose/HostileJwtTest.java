package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.AccessTokenFormat;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.TokenRequest;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.ProtectedResource;
import dev.proauth2.spi.Proauth2Exception;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

@DisplayName("Hostile JWTs are refused by the token check and introspection, by category")
class HostileJwtTest {

  private static final Logger LOG = Logger.getLogger(HostileJwtTest.class.getName());

  private final MovingClock clock = new MovingClock();
  private final JoseSigning signer = JoseSigning.managedKeys();
  private Proauth2 oauth;
  private ClientRegistration client;
  private String genuine;
  private final Map<String, List<String>> byCategory = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    oauth =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:", clock))
            .clock(clock)
            .issuer(Engines.ISSUER)
            .resource(Engines.API)
            .signing(signer)
            .accessTokenFormat(AccessTokenFormat.JWT)
            .discoverListeners(false)
            .build();
    client = Engines.machine(oauth);
    genuine = Engines.token(oauth, client).accessToken();
  }

  @AfterEach
  void close() {
    oauth.close();
  }

  private void add(String category, String token) {
    byCategory.computeIfAbsent(category, c -> new ArrayList<>()).add(token);
  }

  private JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(Engines.ISSUER)
        .subject(client.clientId())
        .audience(Engines.ISSUER)
        .claim("client_id", client.clientId())
        .issueTime(Date.from(clock.instant()))
        .expirationTime(Date.from(clock.instant().plusSeconds(300)))
        .jwtID("j-" + byCategory.size());
  }

  private SigningKey ours() {
    return signer.keys().signingKey(JWSAlgorithm.ES256);
  }

  private String signed(JWSHeader header, JWTClaimsSet claims, JWSSigner with) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(with);
    return jwt.serialize();
  }

  private JWSHeader.Builder header(JWSAlgorithm alg, String type) {
    JWSHeader.Builder builder = new JWSHeader.Builder(alg).keyID(ours().keyId());
    return type == null ? builder : builder.type(new JOSEObjectType(type));
  }

  @Test
  @DisplayName("every hostile token is invalid_token at the check and inactive at introspection")
  void hostile() throws Exception {
    String[] parts = genuine.split("\\.");
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(ours().keyId()).generate();

    add("alg none", new PlainJWT(claims().build()).serialize());
    add(
        "alg none",
        Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".");
    add(
        "HMAC",
        signed(
            header(JWSAlgorithm.HS256, "at+jwt").build(),
            claims().build(),
            new MACSigner(new byte[32])));
    add(
        "HMAC keyed with our public key",
        signed(
            header(JWSAlgorithm.HS256, "at+jwt").build(),
            claims().build(),
            new MACSigner(
                pad(signer.keys().publicKeys().toString().getBytes(StandardCharsets.UTF_8)))));
    add(
        "wrong typ (an ID token of ours)",
        signed(
            header(JWSAlgorithm.ES256, "JWT").build(),
            claims().audience(client.clientId()).build(),
            ours().signer()));
    add(
        "no typ",
        signed(header(JWSAlgorithm.ES256, null).build(), claims().build(), ours().signer()));
    add(
        "another issuer",
        signed(
            header(JWSAlgorithm.ES256, "at+jwt").build(),
            claims().issuer("https://evil.example").build(),
            ours().signer()));
    add(
        "our kid, the attacker's key",
        signed(
            header(JWSAlgorithm.ES256, "at+jwt").build(),
            claims().build(),
            new ECDSASigner(attacker)));
    add(
        "the attacker's key embedded as jwk",
        signed(
            header(JWSAlgorithm.ES256, "at+jwt").jwk(attacker.toPublicJWK()).build(),
            claims().build(),
            new ECDSASigner(attacker)));
    add(
        "unknown kid",
        signed(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID("deleted-key")
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            claims().build(),
            new ECDSASigner(attacker)));
    add(
        "alg swapped to RS256",
        Base64URL.encode(header(JWSAlgorithm.RS256, "at+jwt").build().toString())
            + "."
            + parts[1]
            + "."
            + parts[2]);
    add(
        "payload altered",
        parts[0]
            + "."
            + Base64URL.encode(claims().subject("admin").build().toString())
            + "."
            + parts[2]);
    add("signature altered", parts[0] + "." + parts[1] + "." + flip(parts[2]));
    add("signature cut", parts[0] + "." + parts[1] + ".");
    add(
        "well signed by us, never issued",
        signed(header(JWSAlgorithm.ES256, "at+jwt").build(), claims().build(), ours().signer()));
    add("garbage", "a.b.c");
    add("garbage", "....");
    add("garbage", "eyJhbGciOiJFUzI1NiJ9.%%%.###");
    add("oversize", parts[0] + "." + "A".repeat(40_000) + "." + parts[2]);
    add("JWE-shaped", parts[0] + "." + parts[1] + "." + parts[2] + ".x.y");

    ProtectedResource guard = ProtectedResource.builder(oauth, Engines.API).build();
    int total = 0;
    StringBuilder report = new StringBuilder("hostile JWTs by category:");
    for (Map.Entry<String, List<String>> category : byCategory.entrySet()) {
      for (String token : category.getValue()) {
        Proauth2Exception e =
            assertThrows(
                Proauth2Exception.class, () -> oauth.authenticateToken(token), category.getKey());
        assertEquals(Proauth2Exception.INVALID_TOKEN, e.error(), category.getKey());
        assertThrows(
            Proauth2Exception.class,
            () -> oauth.authenticateToken(token, Engines.API),
            category.getKey());
        assertFalse(oauth.introspect(token).active(), category.getKey());
        ProtectedResource.Access access =
            guard.authorize(
                EndpointRequest.builder("GET").header("Authorization", "Bearer " + token).build());
        assertFalse(access.granted(), category.getKey());
        // RFC 6750 section 2.1: a header that is not a b64token (or is over 16 KiB) is malformed.
        int status = token.matches("[A-Za-z0-9._~+/-]+=*") && token.length() <= 16384 ? 401 : 400;
        assertEquals(status, access.refusal().status(), category.getKey());
        total++;
      }
      report
          .append("\n  ")
          .append(category.getKey())
          .append(": ")
          .append(category.getValue().size());
    }
    LOG.info(report + "\n  total: " + total);
    assertEquals(client.clientId(), oauth.authenticateToken(genuine).clientId(), "the genuine one");
    String bound =
        oauth
            .requestAccessToken(
                new TokenRequest.ClientCredentials(client.clientId(), client.clientSecret(), null)
                    .withResources(List.of(Engines.API)))
            .accessToken();
    assertTrue(
        guard
            .authorize(
                EndpointRequest.builder("GET").header("Authorization", "Bearer " + bound).build())
            .granted(),
        "the protected-resource helper takes a genuine JWT bound to it");
  }

  @Test
  @DisplayName("a token signed by a key deleted after rotation is refused")
  void deletedKey() throws Exception {
    oauth.close();
    ManagedSigningKeys keys = ManagedSigningKeys.rotatingEvery(Duration.ofDays(1));
    oauth =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:", clock))
            .clock(clock)
            .issuer(Engines.ISSUER)
            .signing(JoseSigning.builder().keys(keys).build())
            .accessTokenFormat(AccessTokenFormat.JWT)
            .accessTokenTtl(Duration.ofDays(1))
            .discoverListeners(false)
            .build();
    ClientRegistration machine = Engines.machine(oauth);
    String old = Engines.token(oauth, machine).accessToken();
    String kid = SignedJWT.parse(old).getHeader().getKeyID();
    clock.advance(Duration.ofDays(1).plusMinutes(7));
    assertEquals(null, keys.publicKeys().getKeyByKeyId(kid), "the key was deleted");
    assertThrows(Proauth2Exception.class, () -> oauth.authenticateToken(old));
  }

  private static byte[] pad(byte[] key) {
    return key.length >= 32 ? key : java.util.Arrays.copyOf(key, 32);
  }

  private static String flip(String signature) {
    char c = signature.charAt(10);
    return signature.substring(0, 10) + (c == 'A' ? 'B' : 'A') + signature.substring(11);
  }
}

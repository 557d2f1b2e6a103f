package dev.proauth2.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.AccessTokenFormat;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.TokenSubject;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.jose.SigningKey;
import dev.proauth2.spi.DataStore;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JWT access tokens (issue 23) on the memory store, each beside its floor: a {@code
 * client_credentials} token request that issues an ES256 JWT, beside signing alone (nimbus's {@code
 * SignedJWT} with the engine's key and the same claims, a fresh {@code jti}, signed and
 * serialized); the check of a live JWT ({@code authenticateToken}), beside verification alone
 * (parse and ECDSA verify with a verifier made once). The opaque rows are the same calls on an
 * engine that issues opaque tokens. Every iteration starts on fresh stores and engines, as in
 * {@link FlowBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JwtAccessTokenBench {

  private static final String ISSUER = "https://as.example";
  private static final String SCOPE = "read";
  private static final int LIVE_TOKENS = 1000;
  private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

  private DataStore jwtStore;
  private DataStore opaqueStore;
  private Proauth2 jwt;
  private Proauth2 opaque;
  private ClientRegistration jwtClient;
  private ClientRegistration opaqueClient;
  private String[] jwts;
  private String[] opaqueTokens;
  private SigningKey key;
  private JWSVerifier verifier;
  private JWTClaimsSet engineClaims;
  private long lifetimeMillis;

  @Setup(Level.Iteration)
  public void open() throws Exception {
    JoseSigning signing = JoseSigning.managedKeys();
    jwtStore = DataStores.open("memory:");
    jwt = engine(jwtStore).signing(signing).accessTokenFormat(AccessTokenFormat.JWT).build();
    opaqueStore = DataStores.open("memory:");
    opaque = engine(opaqueStore).build();
    jwtClient = machine(jwt);
    opaqueClient = machine(opaque);
    jwts = liveTokens(jwt, jwtClient);
    opaqueTokens = liveTokens(opaque, opaqueClient);

    key = signing.keys().signingKey(JWSAlgorithm.ES256);
    ECKey publicKey = signing.keys().publicKeys().getKeyByKeyId(key.keyId()).toECKey();
    verifier = new ECDSAVerifier(publicKey.toPublicJWK());
    SignedJWT issued = SignedJWT.parse(jwts[0]);
    engineClaims = issued.getJWTClaimsSet();
    lifetimeMillis =
        engineClaims.getExpirationTime().getTime() - engineClaims.getIssueTime().getTime();
    checkFloorWritesWhatTheEngineWrites(issued);
  }

  @TearDown(Level.Iteration)
  public void close() {
    jwt.close();
    opaque.close();
    jwtStore.close();
    opaqueStore.close();
  }

  /** A {@code client_credentials} token request answered with an ES256 JWT. */
  @Benchmark
  public TokenResponse jwtClientCredentials() {
    return token(jwt, jwtClient);
  }

  /** The floor of a JWT issuance: the same claims, a fresh {@code jti}, signed and serialized. */
  @Benchmark
  public String signAlone() throws JOSEException {
    return signedLikeTheEngine().serialize();
  }

  /** The check of a live JWT: its signature, then its record. */
  @Benchmark
  public TokenSubject jwtCheck(Cursor cursor) {
    return jwt.authenticateToken(jwts[cursor.next(LIVE_TOKENS)]);
  }

  /** The floor of a JWT check: parse and ECDSA-verify the same token with a verifier made once. */
  @Benchmark
  public boolean verifyAlone(Cursor cursor) throws ParseException, JOSEException {
    if (!SignedJWT.parse(jwts[cursor.next(LIVE_TOKENS)]).verify(verifier)) {
      throw new IllegalStateException("a live token did not verify");
    }
    return true;
  }

  /** The same token request on an engine that issues opaque tokens. */
  @Benchmark
  public TokenResponse opaqueClientCredentials() {
    return token(opaque, opaqueClient);
  }

  /** The check of a live opaque token: SHA-256 and one lookup. */
  @Benchmark
  public TokenSubject opaqueCheck(Cursor cursor) {
    return opaque.authenticateToken(opaqueTokens[cursor.next(LIVE_TOKENS)]);
  }

  private SignedJWT signedLikeTheEngine() throws JOSEException {
    long issuedAt = System.currentTimeMillis() / 1000 * 1000;
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(engineClaims.getIssuer())
            .subject(engineClaims.getSubject())
            .audience(engineClaims.getAudience())
            .expirationTime(new Date(issuedAt + lifetimeMillis))
            .issueTime(new Date(issuedAt))
            .jwtID(Flows.newSecret())
            .claim("client_id", engineClaims.getClaim("client_id"))
            .claim("scope", engineClaims.getClaim("scope"))
            .build();
    JWSHeader header =
        new JWSHeader.Builder(key.algorithm()).type(AT_JWT).keyID(key.keyId()).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(key.signer());
    return jwt;
  }

  /** Fails the trial unless the floor's token has the engine's header and claim names. */
  private void checkFloorWritesWhatTheEngineWrites(SignedJWT issued) throws Exception {
    SignedJWT floor = signedLikeTheEngine();
    Set<String> engineNames = issued.getJWTClaimsSet().getClaims().keySet();
    Set<String> floorNames = floor.getJWTClaimsSet().getClaims().keySet();
    if (!engineNames.equals(floorNames)
        || !issued.getHeader().toJSONObject().equals(floor.getHeader().toJSONObject())
        || !SignedJWT.parse(floor.serialize()).verify(verifier)
        || !SignedJWT.parse(issued.serialize()).verify(verifier)) {
      throw new IllegalStateException(
          "the floor does not sign what the engine signs: engine "
              + issued.getHeader()
              + " "
              + engineNames
              + ", floor "
              + floor.getHeader()
              + " "
              + floorNames);
    }
  }

  private static Proauth2.Builder engine(DataStore store) {
    return Proauth2.builder().dataStore(store).discoverListeners(false).issuer(ISSUER);
  }

  private static ClientRegistration machine(Proauth2 oauth) {
    return oauth.registerApp(
        RegistrationRequest.builder("benchmark machine client")
            .grantType(GrantType.CLIENT_CREDENTIALS)
            .scope(SCOPE)
            .build());
  }

  private static TokenResponse token(Proauth2 oauth, ClientRegistration client) {
    return oauth.requestAccessToken(
        TokenRequest.clientCredentials(client.clientId(), client.clientSecret(), SCOPE));
  }

  private static String[] liveTokens(Proauth2 oauth, ClientRegistration client) {
    String[] tokens = new String[LIVE_TOKENS];
    for (int i = 0; i < LIVE_TOKENS; i++) {
      tokens[i] = token(oauth, client).accessToken();
    }
    List.of(tokens).forEach(oauth::authenticateToken);
    return tokens;
  }
}

package dev.proauth2.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DPoPRequest;
import dev.proauth2.DataStores;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenSubject;
import dev.proauth2.jose.JoseDPoP;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.security.Provider;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A resource check with a DPoP proof (issue 25) on the memory store, beside its floor: {@code
 * authenticateToken(token, null, proof)} of a DPoP-bound opaque token, beside what it cannot do
 * without, the proof's ES256 verification (nimbus, parse and verify with a verifier made from the
 * proof's {@code jwk}, as the engine does for every proof), one SHA-256 of the token and one store
 * write (the {@code jti}). Proofs are signed before the measurement, each with its own {@code jti},
 * one pool per iteration; both rows verify with BouncyCastle's provider, as the engine does when it
 * is present.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class DPoPResourceBench {

  private static final String ISSUER = "https://as.example";
  private static final String URL = "https://api.example/me";
  private static final int PROOFS = 100_000;
  private static final Provider BC = new BouncyCastleProvider();

  private DataStore store;
  private DataStore floorStore;
  private Proauth2 oauth;
  private String token;
  private String[] proofs;
  private int next;

  @Setup(Level.Iteration)
  public void open() throws Exception {
    store = DataStores.open("memory:");
    floorStore = DataStores.open("memory:");
    oauth =
        Proauth2.builder()
            .dataStore(store)
            .issuer(ISSUER)
            .dpop(JoseDPoP.verifier())
            .dpopProofWindow(Duration.ofMinutes(10))
            .discoverListeners(false)
            .build();
    ClientRegistration client =
        oauth.registerApp(
            RegistrationRequest.builder("machine").grantType(GrantType.CLIENT_CREDENTIALS).build());
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    ECDSASigner signer = new ECDSASigner(key);
    signer.getJCAContext().setProvider(BC);
    token =
        oauth
            .requestAccessToken(
                new ClientCredentials(
                    "client_secret_basic", client.clientId(), client.clientSecret()),
                new TokenRequest.ClientCredentials(client.clientId(), null, null, List.of()),
                new DPoPRequest(
                    proof(key, signer, "POST", ISSUER + "/token", null), "POST", ISSUER + "/token"))
            .accessToken();
    proofs = new String[PROOFS];
    for (int i = 0; i < PROOFS; i++) {
      proofs[i] = proof(key, signer, "GET", URL, token);
    }
    next = 0;
  }

  @TearDown(Level.Iteration)
  public void close() {
    oauth.close();
    store.close();
    floorStore.close();
  }

  private static String proof(ECKey key, ECDSASigner signer, String method, String url, String at)
      throws Exception {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .jwtID(SecretHashes.sha256(Long.toString(System.nanoTime()) + Math.random()))
            .claim("htm", method)
            .claim("htu", url)
            .issueTime(new Date());
    if (at != null) {
      claims.claim("ath", SecretHashes.sha256(at));
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK())
                .build(),
            claims.build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  private String nextProof() {
    if (next == PROOFS) {
      throw new IllegalStateException("the proof pool ran out; raise PROOFS");
    }
    return proofs[next++];
  }

  /** The resource check: proof, iat, jti through the store, token lookup, binding. */
  @Benchmark
  public TokenSubject dpopCheck() {
    return oauth.authenticateToken(token, null, new DPoPRequest(nextProof(), "GET", URL));
  }

  /** The floor: verify the proof with its own jwk, hash the token, write the jti once. */
  @Benchmark
  public boolean floor() throws Exception {
    SignedJWT jwt = SignedJWT.parse(nextProof());
    ECDSAVerifier verifier = new ECDSAVerifier(jwt.getHeader().getJWK().toECKey());
    verifier.getJCAContext().setProvider(BC);
    if (!jwt.verify(verifier)) {
      throw new IllegalStateException("a proof did not verify");
    }
    String tokenHash = SecretHashes.sha256(token);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.ID_HASH, SecretHashes.sha256(jwt.getJWTClaimsSet().getJWTID()));
    fields.put(Table.CLIENT_ID, "dpop");
    long now = System.currentTimeMillis();
    fields.put(Table.ISSUED_AT, now);
    fields.put(Table.EXPIRES_AT, now + 60_000);
    return floorStore.put(Table.ONE_TIME_IDS, Record.of(fields)).isEmpty()
        && tokenHash.length() == 43;
  }
}

package dev.proauth2.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.DataStores;
import dev.proauth2.OpenIdParameters;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.SignIn;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.jose.SigningKey;
import dev.proauth2.oidc.OpenIdProvider;
import dev.proauth2.spi.DataStore;
import java.time.Instant;
import java.util.Date;
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
 * OpenID Connect's ID token (issue 24) on the memory store: the code exchange of an {@code openid}
 * grant with its RS256 ID token, beside the same exchange on an engine without OpenID Connect, and
 * one RS256 signature of the same claims alone. The target: the exchange with the ID token at least
 * 0.8 of {@code 1 / (1 / exchange + 1 / signature)}, the two done one after the other. Every
 * iteration starts on fresh stores and engines, as in {@link FlowBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class IdTokenBench {

  private static final String ISSUER = "https://op.example";
  private static final String SCOPE = "openid profile";

  private DataStore openIdStore;
  private DataStore plainStore;
  private Proauth2 openId;
  private Proauth2 plain;
  private ClientRegistration openIdClient;
  private ClientRegistration plainClient;
  private SigningKey key;

  @Setup(Level.Iteration)
  public void open() {
    JoseSigning signing = JoseSigning.builder().algorithm("RS256").build();
    OpenIdProvider provider = OpenIdProvider.builder(signing).build();
    openIdStore = DataStores.open("memory:");
    openId = provider.applyTo(engine(openIdStore)).build();
    plainStore = DataStores.open("memory:");
    plain = engine(plainStore).build();
    openIdClient = client(openId);
    plainClient = client(plain);
    key = signing.keys().signingKey(JWSAlgorithm.RS256);
    if (exchange(openId, openIdClient).parameter("id_token").isEmpty()
        || exchange(plain, plainClient).parameter("id_token").isPresent()) {
      throw new IllegalStateException("the engines do not differ by the ID token alone");
    }
  }

  @TearDown(Level.Iteration)
  public void close() {
    openId.close();
    plain.close();
    openIdStore.close();
    plainStore.close();
  }

  /** The code exchange of an {@code openid} grant: tokens and an RS256 ID token. */
  @Benchmark
  public TokenResponse codeExchangeWithIdToken() {
    return exchange(openId, openIdClient);
  }

  /** The same code exchange on an engine without OpenID Connect: no ID token. */
  @Benchmark
  public TokenResponse codeExchangeWithout() {
    return exchange(plain, plainClient);
  }

  /** One RS256 signature of an ID token's claims, signed and serialized: the floor of the extra. */
  @Benchmark
  public String signIdTokenAlone() throws JOSEException {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject("user-1@example.com")
            .audience(openIdClient.clientId())
            .expirationTime(Date.from(now.plusSeconds(300)))
            .issueTime(Date.from(now))
            .claim("azp", openIdClient.clientId())
            .claim("auth_time", now.getEpochSecond())
            .claim("nonce", "n-0S6_WzA2Mj")
            .claim("at_hash", Flows.newSecret().substring(0, 22))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(key.algorithm())
                .type(JOSEObjectType.JWT)
                .keyID(key.keyId())
                .build(),
            claims);
    jwt.sign(key.signer());
    return jwt.serialize();
  }

  private static TokenResponse exchange(Proauth2 oauth, ClientRegistration client) {
    AuthorizationCode code =
        oauth.requestAuthorization(
            AuthorizationRequest.builder()
                .clientId(client.clientId())
                .userId("user-1@example.com")
                .redirectUri(Flows.REDIRECT_URI)
                .scope(SCOPE)
                .codeChallenge(Flows.CHALLENGE)
                .codeChallengeMethod(CodeChallengeMethod.S256)
                .openId(
                    OpenIdParameters.parse(
                        "n-0S6_WzA2Mj", null, null, null, null, null, null, null))
                .signIn(SignIn.at(Instant.now()))
                .build());
    return oauth.requestAccessToken(
        TokenRequest.authorizationCode(
            client.clientId(),
            client.clientSecret(),
            code.code(),
            Flows.REDIRECT_URI,
            Flows.VERIFIER));
  }

  private static Proauth2.Builder engine(DataStore store) {
    return Proauth2.builder().dataStore(store).discoverListeners(false).issuer(ISSUER);
  }

  private static ClientRegistration client(Proauth2 oauth) {
    return oauth.registerApp(
        RegistrationRequest.builder("benchmark relying party")
            .redirectUri(Flows.REDIRECT_URI)
            .scope(SCOPE)
            .build());
  }
}

package dev.proauth2.bench;

import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.GrantRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A token exchange (RFC 8693, the {@code grant-token-exchange} plugin) beside a refresh with
 * rotation, on the same store and engine, for issue 26's bound: an exchange costs at most 1.3 times
 * a refresh. Every iteration starts on a fresh namespace with one client registered for both
 * grants; each thread exchanges, in turn, the access tokens of its own user grants for narrower
 * ones, and rotates the refresh tokens of as many others.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TokenExchangeBench {

  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

  /** {@code memory}, {@code redis} or {@code mongodb}. */
  @Param({"memory"})
  public String backend;

  Backend kind;
  Backend.Namespace namespace;
  Proauth2 oauth;
  ClientRegistration client;

  @Setup(Level.Iteration)
  public void open() {
    kind = Backend.named(backend);
    namespace = kind.open();
    oauth = Flows.engine(namespace.store());
    client =
        oauth.registerApp(
            RegistrationRequest.builder("benchmark client")
                .redirectUri(Flows.REDIRECT_URI)
                .scope(Flows.SCOPE)
                .grantType(GrantType.AUTHORIZATION_CODE)
                .grantType(GrantType.REFRESH_TOKEN)
                .extensionGrantType(TOKEN_EXCHANGE)
                .build());
  }

  @TearDown(Level.Iteration)
  public void close() {
    oauth.close();
    namespace.store().close();
  }

  /** An access token of one of this thread's grants exchanged for one narrower in scope. */
  @Benchmark
  public TokenResponse tokenExchange(Grants grants) {
    int i = grants.nextIndex();
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("subject_token", grants.accessTokens[i]);
    parameters.put("subject_token_type", ACCESS_TOKEN);
    parameters.put("scope", "read");
    return oauth.requestExtensionGrant(
        client.clientId(), client.clientSecret(), GrantRequest.of(TOKEN_EXCHANGE, parameters));
  }

  /** A refresh with rotation, of one of this thread's grants in turn. */
  @Benchmark
  public TokenResponse refresh(Grants grants) {
    int i = grants.nextIndex();
    TokenResponse rotated = Flows.refresh(oauth, client, grants.refreshTokens[i]);
    grants.refreshTokens[i] = rotated.refreshToken();
    return rotated;
  }

  /** This thread's grants, made by code exchanges at the start of every iteration. */
  @State(Scope.Thread)
  public static class Grants {
    String[] accessTokens;
    String[] refreshTokens;
    private int next;

    @Setup(Level.Iteration)
    public void issue(TokenExchangeBench bench) {
      int count = FlowBench.grants(bench.kind);
      accessTokens = new String[count];
      refreshTokens = new String[count];
      for (int i = 0; i < count; i++) {
        TokenResponse tokens = Flows.codeExchange(bench.oauth, bench.client, Flows.user(i));
        accessTokens[i] = tokens.accessToken();
        refreshTokens[i] = tokens.refreshToken();
      }
    }

    int nextIndex() {
      next = next + 1 >= accessTokens.length ? 0 : next + 1;
      return next;
    }
  }
}

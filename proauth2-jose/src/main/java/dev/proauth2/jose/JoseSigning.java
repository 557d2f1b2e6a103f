package dev.proauth2.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proauth2.AccessTokenClaims;
import dev.proauth2.PublicKeys;
import dev.proauth2.SigningContext;
import dev.proauth2.TokenSigner;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The engine's signer on nimbus-jose-jwt: JWT access tokens (RFC 9068) and the keys of the {@code
 * jwks_uri}. Give it to {@code Proauth2.Builder.signing(...)}:
 *
 * <pre>{@code
 * Proauth2 oauth = Proauth2.builder()
 *     .dataStore("redis://localhost:6379")      // PROAUTH2_KEY_ENCRYPTION_KEY set
 *     .issuer("https://auth.example")
 *     .signing(JoseSigning.managedKeys())       // ES256, keys rotated weekly
 *     .accessTokenFormat(AccessTokenFormat.JWT)
 *     .build();
 * }</pre>
 */
public final class JoseSigning implements TokenSigner {

  private final SigningKeys keys;
  private final JWSAlgorithm accessTokenAlgorithm;
  private final Set<JWSAlgorithm> algorithms;
  private volatile JwtAccessTokens accessTokens;
  private volatile Served served;

  /** The JWKS document last served, and the key set it was written from. */
  private record Served(JWKSet from, PublicKeys keys) {}

  private JoseSigning(Builder builder) {
    this.keys = builder.keys;
    this.accessTokenAlgorithm = builder.accessTokenAlgorithm;
    Set<JWSAlgorithm> all = new LinkedHashSet<>(builder.algorithms);
    all.add(accessTokenAlgorithm);
    this.algorithms = Set.copyOf(all);
  }

  /** Managed keys ({@link ManagedSigningKeys}) rotated weekly; access tokens signed with ES256. */
  public static JoseSigning managedKeys() {
    return builder().build();
  }

  /** Starts a builder: managed keys rotated weekly and ES256 unless told otherwise. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void start(SigningContext context) {
    Objects.requireNonNull(context, "context");
    keys.start(context, algorithms);
    accessTokens = new JwtAccessTokens(context.issuer());
  }

  @Override
  public String signAccessToken(AccessTokenClaims claims) {
    return started().sign(claims, keys.signingKey(accessTokenAlgorithm));
  }

  @Override
  public boolean verifiesAccessToken(String token) {
    return token != null && started().verifies(token, keys.publicKeys(), keys::reloadPublicKeys);
  }

  @Override
  public PublicKeys publicKeys() {
    JWKSet current = keys.publicKeys();
    Served last = served;
    if (last == null || last.from() != current) {
      last = new Served(current, new PublicKeys(current.toString(true), keys.maxAge()));
      served = last;
    }
    return last.keys();
  }

  /** The algorithm access tokens are signed with. */
  public JWSAlgorithm accessTokenAlgorithm() {
    return accessTokenAlgorithm;
  }

  /**
   * The names of every algorithm this signer keeps keys for: the access tokens' and those added
   * with {@link Builder#algorithm}, such as {@code RS256} for ID tokens.
   */
  public Set<String> algorithms() {
    Set<String> names = new LinkedHashSet<>();
    algorithms.forEach(algorithm -> names.add(algorithm.getName()));
    return Set.copyOf(names);
  }

  /** Where the keys come from. */
  public SigningKeys keys() {
    return keys;
  }

  @Override
  public void close() {
    keys.close();
  }

  private JwtAccessTokens started() {
    JwtAccessTokens started = accessTokens;
    if (started == null) {
      throw new IllegalStateException("the signer has not been started by an engine");
    }
    return started;
  }

  /** Builds a {@link JoseSigning}. */
  public static final class Builder {

    private SigningKeys keys = ManagedSigningKeys.rotatingEveryWeek();
    private JWSAlgorithm accessTokenAlgorithm = JWSAlgorithm.ES256;
    private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();

    private Builder() {}

    /** Where the keys come from; default {@link ManagedSigningKeys#rotatingEveryWeek()}. */
    public Builder keys(SigningKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * The algorithm of access tokens: {@code ES256} (default: small, fast), {@code RS256}, {@code
     * PS256} or {@code EdDSA}.
     *
     * @throws IllegalArgumentException for any other
     */
    public Builder accessTokenAlgorithm(String algorithm) {
      this.accessTokenAlgorithm = Algorithms.named(Objects.requireNonNull(algorithm, "algorithm"));
      return this;
    }

    /**
     * Another algorithm to keep keys for, such as {@code RS256} for OpenID Connect's ID tokens.
     *
     * @throws IllegalArgumentException for an unsupported one
     */
    public Builder algorithm(String algorithm) {
      algorithms.add(Algorithms.named(Objects.requireNonNull(algorithm, "algorithm")));
      return this;
    }

    /** Builds the signer; the engine starts it. */
    public JoseSigning build() {
      return new JoseSigning(this);
    }
  }
}

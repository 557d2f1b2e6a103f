package dev.proauth2.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import dev.proauth2.Proauth2;
import dev.proauth2.jose.JoseSigning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes an engine an OpenID Provider (OpenID Connect Core 1.0, code flow only): an ID token with
 * every code exchange and refresh whose grant holds {@code openid}, signed with the engine's
 * managed keys (the same {@code jwks_uri}), and the members discovery needs in the metadata.
 *
 * <pre>{@code
 * JoseSigning signing = JoseSigning.builder().algorithm("RS256").build();
 * OpenIdProvider openId = OpenIdProvider.builder(signing).claims(myUsers::claims).build();
 * Proauth2 oauth = openId.applyTo(Proauth2.builder()
 *         .dataStore("memory:")
 *         .issuer("https://auth.example"))
 *     .build();
 * // then serve new UserInfoEndpoint(oauth, openId) and OpenIdConfiguration.builder(oauth).build()
 * }</pre>
 *
 * <p>Login stays the host's: it says who signed in, and when and how ({@link dev.proauth2.SignIn}),
 * when it approves the authorization request, and gives user claims through {@link UserClaims}.
 */
public final class OpenIdProvider {

  /** The scope that makes an authorization request an OpenID Connect one. */
  public static final String OPENID = "openid";

  /** The longest an ID token may live. */
  public static final Duration MAX_ID_TOKEN_LIFETIME = Duration.ofDays(1);

  private final JoseSigning signing;
  private final JWSAlgorithm algorithm;
  private final Duration idTokenLifetime;
  private final UserClaims claims;
  private final SubjectIdentifiers subjects;
  private final String userInfoEndpoint;
  private final String endSessionEndpoint;
  private final IdTokens idTokens;

  private OpenIdProvider(Builder builder) {
    this.signing = builder.signing;
    this.algorithm = builder.algorithm;
    this.idTokenLifetime = builder.idTokenLifetime;
    this.claims = builder.claims;
    this.subjects = builder.subjects;
    this.userInfoEndpoint = builder.userInfoEndpoint;
    this.endSessionEndpoint = builder.endSessionEndpoint;
    this.idTokens = new IdTokens(signing, algorithm, idTokenLifetime, subjects);
  }

  /**
   * Starts a provider on the engine's signer, which must keep keys for the ID tokens' algorithm
   * (RS256 unless {@link Builder#idTokenAlgorithm} says otherwise).
   */
  public static Builder builder(JoseSigning signing) {
    return new Builder(Objects.requireNonNull(signing, "signing"));
  }

  /**
   * Installs the provider on an engine builder: its signer, the ID tokens, and the metadata members
   * of OpenID Connect Discovery ({@code userinfo_endpoint}, {@code subject_types_supported}, {@code
   * id_token_signing_alg_values_supported}, {@code scopes_supported}, {@code claims_supported}).
   *
   * @return the same builder
   */
  public Proauth2.Builder applyTo(Proauth2.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    List<String> scopes = new ArrayList<>(List.of(OPENID));
    scopes.addAll(List.of("profile", "email", "address", "phone"));
    return builder
        .signing(signing)
        .tokenResponseExtension(idTokens)
        .metadata("userinfo_endpoint", userInfoEndpoint)
        .metadata("end_session_endpoint", endSessionEndpoint)
        .metadata("scopes_supported", scopes)
        .metadata("subject_types_supported", List.of(subjects.type()))
        .metadata("id_token_signing_alg_values_supported", algorithms())
        .metadata("userinfo_signing_alg_values_supported", List.of("none"))
        .metadata("claims_supported", StandardClaims.SUPPORTED)
        .metadata("claims_parameter_supported", false)
        .metadata("request_parameter_supported", false)
        .metadata("request_uri_parameter_supported", false)
        .metadata("prompt_values_supported", List.of("none", "login", "consent", "select_account"))
        .metadata("display_values_supported", List.of("page", "popup", "touch", "wap"));
  }

  /** The ID token algorithms offered: the default first, then every other the signer keeps. */
  List<String> algorithms() {
    List<String> algorithms = new ArrayList<>(List.of(algorithm.getName()));
    for (String other : new java.util.TreeSet<>(signing.algorithms())) {
      if (!algorithms.contains(other)) {
        algorithms.add(other);
      }
    }
    return algorithms;
  }

  /** Where RP-Initiated Logout is served: a path under the issuer or a full URL. */
  public String endSessionEndpoint() {
    return endSessionEndpoint;
  }

  /** The host's source of user claims. */
  UserClaims claims() {
    return claims;
  }

  /** How {@code sub} is made for each client. */
  public SubjectIdentifiers subjects() {
    return subjects;
  }

  /** The algorithm ID tokens are signed with. */
  public String idTokenAlgorithm() {
    return algorithm.getName();
  }

  /** How long an ID token lives. */
  public Duration idTokenLifetime() {
    return idTokenLifetime;
  }

  /** Where UserInfo is served: a path under the issuer or a full URL. */
  public String userInfoEndpoint() {
    return userInfoEndpoint;
  }

  /** The signer whose keys sign the ID tokens. */
  JoseSigning signing() {
    return signing;
  }

  /** Builds an {@link OpenIdProvider}. */
  public static final class Builder {
    private final JoseSigning signing;
    private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
    private Duration idTokenLifetime = Duration.ofMinutes(5);
    private UserClaims claims = UserClaims.none();
    private SubjectIdentifiers subjects = SubjectIdentifiers.publicIdentifiers();
    private String userInfoEndpoint = "/userinfo";
    private String endSessionEndpoint = "/connect/logout";

    private Builder(JoseSigning signing) {
      this.signing = signing;
    }

    /**
     * The algorithm of ID tokens; default {@code RS256}, which every relying party accepts (OpenID
     * Connect Core section 15.1). The signer must keep keys for it.
     */
    public Builder idTokenAlgorithm(String algorithm) {
      this.algorithm = JWSAlgorithm.parse(Objects.requireNonNull(algorithm, "algorithm"));
      return this;
    }

    /**
     * How long an ID token lives, 1 second to 1 day; default 5 minutes. Keep it within the engine's
     * {@code jwtAccessTokenTtl}: a retired key stays published that long after its last signature.
     */
    public Builder idTokenLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.compareTo(Duration.ofSeconds(1)) < 0
          || lifetime.compareTo(MAX_ID_TOKEN_LIFETIME) > 0) {
        throw new IllegalArgumentException(
            "idTokenLifetime must be between 1 second and 1 day; got " + lifetime);
      }
      this.idTokenLifetime = lifetime;
      return this;
    }

    /** The host's source of user claims for UserInfo; default none beyond {@code sub}. */
    public Builder claims(UserClaims claims) {
      this.claims = Objects.requireNonNull(claims, "claims");
      return this;
    }

    /** How {@code sub} is made; default {@link SubjectIdentifiers#publicIdentifiers()}. */
    public Builder subjects(SubjectIdentifiers subjects) {
      this.subjects = Objects.requireNonNull(subjects, "subjects");
      return this;
    }

    /**
     * Where UserInfo is served: a path under the issuer or a full URL; default {@code /userinfo}.
     */
    public Builder userInfoEndpoint(String pathOrUrl) {
      this.userInfoEndpoint = checkEndpoint(pathOrUrl, "userInfoEndpoint");
      return this;
    }

    /**
     * Where RP-Initiated Logout is served: a path under the issuer or a full URL; default {@code
     * /connect/logout}, clear of the {@code /logout} Spring Security and many hosts keep for their
     * own sign-out.
     */
    public Builder endSessionEndpoint(String pathOrUrl) {
      this.endSessionEndpoint = checkEndpoint(pathOrUrl, "endSessionEndpoint");
      return this;
    }

    private static String checkEndpoint(String pathOrUrl, String name) {
      Objects.requireNonNull(pathOrUrl, "pathOrUrl");
      if (!pathOrUrl.startsWith("/")
          && !pathOrUrl.startsWith("https://")
          && !pathOrUrl.startsWith("http://")) {
        throw new IllegalArgumentException(
            name + " must be a path starting with '/' or an http(s) URL");
      }
      return pathOrUrl;
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalArgumentException when the signer keeps no keys for the ID tokens' algorithm
     */
    public OpenIdProvider build() {
      if (!signing.algorithms().contains(algorithm.getName())) {
        throw new IllegalArgumentException(
            "the signer keeps no "
                + algorithm.getName()
                + " keys for ID tokens: build it with JoseSigning.builder().algorithm(\""
                + algorithm.getName()
                + "\")");
      }
      return new OpenIdProvider(this);
    }
  }
}

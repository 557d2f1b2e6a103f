package dev.proauth2;

import java.util.ArrayList;
import java.util.List;

/**
 * An authorization request (RFC 6749 section 4.1.1 with PKCE, RFC 7636), after the host has
 * authenticated the user and obtained consent. Build one with {@link #builder()}.
 *
 * @param clientId the client's id
 * @param userId the user the host authenticated: required to issue a code, not to check a request
 * @param responseType must be {@code code}
 * @param redirectUri one of the client's registered redirect URIs; may be {@code null} when it has
 *     only one
 * @param scope the space-separated scopes asked for, or {@code null}
 * @param state the client's opaque {@code state}, returned unchanged, or {@code null}
 * @param codeChallenge the PKCE {@code code_challenge}, or {@code null}
 * @param codeChallengeMethod {@link CodeChallengeMethod#S256} (or {@code PLAIN} when enabled), or
 *     {@code null} when the client sent none, which with a challenge means {@code plain} (RFC 7636
 *     section 4.3)
 * @param resources the resources (RFC 8707) the client wants tokens for, absolute URIs; empty for
 *     none in particular
 * @param openId the OpenID Connect parameters ({@code nonce}, {@code prompt}, {@code max_age},
 *     ...); {@link OpenIdParameters#NONE} for none
 * @param signIn what the host says of the user's sign-in (when, how), kept with the code for an ID
 *     token; {@link SignIn#unknown()} when it says nothing
 * @param dpopJkt the thumbprint of the DPoP key the client binds the code to ({@code dpop_jkt}, RFC
 *     9449 section 10), or {@code null}
 */
public record AuthorizationRequest(
    String clientId,
    String userId,
    String responseType,
    String redirectUri,
    String scope,
    String state,
    String codeChallenge,
    CodeChallengeMethod codeChallengeMethod,
    List<String> resources,
    OpenIdParameters openId,
    SignIn signIn,
    String dpopJkt) {

  /**
   * Copies the resources; the values are checked by {@link Proauth2#requestAuthorization}.
   *
   * @throws dev.proauth2.spi.Proauth2Exception {@code invalid_target} for a {@code null} resource
   */
  public AuthorizationRequest {
    resources = Resources.copy(resources);
    openId = openId == null ? OpenIdParameters.NONE : openId;
    signIn = signIn == null ? SignIn.unknown() : signIn;
  }

  /** A request without OpenID Connect parameters or sign-in facts, binding no DPoP key. */
  public AuthorizationRequest(
      String clientId,
      String userId,
      String responseType,
      String redirectUri,
      String scope,
      String state,
      String codeChallenge,
      CodeChallengeMethod codeChallengeMethod,
      List<String> resources) {
    this(
        clientId,
        userId,
        responseType,
        redirectUri,
        scope,
        state,
        codeChallenge,
        codeChallengeMethod,
        resources,
        OpenIdParameters.NONE,
        SignIn.unknown(),
        null);
  }

  /** A request without resources. */
  public AuthorizationRequest(
      String clientId,
      String userId,
      String responseType,
      String redirectUri,
      String scope,
      String state,
      String codeChallenge,
      CodeChallengeMethod codeChallengeMethod) {
    this(
        clientId,
        userId,
        responseType,
        redirectUri,
        scope,
        state,
        codeChallenge,
        codeChallengeMethod,
        List.of());
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AuthorizationRequest}; {@code responseType} defaults to {@code code}. */
  public static final class Builder {
    private String clientId;
    private String userId;
    private String responseType = "code";
    private String redirectUri;
    private String scope;
    private String state;
    private String codeChallenge;
    private CodeChallengeMethod codeChallengeMethod;
    private final List<String> resources = new ArrayList<>();
    private OpenIdParameters openId = OpenIdParameters.NONE;
    private SignIn signIn = SignIn.unknown();
    private String dpopJkt;

    private Builder() {}

    /** Sets the client id. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** Sets the user the host authenticated. */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /** Sets the response type; only {@code code} is offered. */
    public Builder responseType(String responseType) {
      this.responseType = responseType;
      return this;
    }

    /** Sets the redirect URI. */
    public Builder redirectUri(String redirectUri) {
      this.redirectUri = redirectUri;
      return this;
    }

    /** Sets the scopes asked for, space-separated. */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /** Sets the client's {@code state}. */
    public Builder state(String state) {
      this.state = state;
      return this;
    }

    /** Sets the PKCE code challenge. */
    public Builder codeChallenge(String codeChallenge) {
      this.codeChallenge = codeChallenge;
      return this;
    }

    /** Sets the PKCE code challenge method; {@code null} means the client sent none. */
    public Builder codeChallengeMethod(CodeChallengeMethod codeChallengeMethod) {
      this.codeChallengeMethod = codeChallengeMethod;
      return this;
    }

    /** Adds a resource (RFC 8707) the client wants tokens for; may be called several times. */
    public Builder resource(String resource) {
      resources.add(resource);
      return this;
    }

    /** Sets every resource the client named, replacing any added before. */
    public Builder resources(List<String> resources) {
      this.resources.clear();
      this.resources.addAll(resources);
      return this;
    }

    /** Sets the OpenID Connect parameters of the request. */
    public Builder openId(OpenIdParameters openId) {
      this.openId = openId;
      return this;
    }

    /** Sets what the host says of the user's sign-in, for the ID token. */
    public Builder signIn(SignIn signIn) {
      this.signIn = signIn;
      return this;
    }

    /**
     * Binds the code to a DPoP key by its JWK SHA-256 thumbprint ({@code dpop_jkt}, RFC 9449
     * section 10): only a token request with a proof by that key can redeem it.
     */
    public Builder dpopJkt(String dpopJkt) {
      this.dpopJkt = dpopJkt;
      return this;
    }

    /** Builds the request; it is checked by {@link Proauth2#requestAuthorization}. */
    public AuthorizationRequest build() {
      return new AuthorizationRequest(
          clientId,
          userId,
          responseType,
          redirectUri,
          scope,
          state,
          codeChallenge,
          codeChallengeMethod,
          resources,
          openId,
          signIn,
          dpopJkt);
    }
  }
}

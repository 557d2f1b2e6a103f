package dev.proauth2.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import dev.proauth2.AccessTokenFormat;
import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.GrantType;
import dev.proauth2.OpenIdParameters;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.SignIn;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.jose.JoseSigning;
import dev.proauth2.spi.SecretHashes;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An OpenID Provider on the memory store for the tests: issuer {@link #ISSUER}, the demo user's
 * claims, and a confidential client {@link #app} for "openid profile email" with refresh tokens.
 */
final class OpenIdEngine implements AutoCloseable {

  static final String ISSUER = "https://op.example";
  static final String REDIRECT = "https://rp.example/cb";
  static final String USER = "demo-user";

  private static final SecureRandom RANDOM = new SecureRandom();

  final OpenIdProvider provider;
  final Proauth2 oauth;
  final ClientRegistration app;

  OpenIdEngine() {
    this(provider -> {}, engine -> {});
  }

  OpenIdEngine(
      Consumer<OpenIdProvider.Builder> providerSettings, Consumer<Proauth2.Builder> engine) {
    JoseSigning signing = JoseSigning.builder().algorithm("RS256").build();
    OpenIdProvider.Builder builder = OpenIdProvider.builder(signing).claims(OpenIdEngine::claims);
    providerSettings.accept(builder);
    provider = builder.build();
    Proauth2.Builder engineBuilder =
        Proauth2.builder()
            .dataStore("memory:")
            .issuer(ISSUER)
            .accessTokenFormat(AccessTokenFormat.OPAQUE)
            .discoverListeners(false);
    engine.accept(engineBuilder);
    oauth = provider.applyTo(engineBuilder).build();
    app =
        oauth.registerApp(
            RegistrationRequest.builder("Relying party")
                .redirectUri(REDIRECT)
                .grantType(GrantType.AUTHORIZATION_CODE)
                .grantType(GrantType.REFRESH_TOKEN)
                .scope("openid profile email address phone")
                .build());
  }

  static Map<String, Object> claims(String userId, java.util.Set<String> scopes) {
    if (!userId.equals(USER)) {
      return Map.of();
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("name", "Demo User");
    claims.put("email", "demo-user@example.com");
    claims.put("email_verified", true);
    claims.put("phone_number", "+41 00 000 00 00");
    claims.put("secret_level", "top");
    return claims;
  }

  JWKSet jwks() {
    try {
      return JWKSet.parse(oauth.publicKeys().orElseThrow().json());
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  static String newVerifier() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A code for the app, with PKCE, scope and OpenID Connect parameters as given. */
  AuthorizationCode authorize(
      String verifier, String scope, OpenIdParameters openId, SignIn signIn) {
    return oauth.requestAuthorization(
        AuthorizationRequest.builder()
            .clientId(app.clientId())
            .userId(USER)
            .redirectUri(REDIRECT)
            .scope(scope)
            .codeChallenge(SecretHashes.sha256(verifier))
            .codeChallengeMethod(CodeChallengeMethod.S256)
            .openId(openId)
            .signIn(signIn)
            .build());
  }

  TokenResponse exchange(AuthorizationCode code, String verifier) {
    return oauth.requestAccessToken(
        TokenRequest.authorizationCode(
            app.clientId(), app.clientSecret(), code.code(), REDIRECT, verifier));
  }

  TokenResponse refresh(String refreshToken) {
    return oauth.requestAccessToken(
        new TokenRequest.RefreshToken(app.clientId(), app.clientSecret(), refreshToken, null));
  }

  /** Signs in with a nonce and exchanges the code. */
  TokenResponse signIn(String scope, String nonce, SignIn signIn) {
    String verifier = newVerifier();
    return exchange(
        authorize(
            verifier,
            scope,
            OpenIdParameters.parse(nonce, null, null, null, null, null, null, null),
            signIn),
        verifier);
  }

  @Override
  public void close() {
    oauth.close();
  }
}

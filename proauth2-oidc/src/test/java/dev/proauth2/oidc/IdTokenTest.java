package dev.proauth2.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.proauth2.AccessTokenFormat;
import dev.proauth2.SignIn;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * ID tokens (OpenID Connect Core sections 2, 3.1.3.6 and 12.2), checked by a relying party library
 * no one here wrote: Nimbus's {@code IDTokenValidator} against the engine's JWKS.
 */
class IdTokenTest {

  private static final Instant SIGNED_IN = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final SignIn SIGN_IN =
      new SignIn(SIGNED_IN, "urn:acr:silver", List.of("pwd", "otp"));

  private static IDTokenClaimsSet validate(OpenIdEngine engine, String idToken, String nonce)
      throws Exception {
    IDTokenValidator validator =
        new IDTokenValidator(
            new Issuer(OpenIdEngine.ISSUER),
            new ClientID(engine.app.clientId()),
            JWSAlgorithm.RS256,
            engine.jwks());
    return validator.validate(JWTParser.parse(idToken), nonce == null ? null : new Nonce(nonce));
  }

  @Nested
  class AtTheCodeExchange {

    @Test
    @DisplayName("a code granted openid is exchanged for an ID token a relying party validates")
    void validates() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        TokenResponse tokens = engine.signIn("openid profile", "n-0S6_WzA2Mj", SIGN_IN);
        IDTokenClaimsSet claims =
            validate(engine, tokens.parameter("id_token").orElseThrow(), "n-0S6_WzA2Mj");
        assertEquals(OpenIdEngine.ISSUER, claims.getIssuer().getValue());
        assertEquals(OpenIdEngine.USER, claims.getSubject().getValue());
        assertEquals(
            List.of(engine.app.clientId()),
            claims.getAudience().stream().map(a -> a.getValue()).toList());
        assertEquals(engine.app.clientId(), claims.getAuthorizedParty().getValue());
      }
    }

    @Test
    @DisplayName("the ID token states the host's auth_time, acr and amr")
    void signInFacts() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        TokenResponse tokens = engine.signIn("openid", "n", SIGN_IN);
        IDTokenClaimsSet claims = validate(engine, tokens.parameter("id_token").orElseThrow(), "n");
        assertEquals(SIGNED_IN, claims.getAuthenticationTime().toInstant());
        assertEquals("urn:acr:silver", claims.getACR().getValue());
        assertEquals(
            List.of("pwd", "otp"), claims.getAMR().stream().map(amr -> amr.getValue()).toList());
      }
    }

    @Test
    @DisplayName(
        "at_hash is the left half of the access token's SHA-256, as a relying party checks")
    void atHash() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        TokenResponse tokens = engine.signIn("openid", "n", SIGN_IN);
        IDTokenClaimsSet claims = validate(engine, tokens.parameter("id_token").orElseThrow(), "n");
        AccessTokenValidator.validate(
            new BearerAccessToken(tokens.accessToken()),
            JWSAlgorithm.RS256,
            claims.getAccessTokenHash());
        assertEquals(
            AccessTokenHash.compute(
                    new BearerAccessToken(tokens.accessToken()), JWSAlgorithm.RS256, null)
                .getValue(),
            claims.getAccessTokenHash().getValue());
      }
    }

    @Test
    @DisplayName("the ID token is a JWT of type JWT, signed RS256 by a key of the engine's JWKS")
    void header() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        TokenResponse tokens = engine.signIn("openid", "n", SIGN_IN);
        SignedJWT jwt = SignedJWT.parse(tokens.parameter("id_token").orElseThrow());
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertNotNull(engine.jwks().getKeyByKeyId(jwt.getHeader().getKeyID()));
      }
    }

    @Test
    @DisplayName("a grant without openid gets no ID token")
    void notOpenId() {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        TokenResponse tokens = engine.signIn("profile", null, SignIn.unknown());
        assertTrue(tokens.parameter("id_token").isEmpty());
      }
    }

    @Test
    @DisplayName("an ID token without a sign-in time has no auth_time, and no acr or amr")
    void noFacts() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        TokenResponse tokens = engine.signIn("openid", "n", SignIn.unknown());
        IDTokenClaimsSet claims = validate(engine, tokens.parameter("id_token").orElseThrow(), "n");
        assertNull(claims.getAuthenticationTime());
        assertNull(claims.getACR());
        assertNull(claims.getAMR());
      }
    }

    @Test
    @DisplayName("the ID token's sub is the pairwise identifier when the provider makes them")
    void pairwise() throws Exception {
      byte[] secret = new byte[32];
      try (OpenIdEngine engine =
          new OpenIdEngine(p -> p.subjects(SubjectIdentifiers.pairwise(secret)), e -> {})) {
        TokenResponse tokens = engine.signIn("openid", "n", SIGN_IN);
        IDTokenClaimsSet claims = validate(engine, tokens.parameter("id_token").orElseThrow(), "n");
        assertNotEquals(OpenIdEngine.USER, claims.getSubject().getValue());
        assertEquals(
            engine.provider.subjects().subject(OpenIdEngine.USER, engine.app),
            claims.getSubject().getValue());
      }
    }
  }

  @Nested
  class Nonces {

    @Test
    @DisplayName("the nonce is echoed exactly, and a relying party expecting another refuses it")
    void echoed() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        String nonce = "n~0S6 WzA2Mj/ü+é";
        TokenResponse tokens = engine.signIn("openid", nonce, SIGN_IN);
        String idToken = tokens.parameter("id_token").orElseThrow();
        assertEquals(nonce, validate(engine, idToken, nonce).getNonce().getValue());
        assertThrows(Exception.class, () -> validate(engine, idToken, "another"));
      }
    }

    @Test
    @DisplayName("a request without a nonce gets an ID token without one")
    void absent() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        TokenResponse tokens = engine.signIn("openid", null, SIGN_IN);
        assertNull(validate(engine, tokens.parameter("id_token").orElseThrow(), null).getNonce());
      }
    }

    @Test
    @DisplayName("two sign-ins with their own nonces each get their own back")
    void perRequest() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        String first =
            engine.signIn("openid", "first", SIGN_IN).parameter("id_token").orElseThrow();
        String second =
            engine.signIn("openid", "second", SIGN_IN).parameter("id_token").orElseThrow();
        assertEquals("first", validate(engine, first, "first").getNonce().getValue());
        assertEquals("second", validate(engine, second, "second").getNonce().getValue());
      }
    }
  }

  @Nested
  class OnRefresh {

    @Test
    @DisplayName("a refresh issues a new ID token with the same iss, sub, aud, azp and auth_time")
    void again() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        TokenResponse first = engine.signIn("openid profile", "n", SIGN_IN);
        IDTokenClaimsSet original =
            validate(engine, first.parameter("id_token").orElseThrow(), "n");
        TokenResponse second = engine.refresh(first.refreshToken());
        IDTokenClaimsSet renewed =
            validate(engine, second.parameter("id_token").orElseThrow(), null);
        assertEquals(original.getIssuer(), renewed.getIssuer());
        assertEquals(original.getSubject(), renewed.getSubject());
        assertEquals(original.getAudience(), renewed.getAudience());
        assertEquals(original.getAuthorizedParty(), renewed.getAuthorizedParty());
        assertEquals(original.getAuthenticationTime(), renewed.getAuthenticationTime());
        assertEquals(original.getACR(), renewed.getACR());
        assertNull(renewed.getNonce(), "a refreshed ID token carries no nonce");
        AccessTokenValidator.validate(
            new BearerAccessToken(second.accessToken()),
            JWSAlgorithm.RS256,
            renewed.getAccessTokenHash());
      }
    }

    @Test
    @DisplayName("the sign-in facts survive every rotation of the refresh token")
    void rotations() throws Exception {
      try (OpenIdEngine engine = new OpenIdEngine()) {
        TokenResponse tokens = engine.signIn("openid", "n", SIGN_IN);
        for (int i = 0; i < 3; i++) {
          tokens = engine.refresh(tokens.refreshToken());
        }
        IDTokenClaimsSet claims =
            validate(engine, tokens.parameter("id_token").orElseThrow(), null);
        assertEquals(SIGNED_IN, claims.getAuthenticationTime().toInstant());
        assertEquals(
            List.of("pwd", "otp"), claims.getAMR().stream().map(a -> a.getValue()).toList());
      }
    }
  }

  @Nested
  class NeverAnAccessToken {

    @Test
    @DisplayName("an ID token is refused as an access token, by an engine that accepts JWT ones")
    void refused() {
      try (OpenIdEngine engine =
          new OpenIdEngine(p -> {}, e -> e.accessTokenFormat(AccessTokenFormat.JWT))) {
        TokenResponse tokens = engine.signIn("openid", "n", SIGN_IN);
        assertTrue(tokens.accessToken().contains("."), "the access token is a JWT here");
        engine.oauth.authenticateToken(tokens.accessToken());
        String idToken = tokens.parameter("id_token").orElseThrow();
        Proauth2Exception refused =
            assertThrows(Proauth2Exception.class, () -> engine.oauth.authenticateToken(idToken));
        assertEquals(Proauth2Exception.INVALID_TOKEN, refused.error());
        assertFalse(engine.oauth.introspect(idToken).active());
      }
    }
  }
}

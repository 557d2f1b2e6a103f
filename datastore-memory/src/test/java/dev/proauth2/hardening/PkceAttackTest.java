package dev.proauth2.hardening;

import static dev.proauth2.hardening.Refusals.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.endpoint.AuthorizationEndpoint;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PKCE downgrade in both directions (RFC 9700 section 2.1.1) and the verifier and challenge formats
 * of RFC 7636 sections 4.1 and 4.2.
 */
@DisplayName("PKCE attacks")
class PkceAttackTest {

  private Harness h;

  @BeforeEach
  void open() {
    h = Harness.observed();
  }

  @AfterEach
  void close() {
    h.close();
  }

  private void assertRefusedWithoutCode(String error, AuthorizationRequest request) {
    long codesBefore = h.store.storedIn(Table.NONCE_CODES);
    assertError(error, () -> h.oauth.requestAuthorization(request));
    assertEquals(codesBefore, h.store.storedIn(Table.NONCE_CODES), "a code was stored");
  }

  /** An unreserved-character verifier of the given length, including '-', '.', '_' and '~'. */
  private static String verifierOfLength(int length) {
    StringBuilder verifier = new StringBuilder();
    String alphabet = "ABCXYZabcxyz0189-._~";
    for (int i = 0; i < length; i++) {
      verifier.append(alphabet.charAt(i * 7 % alphabet.length()));
    }
    return verifier.toString();
  }

  @Nested
  @DisplayName("downgrade")
  class Downgrade {

    @Test
    @DisplayName("the S256 challenge itself, sent as a plain verifier, does not redeem the code")
    void challengeAsPlainVerifier() {
      String verifier = h.newVerifier();
      AuthorizationCode code = h.authorize(h.app, verifier);
      assertError(
          Proauth2Exception.INVALID_GRANT,
          () -> h.exchange(h.app, code, Harness.challengeOf(verifier)));
    }

    @Test
    @DisplayName(
        "a code issued with a challenge cannot be redeemed without a verifier, nor by a public"
            + " client that drops it")
    void challengeThenNoVerifier() {
      AuthorizationCode confidential = h.authorize(h.app, h.newVerifier());
      assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.app, confidential, null));
      AuthorizationCode publicCode = h.authorize(h.spa, h.newVerifier());
      assertError(Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.spa, publicCode, null));
    }

    @Test
    @DisplayName(
        "a verifier for a code issued without a challenge is refused, even when it is well-formed")
    void noChallengeThenVerifier() {
      AuthorizationCode code = h.authorize(h.app, null);
      assertError(
          Proauth2Exception.INVALID_GRANT, () -> h.exchange(h.app, code, verifierOfLength(43)));
    }

    @Test
    @DisplayName("a challenge without a method means plain, which is refused unless enabled")
    void challengeWithoutMethodIsPlain() {
      assertRefusedWithoutCode(
          Proauth2Exception.INVALID_REQUEST,
          h.request(h.app, null).codeChallenge(verifierOfLength(43)).build());
    }

    @Test
    @DisplayName("plain, named explicitly, is refused unless enabled, storing no code")
    void plainRefused() {
      assertRefusedWithoutCode(
          Proauth2Exception.INVALID_REQUEST,
          h.request(h.app, null)
              .codeChallenge(verifierOfLength(43))
              .codeChallengeMethod(CodeChallengeMethod.PLAIN)
              .build());
    }

    @ParameterizedTest(name = "code_challenge_method={0}")
    @ValueSource(strings = {"s256", "S-256", "SHA256", "S512", "none", "S256 ", "PLAIN"})
    @DisplayName(
        "a challenge method that is neither S256 nor plain is refused at the authorization"
            + " endpoint with invalid_request, redirected, storing no code")
    void otherMethodsRefused(String method) {
      String query =
          "response_type=code&client_id="
              + encode(h.app.clientId())
              + "&redirect_uri="
              + encode(Harness.REDIRECT)
              + "&state="
              + Harness.STATE
              + "&code_challenge="
              + Harness.challengeOf(verifierOfLength(43))
              + "&code_challenge_method="
              + encode(method);
      long codesBefore = h.store.storedIn(Table.NONCE_CODES);
      EndpointResponse response =
          new AuthorizationEndpoint(h.oauth)
              .approve(EndpointRequest.builder("GET").query(query).build(), Harness.USER);
      String location = response.header("Location").orElseThrow();
      assertTrue(location.startsWith(Harness.REDIRECT + "?error=invalid_request"), location);
      assertFalse(location.contains("code="), location);
      assertEquals(codesBefore, h.store.storedIn(Table.NONCE_CODES), "a code was stored");
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a method without a challenge is refused rather than ignored")
    void methodWithoutChallenge() {
      assertRefusedWithoutCode(
          Proauth2Exception.INVALID_REQUEST,
          h.request(h.app, null).codeChallengeMethod(CodeChallengeMethod.S256).build());
    }

    @Test
    @DisplayName("a public client cannot leave PKCE out, nor use plain")
    void publicClientNeedsS256() {
      assertRefusedWithoutCode(Proauth2Exception.INVALID_REQUEST, h.request(h.spa, null).build());
      String verifier = verifierOfLength(64);
      assertRefusedWithoutCode(
          Proauth2Exception.INVALID_REQUEST,
          h.request(h.spa, null)
              .codeChallenge(verifier)
              .codeChallengeMethod(CodeChallengeMethod.PLAIN)
              .build());
    }

    @Test
    @DisplayName("with requirePkce, a confidential client cannot leave PKCE out either")
    void requirePkce() {
      try (Harness strict = Harness.observed(b -> b.requirePkce(true))) {
        long before = strict.store.storedIn(Table.NONCE_CODES);
        assertError(
            Proauth2Exception.INVALID_REQUEST,
            () -> strict.oauth.requestAuthorization(strict.request(strict.app, null).build()));
        assertEquals(before, strict.store.storedIn(Table.NONCE_CODES));
        String verifier = strict.newVerifier();
        assertTrue(
            strict.alive(
                strict
                    .exchange(strict.app, strict.authorize(strict.app, verifier), verifier)
                    .accessToken()));
      }
    }

    @Test
    @DisplayName(
        "with plain enabled, a plain code needs the verifier itself, and its S256 hash does not"
            + " redeem it")
    void plainWhenEnabled() {
      try (Harness lenient = Harness.observed(b -> b.allowPlainPkce(true))) {
        String verifier = verifierOfLength(50);
        AuthorizationCode code =
            lenient.authorize(
                lenient
                    .request(lenient.app, null)
                    .codeChallenge(verifier)
                    .codeChallengeMethod(CodeChallengeMethod.PLAIN)
                    .build());
        assertError(
            Proauth2Exception.INVALID_GRANT,
            () -> lenient.exchange(lenient.app, code, Harness.challengeOf(verifier)));
        AuthorizationCode second =
            lenient.authorize(
                lenient
                    .request(lenient.app, null)
                    .codeChallenge(verifier)
                    .codeChallengeMethod(CodeChallengeMethod.PLAIN)
                    .build());
        assertTrue(lenient.alive(lenient.exchange(lenient.app, second, verifier).accessToken()));
      }
    }
  }

  @Nested
  @DisplayName("verifier format (RFC 7636 section 4.1)")
  class VerifierFormat {

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {43, 44, 127, 128})
    @DisplayName("a verifier of 43 to 128 unreserved characters, '-._~' included, redeems its code")
    void validLengths(int length) {
      String verifier = verifierOfLength(length);
      AuthorizationCode code = h.authorize(h.app, verifier);
      assertTrue(h.alive(h.exchange(h.app, code, verifier).accessToken()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "42 characters",
          "129 characters",
          "plus",
          "slash",
          "equals padding",
          "space",
          "percent-encoding",
          "non-ASCII",
          "exclamation mark",
          "CR LF"
        })
    @DisplayName(
        "a malformed verifier is invalid_request and leaves the code redeemable by the right one")
    void malformed(String kind) {
      String base = verifierOfLength(60);
      String verifier =
          switch (kind) {
            case "42 characters" -> verifierOfLength(42);
            case "129 characters" -> verifierOfLength(129);
            case "plus" -> base + "+";
            case "slash" -> base + "/";
            case "equals padding" -> base + "=";
            case "space" -> base.substring(0, 30) + " " + base.substring(30);
            case "percent-encoding" -> base + "%7E";
            case "non-ASCII" -> base + "\u00e9";
            case "exclamation mark" -> base + "!";
            default -> base + "\r\n";
          };
      String right = h.newVerifier();
      AuthorizationCode code = h.authorize(h.app, right);
      long changes = h.store.changes();
      assertError(Proauth2Exception.INVALID_REQUEST, () -> h.exchange(h.app, code, verifier));
      assertEquals(changes, h.store.changes(), "the malformed attempt changed the store");
      assertTrue(h.alive(h.exchange(h.app, code, right).accessToken()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "42 characters",
          "44 characters",
          "a dot",
          "a tilde",
          "padding",
          "U+0080, the first character past ASCII",
          "standard base64"
        })
    @DisplayName(
        "an S256 challenge that is not 43 base64url characters is refused, storing no code")
    void malformedChallenge(String kind) {
      String good = Harness.challengeOf(h.newVerifier());
      String challenge =
          switch (kind) {
            case "42 characters" -> good.substring(0, 42);
            case "44 characters" -> good + "A";
            case "a dot" -> good.substring(0, 42) + ".";
            case "a tilde" -> good.substring(0, 42) + "~";
            case "padding" -> good.substring(0, 42) + "=";
            case "U+0080, the first character past ASCII" -> good.substring(0, 42) + "\u0080";
            default -> good.substring(0, 41) + "+/";
          };
      assertRefusedWithoutCode(
          Proauth2Exception.INVALID_REQUEST,
          h.request(h.app, null)
              .codeChallenge(challenge)
              .codeChallengeMethod(CodeChallengeMethod.S256)
              .build());
    }
  }
}

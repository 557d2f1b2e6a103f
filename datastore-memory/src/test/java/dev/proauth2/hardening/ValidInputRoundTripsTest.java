package dev.proauth2.hardening;

import static dev.proauth2.hardening.Cases.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenResponse;
import dev.proauth2.ValidatedAuthorization;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the engine accepts it must give back as it was: an id trimmed, normalised or re-encoded on
 * the way is a different user, client or redirect target. The values come from {@link ValidInputs},
 * at the edges of what validation lets through.
 */
@DisplayName("input that passes validation round-trips unchanged")
class ValidInputRoundTripsTest {

  private static final int CASES = 100;

  @Test
  @DisplayName(
      "a user id, scope and state come back exactly as sent, from everywhere they are told")
  void grant() {
    Cases.check(
        CASES,
        (gen, input) -> {
          try (Harness h = Engines.open(builder -> builder)) {
            String allowed = gen.chance(0.3) ? null : join(ValidInputs.scopeValues(gen));
            String requested;
            if (allowed == null) {
              requested = null; // a client registered without scope may ask for none
            } else {
              requested = gen.chance(0.3) ? null : join(gen.someOf(List.of(allowed.split(" "))));
            }
            String scope = requested == null ? allowed : requested;
            String userId = ValidInputs.text(gen);
            String state = gen.chance(0.9) ? ValidInputs.state(gen) : null;

            input.add("register a client allowed scope " + quote(allowed));
            ClientRegistration client =
                h.remember(
                    h.oauth.registerApp(
                        RegistrationRequest.builder("round trip")
                            .redirectUri(Harness.REDIRECT)
                            .scope(allowed)
                            .build()));
            assertSameText(allowed, client.scope(), "the registration's scope");

            input.add(
                "authorize user "
                    + quote(userId)
                    + ", scope "
                    + quote(requested)
                    + ", state "
                    + quote(state));
            String verifier = h.newVerifier();
            AuthorizationRequest request =
                AuthorizationRequest.builder()
                    .clientId(client.clientId())
                    .userId(userId)
                    .redirectUri(Harness.REDIRECT)
                    .scope(requested)
                    .state(state)
                    .codeChallenge(Harness.challengeOf(verifier))
                    .codeChallengeMethod(CodeChallengeMethod.S256)
                    .build();
            ValidatedAuthorization checked = h.oauth.checkAuthorization(request);
            assertSameText(scope, checked.scope(), "the scope the user is asked to grant");
            assertSameText(state, checked.state(), "the checked state");
            AuthorizationCode code = h.authorize(request);
            assertSameText(state, code.state(), "the code's state");
            assertSameText(
                state,
                parameter(code.redirectUri(), Harness.REDIRECT, "state").orElse(null),
                "the state in the redirect target");

            input.add("redeem the code");
            TokenResponse tokens = h.exchange(client, code, verifier);
            assertGrant(h, client, userId, scope, tokens);

            input.add("refresh without naming a scope");
            assertGrant(h, client, userId, scope, h.refresh(client, tokens.refreshToken(), null));
          }
        });
  }

  @Test
  @DisplayName(
      "a client's name, scope and redirect URIs come back exactly as registered, and each URI is"
          + " redirected to as given")
  void registration() {
    Cases.check(
        CASES,
        (gen, input) -> {
          try (Harness h = Engines.open(builder -> builder)) {
            String name = ValidInputs.displayName(gen);
            List<String> uris = ValidInputs.redirectUris(gen);
            String scope = gen.chance(0.5) ? null : join(ValidInputs.scopeValues(gen));
            boolean isPublic = gen.chance(0.3);

            StringBuilder step =
                new StringBuilder("register ")
                    .append(isPublic ? "a public" : "a confidential")
                    .append(" client named ")
                    .append(quote(name))
                    .append(", scope ")
                    .append(quote(scope))
                    .append(", redirect URIs");
            uris.forEach(uri -> step.append("\n       ").append(quote(uri)));
            input.add(step.toString());
            RegistrationRequest.Builder request =
                RegistrationRequest.builder(name).scope(scope).authMethod(isPublic ? "none" : null);
            uris.forEach(request::redirectUri);
            ClientRegistration client = h.remember(h.oauth.registerApp(request.build()));
            assertRegistered(name, uris, scope, client);
            assertRegistered(name, uris, scope, h.oauth.findApp(client.clientId()).orElseThrow());

            String used = gen.oneOf(uris);
            String usedVerifier = null;
            AuthorizationCode usedCode = null;
            for (String uri : uris) {
              input.add("authorize with redirect URI " + quote(uri));
              String verifier = h.newVerifier();
              AuthorizationCode code =
                  h.authorize(
                      AuthorizationRequest.builder()
                          .clientId(client.clientId())
                          .userId(Harness.USER)
                          .redirectUri(uri)
                          .codeChallenge(Harness.challengeOf(verifier))
                          .codeChallengeMethod(CodeChallengeMethod.S256)
                          .build());
              String target = code.redirectUri();
              assertTrue(
                  target.startsWith(uri) && "?&".indexOf(target.charAt(uri.length())) >= 0,
                  "the redirect target does not start with the redirect URI as registered");
              assertTrue(
                  parameter(target, uri, "code").isPresent(), "the redirect target has no code");
              if (uri.equals(used)) {
                usedVerifier = verifier;
                usedCode = code;
              }
            }

            input.add("redeem the code issued for " + quote(used));
            TokenResponse tokens =
                h.exchange(client, client.clientSecret(), usedCode.code(), used, usedVerifier);
            assertEquals(client.clientId(), h.oauth.introspect(tokens.accessToken()).clientId());
          }
        });
  }

  private static void assertRegistered(
      String name, List<String> uris, String scope, ClientRegistration client) {
    assertSameText(name, client.name(), "the client's name");
    assertEquals(uris.size(), client.redirectUris().size(), "how many redirect URIs");
    for (int i = 0; i < uris.size(); i++) {
      assertSameText(uris.get(i), client.redirectUris().get(i), "redirect URI " + (i + 1));
    }
    assertSameText(scope, client.scope(), "the client's scope");
  }

  private static void assertGrant(
      Harness h, ClientRegistration client, String userId, String scope, TokenResponse tokens) {
    assertSameText(scope, tokens.scope(), "the token response's scope");
    assertSameText(
        userId, h.oauth.authenticateToken(tokens.accessToken()).userId(), "authenticateToken");
    assertInfo(h.oauth.introspect(tokens.accessToken()), "Bearer", client, userId, scope);
    assertInfo(h.oauth.introspect(tokens.refreshToken()), "refresh_token", client, userId, scope);
  }

  private static void assertInfo(
      TokenInfo info, String type, ClientRegistration client, String userId, String scope) {
    String what =
        "introspection of the " + (type.equals("Bearer") ? "access" : "refresh") + " token";
    assertTrue(info.active(), what + ": inactive");
    assertEquals(type, info.tokenType(), what + ": token type");
    assertEquals(client.clientId(), info.clientId(), what + ": client id");
    assertSameText(userId, info.subject(), what + ": subject");
    assertSameText(scope, info.scope(), what + ": scope");
  }

  /** Compares exactly, and shows both sides escaped, as they may hold any character. */
  private static void assertSameText(String expected, String actual, String what) {
    assertEquals(Cases.escape(expected), Cases.escape(actual), what);
  }

  /** A parameter the engine added to a redirect target after the redirect URI, decoded. */
  private static Optional<String> parameter(String target, String uri, String name) {
    for (String pair : target.substring(uri.length() + 1).split("&")) {
      if (pair.startsWith(name + "=")) {
        return Optional.of(
            URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static String join(List<String> values) {
    return String.join(" ", values);
  }
}

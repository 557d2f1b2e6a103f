package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.ClientRegistration;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A code is single-use (RFC 6749 section 4.1.2) whatever comes at it: other clients, wrong secrets
 * and verifiers, other redirect URIs, replays, the clock running past its expiry. Once it has been
 * redeemed, only its own client's correct replay may revoke what it issued (OAuth 2.1 section
 * 7.5.2).
 */
@DisplayName("a code yields tokens at most once")
class CodeYieldsTokensOnceTest {

  private static final int CASES = 200;
  private static final String ELSEWHERE = "https://elsewhere.example/cb";

  /** Who presents the code, with which secret, verifier and redirect URI, and when. */
  private record Attempt(
      boolean owner, boolean rightSecret, Proof proof, Redirect redirect, long advanceMillis) {

    @Override
    public String toString() {
      return "redeem as "
          + (owner ? "its client" : "another client")
          + (rightSecret ? " with the right credentials" : " with wrong credentials")
          + ", verifier "
          + proof
          + ", redirect URI "
          + redirect
          + (advanceMillis > 0 ? ", " + advanceMillis + " ms later" : "");
    }
  }

  private enum Proof {
    RIGHT,
    WRONG,
    NONE,
    MALFORMED
  }

  private enum Redirect {
    SAME,
    OMITTED,
    OTHER_REGISTERED,
    ELSEWHERE
  }

  /** Where the code stands, as far as a test that sees only answers can tell. */
  private enum State {
    FRESH,
    /** A failed attempt may have used the code up: the engine may burn a code on failure. */
    MAYBE_USED,
    REDEEMED,
    DEAD
  }

  @Test
  @DisplayName("of any sequence of attempts to redeem one code, at most one returns tokens")
  void atMostOnce() {
    Cases.check(CASES, (gen, input) -> run(gen, input, false));
  }

  @Test
  @DisplayName(
      "after a code is redeemed, its client's correct replay revokes the tokens, and a replay that"
          + " cannot act as the client revokes nothing")
  void replays() {
    Cases.check(CASES, (gen, input) -> run(gen, input, true));
  }

  private static void run(Gen gen, Cases.Input input, boolean redeemFirst) {
    long codeTtl = gen.between(1_000L, Duration.ofMinutes(10).toMillis());
    try (Harness h =
        Engines.open(
            builder ->
                builder.codeTtl(Duration.ofMillis(codeTtl)).accessTokenTtl(Duration.ofDays(1)))) {
      int kind = gen.between(0, 2);
      ClientRegistration client = kind == 2 ? h.spa : h.app;
      boolean pkce = kind != 1;
      String verifier = pkce ? h.newVerifier() : null;
      input.add(
          (kind == 2 ? "a public client" : "a confidential client")
              + (pkce ? " with PKCE" : " without PKCE")
              + " gets a code that lives "
              + codeTtl
              + " ms");
      AuthorizationCode code = h.authorize(client, verifier);
      long expiresAt = h.clock.millis() + codeTtl;

      State state = State.FRESH;
      TokenResponse issued = null;
      boolean revoked = false;
      int attempts = gen.between(1, 10);
      for (int i = 0; i < attempts; i++) {
        Attempt attempt =
            i == 0 && redeemFirst
                ? new Attempt(true, true, Proof.RIGHT, Redirect.SAME, 0)
                : attempt(gen, expiresAt - h.clock.millis());
        input.add(attempt.toString());
        h.clock.advanceMillis(attempt.advanceMillis());
        boolean expired = h.clock.millis() >= expiresAt;
        boolean proves = pkce ? attempt.proof() == Proof.RIGHT : attempt.proof() != Proof.WRONG;
        boolean sameRedirect =
            attempt.redirect() == Redirect.SAME || attempt.redirect() == Redirect.OMITTED;
        boolean correct = attempt.owner() && proves && sameRedirect;

        Outcome<TokenResponse> outcome = redeem(h, client, code, verifier, attempt);
        if (!attempt.rightSecret()) {
          assertEquals(Proauth2Exception.INVALID_CLIENT, outcome.error(), "the answer");
        } else if (attempt.proof() == Proof.MALFORMED) {
          assertEquals(Proauth2Exception.INVALID_REQUEST, outcome.error(), "the answer");
        } else if (outcome.value() != null) {
          assertTrue(issued == null, "a second attempt returned tokens");
          assertTrue(
              correct && !expired && (state == State.FRESH || state == State.MAYBE_USED),
              "tokens for an attempt that should have been refused, the code being " + state);
          issued = outcome.value();
          state = State.REDEEMED;
        } else {
          assertEquals(Proauth2Exception.INVALID_GRANT, outcome.error(), "the answer");
          if (state == State.FRESH && correct && !expired) {
            fail("the first correct attempt before expiry was refused");
          }
          if (state == State.REDEEMED && correct) {
            revoked = true;
          } else if (state == State.FRESH || state == State.MAYBE_USED) {
            state = expired || correct ? State.DEAD : State.MAYBE_USED;
          }
        }
        if (issued != null) {
          assertEquals(!revoked, h.alive(issued.accessToken()), "whether the access token works");
          assertEquals(
              !revoked,
              h.oauth.introspect(issued.refreshToken()).active(),
              "whether the refresh token works");
        }
      }
      assertTrue(h.store.storedIn(Table.TOKENS) <= 1, "more than one access token was stored");
      if (redeemFirst) {
        assertTrue(issued != null, "the first, correct attempt returned nothing");
      }
    }
  }

  /** Presents the code as the attempt says. */
  private static Outcome<TokenResponse> redeem(
      Harness h, ClientRegistration owner, AuthorizationCode code, String verifier, Attempt a) {
    ClientRegistration client = a.owner() ? owner : h.other;
    // For a public client, wrong credentials are any secret at all.
    String secret = a.rightSecret() ? client.clientSecret() : h.newVerifier();
    String presented =
        switch (a.proof()) {
          case RIGHT -> verifier;
          case WRONG -> h.newVerifier();
          case NONE -> null;
          case MALFORMED -> "short";
        };
    String redirect =
        switch (a.redirect()) {
          case SAME -> Harness.REDIRECT;
          case OMITTED -> null;
          case OTHER_REGISTERED -> Harness.QUERY_REDIRECT;
          case ELSEWHERE -> ELSEWHERE;
        };
    return Outcome.of(() -> h.exchange(client, secret, code.code(), redirect, presented));
  }

  /** A random attempt; the clock often lands just before, on or just after the code's expiry. */
  private static Attempt attempt(Gen gen, long untilExpiry) {
    long advance =
        switch (gen.between(0, 5)) {
          case 0 -> Math.max(0, untilExpiry - 1);
          case 1 -> Math.max(0, untilExpiry);
          case 2 -> Math.max(0, untilExpiry + 1);
          case 3 -> gen.between(1L, 1_000L);
          default -> 0;
        };
    return new Attempt(
        gen.chance(0.6),
        gen.chance(0.8),
        gen.oneOf(Proof.values()),
        gen.oneOf(Redirect.values()),
        advance);
  }
}

package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A lifetime is a promise to the resource owner: a code, access token or refresh token works
 * strictly before its expiry and never at or after it (a record's {@code expires_at} is the first
 * millisecond it is dead). Lifetimes are drawn anywhere within the builder's bounds, and the clock
 * is stopped on the edges: one millisecond before, exactly at, one after.
 */
@DisplayName("nothing is returned past its expiry")
class NothingPastExpiryTest {

  private static final int CASES = 150;

  @Test
  @DisplayName("introspection tells issue and expiry times in seconds of the engine's clock")
  void introspectionTimes() {
    Cases.check(
        CASES,
        (gen, input) -> {
          long ttl = ttl(gen, Duration.ofHours(24));
          try (Harness h =
              Engines.open(builder -> builder.accessTokenTtl(Duration.ofMillis(ttl)))) {
            long issuedAt = h.clock.millis();
            input.add("an access token that lives " + ttl + " ms, issued at " + issuedAt);
            TokenInfo info = h.oauth.introspect(h.tokens().accessToken());
            assertEquals(issuedAt / 1000, info.issuedAt(), "iat");
            assertEquals((issuedAt + ttl) / 1000, info.expiresAt(), "exp");
          }
        });
  }

  @Test
  @DisplayName("a code is redeemable strictly before its expiry, never at or after it")
  void codes() {
    Cases.check(
        CASES,
        (gen, input) -> {
          long ttl = ttl(gen, Duration.ofMinutes(10));
          try (Harness h = Engines.open(builder -> builder.codeTtl(Duration.ofMillis(ttl)))) {
            List<Long> probes = probes(gen, ttl);
            input.add(probes.size() + " codes that live " + ttl + " ms, redeemed at " + probes);
            List<String> verifiers = new ArrayList<>();
            List<AuthorizationCode> codes = new ArrayList<>();
            for (int i = 0; i < probes.size(); i++) {
              verifiers.add(h.newVerifier());
              codes.add(h.authorize(h.app, verifiers.get(i)));
            }
            long issuedAt = h.clock.millis();
            for (int i = 0; i < probes.size(); i++) {
              long age = moveTo(h, issuedAt, probes.get(i));
              int n = i;
              Outcome<TokenResponse> redemption =
                  Outcome.of(() -> h.exchange(h.app, codes.get(n), verifiers.get(n)));
              if (age < ttl) {
                assertNotNull(redemption.value(), "a code refused " + age + " ms after issue");
              } else {
                assertEquals(
                    Proauth2Exception.INVALID_GRANT,
                    redemption.error(),
                    "a code redeemed " + age + " ms after issue");
              }
            }
          }
        });
  }

  @Test
  @DisplayName("an access token works strictly before its expiry, never at or after it")
  void accessTokens() {
    Cases.check(
        CASES,
        (gen, input) -> {
          long ttl = ttl(gen, Duration.ofDays(1));
          try (Harness h =
              Engines.open(builder -> builder.accessTokenTtl(Duration.ofMillis(ttl)))) {
            List<Long> probes = probes(gen, ttl);
            input.add("an access token that lives " + ttl + " ms, checked at " + probes);
            TokenResponse tokens = h.tokens();
            long issuedAt = h.clock.millis();
            assertEquals(ttl / 1000, tokens.expiresIn(), "expires_in");
            for (long probe : probes) {
              long age = moveTo(h, issuedAt, probe);
              TokenInfo info = h.oauth.introspect(tokens.accessToken());
              if (age < ttl) {
                assertEquals(
                    Harness.USER, h.oauth.authenticateToken(tokens.accessToken()).userId());
                assertEquals((issuedAt + ttl) / 1000, info.expiresAt(), "exp at " + age + " ms");
              } else {
                assertEquals(
                    Proauth2Exception.INVALID_TOKEN,
                    Outcome.of(() -> h.oauth.authenticateToken(tokens.accessToken()).userId())
                        .error(),
                    "an access token checked " + age + " ms after issue");
                assertEquals(TokenInfo.inactive(), info, "introspected " + age + " ms after issue");
              }
            }
          }
        });
  }

  @Test
  @DisplayName(
      "a refresh token works strictly before its grant's expiry, never at or after it, however"
          + " often it was rotated")
  void refreshTokens() {
    Cases.check(
        CASES,
        (gen, input) -> {
          long ttl = ttl(gen, Duration.ofDays(365));
          try (Harness h =
              Engines.open(builder -> builder.refreshTokenTtl(Duration.ofMillis(ttl)))) {
            List<Long> probes = probes(gen, ttl);
            input.add("a refresh token that lives " + ttl + " ms, refreshed at " + probes);
            String current = h.tokens().refreshToken();
            long issuedAt = h.clock.millis();
            for (long probe : probes) {
              long age = moveTo(h, issuedAt, probe);
              TokenInfo info = h.oauth.introspect(current);
              String presented = current;
              Outcome<TokenResponse> refresh = Outcome.of(() -> h.refresh(h.app, presented, null));
              if (age < ttl) {
                assertEquals((issuedAt + ttl) / 1000, info.expiresAt(), "exp at " + age + " ms");
                assertNotNull(refresh.value(), "a refresh refused " + age + " ms after issue");
                current = refresh.value().refreshToken();
              } else {
                assertEquals(TokenInfo.inactive(), info, "introspected " + age + " ms after issue");
                assertEquals(
                    Proauth2Exception.INVALID_GRANT,
                    refresh.error(),
                    "a refresh " + age + " ms after issue");
              }
            }
          }
        });
  }

  /** A lifetime within the builder's bounds: often exactly 1 s or the maximum, else anything. */
  private static long ttl(Gen gen, Duration max) {
    return switch (gen.between(0, 4)) {
      case 0 -> 1_000L;
      case 1 -> max.toMillis();
      case 2 -> gen.between(1_000L, 10_000L);
      default -> gen.between(1_000L, max.toMillis());
    };
  }

  /**
   * Ages to look at, ascending: some of one before, at and one after expiry, a time well before and
   * one well after.
   */
  private static List<Long> probes(Gen gen, long ttl) {
    TreeSet<Long> ages = new TreeSet<>();
    while (ages.isEmpty()) {
      if (gen.chance(0.5)) {
        ages.add(gen.between(0L, ttl - 2));
      }
      for (long edge : new long[] {ttl - 1, ttl, ttl + 1}) {
        if (gen.chance(0.6)) {
          ages.add(edge);
        }
      }
      if (gen.chance(0.4)) {
        ages.add(ttl + gen.between(2L, ttl));
      }
    }
    return new ArrayList<>(ages);
  }

  /** Moves the clock forward to {@code age} ms after {@code issuedAt}; returns the age. */
  private static long moveTo(Harness h, long issuedAt, long age) {
    h.clock.advanceMillis(issuedAt + age - h.clock.millis());
    return age;
  }
}

package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rotation is what makes a stolen refresh token detectable (RFC 9700 section 4.14.2): if a grant
 * ever had two usable refresh tokens, the thief's and the client's could both go on working. So
 * after every step of a random sequence the store holds at most one live refresh token for the
 * family, and presenting a rotated one ends the family.
 */
@DisplayName("a refresh family has at most one live refresh token")
class OneLiveRefreshTokenTest {

  private static final int CASES = 200;
  private static final List<String> GRANTED = List.of("read", "write");

  /** The steps a sequence is made of. */
  private enum Step {
    REFRESH,
    REFRESH_NARROWER,
    REFRESH_WIDER,
    REUSE_ROTATED,
    OTHER_CLIENT,
    WRONG_SECRET,
    REVOKE_ACCESS,
    REVOKE_REFRESH,
    REVOKE_USER,
    CLOCK
  }

  @Test
  @DisplayName(
      "after every step of refreshes, narrowed scopes (which never narrow the grant), reuse,"
          + " revocations and clock moves, at most one live refresh token; reuse of a rotated one"
          + " kills the family")
  void atMostOneLive() {
    Cases.check(CASES, (gen, input) -> new Sequence(gen, input).run());
  }

  /** One random sequence on one grant, with what the test expects of it. */
  private static final class Sequence {

    private final Gen gen;
    private final Cases.Input input;
    private final long ttl;
    private final List<String> rotated = new ArrayList<>();
    private final List<String> accessTokens = new ArrayList<>();
    private final Set<String> revokedAccess = new LinkedHashSet<>();
    private Harness h;
    private String family;
    private long familyEnd;
    private String current;
    private final List<String> scope = GRANTED;
    private boolean familyAlive = true;
    private boolean accessKilled;
    private boolean accessKnown = true;

    Sequence(Gen gen, Cases.Input input) {
      this.gen = gen;
      this.input = input;
      this.ttl = gen.between(1_000L, Duration.ofMinutes(10).toMillis());
    }

    void run() {
      try (Harness harness =
          Engines.open(
              builder ->
                  builder
                      .refreshTokenTtl(Duration.ofMillis(ttl))
                      .accessTokenTtl(Duration.ofDays(1)))) {
        h = harness;
        input.add("a grant of scope 'read write' whose refresh tokens live " + ttl + " ms");
        String verifier = h.newVerifier();
        AuthorizationCode code =
            h.authorize(h.request(h.app, verifier).scope("read write").build());
        TokenResponse first = h.exchange(h.app, code, verifier);
        family = SecretHashes.sha256(code.code());
        familyEnd = h.clock.millis() + ttl;
        current = first.refreshToken();
        accessTokens.add(first.accessToken());
        assertInvariant();
        int steps = gen.between(3, 15);
        for (int i = 0; i < steps; i++) {
          step(gen.oneOf(Step.values()));
          assertInvariant();
        }
      }
    }

    private void step(Step step) {
      boolean expired = h.clock.millis() >= familyEnd;
      boolean usable = familyAlive && !expired;
      switch (step) {
        case REFRESH, REFRESH_NARROWER -> {
          List<String> asked = step == Step.REFRESH ? null : gen.someOf(scope);
          input.add("refresh with the current token, scope " + asked);
          Outcome<TokenResponse> outcome = Outcome.of(() -> h.refresh(h.app, current, join(asked)));
          if (usable) {
            assertEquals(null, outcome.error(), "the error of a refresh of a live family");
            // A narrower refresh narrows this access token only; the grant keeps its scope.
            assertEquals(
                join(asked == null ? scope : asked),
                outcome.value().scope(),
                "the refreshed scope");
            rotated.add(current);
            current = outcome.value().refreshToken();
            accessTokens.add(outcome.value().accessToken());
          } else {
            assertEquals(Proauth2Exception.INVALID_GRANT, outcome.error());
          }
        }
        case REFRESH_WIDER -> {
          List<String> missing = new ArrayList<>(List.of("admin"));
          GRANTED.stream().filter(value -> !scope.contains(value)).forEach(missing::add);
          List<String> asked = new ArrayList<>(scope);
          asked.add(gen.oneOf(missing));
          input.add("refresh with the current token, wider scope " + asked);
          assertEquals(
              usable ? Proauth2Exception.INVALID_SCOPE : Proauth2Exception.INVALID_GRANT,
              Outcome.of(() -> h.refresh(h.app, current, join(asked))).error());
        }
        case REUSE_ROTATED -> {
          if (rotated.isEmpty()) {
            return;
          }
          int which = gen.between(0, rotated.size() - 1);
          input.add("refresh with rotated token " + (which + 1) + " of " + rotated.size());
          assertEquals(
              Proauth2Exception.INVALID_GRANT,
              Outcome.of(() -> h.refresh(h.app, rotated.get(which), null)).error());
          if (familyAlive && expired) {
            // Whether an expired family's access tokens go too is not this test's business.
            accessKnown = false;
          }
          familyAlive = false;
          accessKilled = true;
        }
        case OTHER_CLIENT -> {
          boolean old = !rotated.isEmpty() && gen.chance(0.5);
          String token = old ? gen.oneOf(rotated) : current;
          input.add("another client presents " + (old ? "a rotated" : "the current") + " token");
          assertEquals(
              Proauth2Exception.INVALID_GRANT,
              Outcome.of(() -> h.refresh(h.other, token, null)).error());
        }
        case WRONG_SECRET -> {
          boolean old = !rotated.isEmpty() && gen.chance(0.5);
          String token = old ? gen.oneOf(rotated) : current;
          input.add(
              "the client presents "
                  + (old ? "a rotated" : "the current")
                  + " token, wrong secret");
          String wrong = h.newVerifier();
          assertEquals(
              Proauth2Exception.INVALID_CLIENT,
              Outcome.of(
                      () ->
                          h.oauth.requestAccessToken(
                              TokenRequest.refreshToken(h.app.clientId(), wrong, token, null)))
                  .error());
        }
        case REVOKE_ACCESS -> {
          int which = gen.between(0, accessTokens.size() - 1);
          input.add("revoke access token " + (which + 1) + " of " + accessTokens.size());
          h.oauth.revokeToken(accessTokens.get(which));
          revokedAccess.add(accessTokens.get(which));
        }
        case REVOKE_REFRESH -> {
          boolean byClient = gen.chance(0.5);
          String hint = byClient ? gen.oneOf("refresh_token", "access_token", null) : null;
          input.add(
              "revoke the current refresh token"
                  + (byClient ? " as the client, hint " + hint : " as the host"));
          if (byClient) {
            h.oauth.revokeToken(
                new ClientCredentials(
                    "client_secret_basic", h.app.clientId(), h.app.clientSecret()),
                current,
                hint);
          } else {
            h.oauth.revokeToken(current);
          }
          if (!expired) {
            familyAlive = false;
            accessKilled = true;
          }
        }
        case REVOKE_USER -> {
          input.add("revoke everything of the user");
          h.oauth.revokeAll(Harness.USER);
          familyAlive = false;
          accessKilled = true;
        }
        case CLOCK -> {
          long untilEnd = familyEnd - h.clock.millis();
          long advance =
              switch (gen.between(0, 3)) {
                case 0 -> Math.max(0, untilEnd - 1);
                case 1 -> Math.max(0, untilEnd);
                case 2 -> Math.max(0, untilEnd + 1);
                default -> gen.between(1L, ttl / 4);
              };
          input.add("the clock moves " + advance + " ms");
          h.clock.advanceMillis(advance);
        }
      }
    }

    /**
     * At most one live refresh token in the store, and in the engine's eyes; exactly as many as
     * expected.
     */
    private void assertInvariant() {
      int expected = familyAlive && h.clock.millis() < familyEnd ? 1 : 0;
      int stored = liveInStore();
      assertTrue(stored <= 1, stored + " live refresh tokens of the family in the store");
      assertEquals(expected, stored, "live refresh tokens of the family in the store");
      List<String> presented = new ArrayList<>(rotated);
      presented.add(current);
      long active = presented.stream().filter(t -> h.oauth.introspect(t).active()).count();
      assertTrue(active <= 1, active + " refresh tokens of the family introspect as active");
      assertEquals(expected, active, "refresh tokens of the family that introspect as active");
      if (accessKnown) {
        for (int i = 0; i < accessTokens.size(); i++) {
          String access = accessTokens.get(i);
          assertEquals(
              !accessKilled && !revokedAccess.contains(access),
              h.alive(access),
              "whether access token " + (i + 1) + " of " + accessTokens.size() + " works");
        }
      }
    }

    /**
     * The family's refresh tokens the store holds unrotated and unexpired, by the engine's clock.
     */
    private int liveInStore() {
      Set<Object> hashes = new LinkedHashSet<>();
      for (ObservedStore.Write write : h.store.written()) {
        if (write.table() == Table.REFRESH_TOKENS
            && family.equals(write.record().fields().get(Table.FAMILY))) {
          hashes.add(write.record().fields().get(Table.TOKEN_HASH));
        }
      }
      long now = h.clock.millis();
      int live = 0;
      for (Object hash : hashes) {
        Record record =
            h.store
                .fetch(Table.REFRESH_TOKENS, (String) hash)
                .filter(found -> family.equals(found.string(Table.FAMILY).orElse(null)))
                .orElse(null);
        if (record != null && !record.has(Table.ROTATED_AT) && !record.isExpired(now)) {
          live++;
        }
      }
      return live;
    }
  }

  private static String join(List<String> scope) {
    return scope == null ? null : String.join(" ", scope);
  }
}

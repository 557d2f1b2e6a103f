package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.Proauth2;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Exactly once, under contention: {@value #THREADS} threads released at the same moment on one code
 * or one refresh token, {@link Proauth2Contract#raceRounds()} rounds in a row. What decides the
 * winner is the store's atomic {@code put}, so this is where a store that is not atomic shows. The
 * races run on an engine directly on the store, with no recording in between to slow them.
 */
abstract class RacesContract extends EngineFixture {

  /** How many threads race in each round. */
  static final int THREADS = 64;

  private ExecutorService threads;
  private Proauth2 racer;

  RacesContract(Proauth2Contract contract) {
    super(contract);
  }

  @BeforeEach
  final void startThreads() {
    threads = Executors.newFixedThreadPool(THREADS);
    racer = bareEngine();
  }

  @AfterEach
  final void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertTrue(threads.awaitTermination(1, TimeUnit.MINUTES), "the racing threads stopped");
    racer.close();
  }

  /** One round of a race: returns what went wrong, or {@code null} when nothing did. */
  private interface Round {
    String run(int round) throws Exception;
  }

  /** Runs {@link #raceRounds()} rounds and fails with every round that went wrong. */
  private void everyRound(Round race) {
    int rounds = raceRounds();
    List<String> wrong = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      String problem;
      try {
        problem = race.run(round);
      } catch (Exception e) {
        throw new AssertionError("round " + round + " of " + rounds + " failed: " + e, e);
      }
      if (problem != null) {
        wrong.add("round " + round + ": " + problem);
      }
    }
    assertTrue(
        wrong.isEmpty(),
        () ->
            wrong.size()
                + " of "
                + rounds
                + " rounds went wrong; the first: "
                + wrong.subList(0, Math.min(10, wrong.size())));
  }

  /**
   * Gives each thread its call, releases them all at once, and returns the tokens the calls
   * returned. A call refused as {@code invalid_grant} lost the race; any other failure fails it.
   */
  private List<TokenResponse> race(IntFunction<Callable<TokenResponse>> callOfThread)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<TokenResponse>> calls = new ArrayList<>(THREADS);
    for (int thread = 0; thread < THREADS; thread++) {
      Callable<TokenResponse> call = callOfThread.apply(thread);
      calls.add(
          threads.submit(
              () -> {
                ready.countDown();
                go.await();
                try {
                  return call.call();
                } catch (Proauth2Exception refused) {
                  if (refused.error().equals(Proauth2Exception.INVALID_GRANT)) {
                    return null;
                  }
                  throw refused;
                }
              }));
    }
    assertTrue(ready.await(1, TimeUnit.MINUTES), "every thread got ready");
    go.countDown();
    List<TokenResponse> issued = new ArrayList<>();
    for (Future<TokenResponse> call : calls) {
      TokenResponse tokens = call.get(1, TimeUnit.MINUTES);
      if (tokens != null) {
        issued.add(tokens);
      }
    }
    return issued;
  }

  /**
   * Holds the revoking thread back a little longer each round, from nothing to a millisecond in
   * steps of 10 microseconds and over again, so that across the rounds the revocation lands at
   * every step of an issuance.
   */
  private static void pause(int round) {
    long until = System.nanoTime() + (round % 101) * 10_000L;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  private TokenResponse newGrant(String userId) {
    String verifier = newVerifier();
    AuthorizationCode code = authorize(racer, app, userId, verifier, "read");
    return racer.requestAccessToken(redeeming(code, verifier));
  }

  /** Why tokens that should be dead are not, or {@code null} when all are. */
  private String stillUsable(List<TokenResponse> issued) {
    for (TokenResponse tokens : issued) {
      if (racer.introspect(tokens.accessToken()).active()) {
        return "an access token issued during the revocation is still active";
      }
      if (racer.introspect(tokens.refreshToken()).active()) {
        return "a refresh token issued during the revocation is still active";
      }
    }
    return null;
  }

  @Test
  @DisplayName("a code redeemed by 64 threads at once yields tokens to exactly one of them")
  void codeRedeemedOnce() {
    everyRound(
        round -> {
          String verifier = newVerifier();
          AuthorizationCode code = authorize(racer, app, USER, verifier, "read");
          TokenRequest redeem = redeeming(code, verifier);
          List<TokenResponse> issued = race(thread -> () -> racer.requestAccessToken(redeem));
          return issued.size() == 1 ? null : issued.size() + " threads got tokens";
        });
  }

  @Test
  @DisplayName(
      "a refresh token used by 64 threads at once yields new tokens to exactly one of them")
  void refreshedOnce() {
    everyRound(
        round -> {
          TokenRequest refresh = refreshing(newGrant(USER).refreshToken());
          List<TokenResponse> issued = race(thread -> () -> racer.requestAccessToken(refresh));
          return issued.size() == 1 ? null : issued.size() + " threads got tokens";
        });
  }

  @Test
  @DisplayName(
      "a grant revoked while 63 threads use its refresh token leaves no usable token, and never"
          + " two winners")
  void refreshRacingRevocation() {
    everyRound(
        round -> {
          TokenResponse grant = newGrant(USER);
          TokenRequest refresh = refreshing(grant.refreshToken());
          List<TokenResponse> issued =
              race(
                  thread ->
                      thread == 0
                          ? () -> {
                            pause(round);
                            racer.revokeToken(grant.refreshToken());
                            return null;
                          }
                          : () -> racer.requestAccessToken(refresh));
          if (issued.size() > 1) {
            return issued.size() + " threads got tokens";
          }
          if (racer.introspect(grant.accessToken()).active()) {
            return "the grant's access token outlived the revocation";
          }
          return stillUsable(issued);
        });
  }

  @Test
  @DisplayName(
      "a user signed out while 63 threads redeem the user's code leaves no usable token, and"
          + " never two winners")
  void redemptionRacingRevokeAll() {
    everyRound(
        round -> {
          String user = "racer-" + round;
          String verifier = newVerifier();
          AuthorizationCode code = authorize(racer, app, user, verifier, "read");
          TokenRequest redeem = redeeming(code, verifier);
          List<TokenResponse> issued =
              race(
                  thread ->
                      thread == 0
                          ? () -> {
                            pause(round);
                            racer.revokeAll(user);
                            return null;
                          }
                          : () -> racer.requestAccessToken(redeem));
          if (issued.size() > 1) {
            return issued.size() + " threads got tokens";
          }
          return stillUsable(issued);
        });
  }
}

package dev.proauth2.testkit;

import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The OAuth engine {@link Proauth2} run on your store: every behaviour of the engine that depends
 * on what the store does. Extend it and implement {@link #newStore()}, as for {@link
 * DataStoreContract}:
 *
 * <pre>{@code
 * class MyStoreProauth2Test extends Proauth2Contract {
 *   @Override
 *   protected DataStore newStore() {
 *     return DataStores.open("mystore://localhost/test-" + UUID.randomUUID());
 *   }
 * }
 * }</pre>
 *
 * <p>Then run it with JUnit 5, with {@code dev.proauth2:authmethod-basic} on the test class path:
 * the sample clients authenticate with {@code client_secret_basic}. Each test gets a fresh store
 * and closes it afterwards. The concerns, each a {@code @Nested} group:
 *
 * <ul>
 *   <li>the flows: the code flow with PKCE, refresh rotation, client credentials, a public client,
 *       introspection, a rotated secret, revocation by the token's owner;
 *   <li>a replayed code or reused refresh token revokes its grant;
 *   <li>revocation reaches every token of a grant, a user or a deleted client;
 *   <li>codes, tokens and clients registered with a lifetime expire with it, by the engine's clock;
 *   <li>exactly once under races: 64 threads on one code or one refresh token, and a revocation
 *       racing the issuance, for {@link #raceRounds()} rounds each;
 *   <li>a store failing midway leaves no live token;
 *   <li>nothing secret is stored in clear.
 * </ul>
 *
 * <p>Rules the engine keeps whatever the store (input checks, refused grants, PKCE methods,
 * redirect URI matching, the failed-authentication limit) are tested in {@code proauth2-core}
 * itself, not here: a failure in this class is about the store.
 */
public abstract class Proauth2Contract {

  /**
   * Returns a fresh, empty store on the wall clock, or an isolated namespace of a shared backend,
   * on every call. The engine runs on its own clock and rechecks expiry itself.
   *
   * @return an open store; the contract closes it
   */
  protected abstract DataStore newStore();

  /**
   * How many rounds each race runs, 1,000 by default, so that a store that is atomic only most of
   * the time is caught. A store whose every call crosses a network may lower it to keep the run
   * short, saying why in its override; each round is 64 concurrent calls.
   *
   * @return a positive number of rounds
   */
  protected int raceRounds() {
    return 1000;
  }

  @Nested
  @DisplayName("the flows")
  class Flows extends FlowsContract {
    Flows() {
      super(Proauth2Contract.this);
    }
  }

  @Nested
  @DisplayName("replay and reuse")
  class Replay extends ReplayContract {
    Replay() {
      super(Proauth2Contract.this);
    }
  }

  @Nested
  @DisplayName("revocation cascades")
  class Revocation extends RevocationContract {
    Revocation() {
      super(Proauth2Contract.this);
    }
  }

  @Nested
  @DisplayName("expiry")
  class Expiry extends ExpiryContract {
    Expiry() {
      super(Proauth2Contract.this);
    }
  }

  @Nested
  @DisplayName("exactly once, under races")
  class Races extends RacesContract {
    Races() {
      super(Proauth2Contract.this);
    }
  }

  @Nested
  @DisplayName("store failures midway")
  class StoreFailures extends StoreFailuresContract {
    StoreFailures() {
      super(Proauth2Contract.this);
    }
  }

  @Nested
  @DisplayName("secrets at rest")
  class SecretsAtRest extends SecretsAtRestContract {
    SecretsAtRest() {
      super(Proauth2Contract.this);
    }
  }
}

package dev.proauth2.micrometer;

import com.google.auto.service.AutoService;
import dev.proauth2.spi.OperationTiming;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Listener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records what the engine did as Micrometer meters: a counter per event, and a timer per engine
 * operation. Tags are few and bounded (grant type, token type, reason, outcome): never a client or
 * user id, so the number of series does not grow with the number of clients.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>tags</th><th>counts</th></tr>
 *   <tr><td>{@code proauth2.clients.registered}, {@code .secret.rotated}, {@code .deleted}</td>
 *       <td></td><td>client changes</td></tr>
 *   <tr><td>{@code proauth2.codes.issued}</td><td></td><td>authorization codes</td></tr>
 *   <tr><td>{@code proauth2.tokens.issued}</td><td>{@code grant}</td><td>token responses</td></tr>
 *   <tr><td>{@code proauth2.refresh.rotated}</td><td></td><td>refresh rotations</td></tr>
 *   <tr><td>{@code proauth2.refresh.reuse}</td><td></td><td>reused refresh tokens (grant
 *       revoked)</td></tr>
 *   <tr><td>{@code proauth2.codes.replayed}</td><td></td><td>replayed codes (tokens revoked)</td></tr>
 *   <tr><td>{@code proauth2.tokens.revoked}</td><td>{@code token_type}, {@code by}
 *       ({@code client}, {@code host})</td><td>revocations</td></tr>
 *   <tr><td>{@code proauth2.users.signed.out}</td><td></td><td>sign-outs everywhere</td></tr>
 *   <tr><td>{@code proauth2.client.authentication.failures}</td><td>{@code method}, {@code
 *       reason}</td><td>failed client authentications</td></tr>
 *   <tr><td>{@code proauth2.client.lockouts}</td><td></td><td>clients locked out from a
 *       source</td></tr>
 *   <tr><td>{@code proauth2.store.unavailable}</td><td>{@code operation}</td><td>operations the
 *       store failed</td></tr>
 *   <tr><td>{@code proauth2.operations} (timer)</td><td>{@code operation}, {@code grant}, {@code
 *       outcome}</td><td>every engine operation and its time</td></tr>
 * </table>
 */
@AutoService(Proauth2Listener.class)
public final class MicrometerListener implements Proauth2Listener {

  private final MeterRegistry registry;
  private final Counter clientsRegistered;
  private final Counter secretsRotated;
  private final Counter clientsDeleted;
  private final Counter codesIssued;
  private final Counter refreshRotated;
  private final Counter refreshReuse;
  private final Counter codeReplays;
  private final Counter signOuts;
  private final Counter lockouts;
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  /** Records on Micrometer's global registry; the constructor {@code ServiceLoader} calls. */
  public MicrometerListener() {
    this(Metrics.globalRegistry);
  }

  /** Records on the given registry. */
  public MicrometerListener(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    clientsRegistered = counter("proauth2.clients.registered", "clients registered");
    secretsRotated = counter("proauth2.clients.secret.rotated", "client secrets rotated");
    clientsDeleted = counter("proauth2.clients.deleted", "clients deleted");
    codesIssued = counter("proauth2.codes.issued", "authorization codes issued");
    refreshRotated = counter("proauth2.refresh.rotated", "refresh tokens rotated");
    refreshReuse =
        counter("proauth2.refresh.reuse", "rotated refresh tokens presented again; grant revoked");
    codeReplays =
        counter("proauth2.codes.replayed", "redeemed codes presented again; tokens revoked");
    signOuts = counter("proauth2.users.signed.out", "users signed out everywhere");
    lockouts = counter("proauth2.client.lockouts", "clients locked out from a source");
  }

  @Override
  public void onEvent(Proauth2Event event) {
    if (event instanceof Proauth2Event.TokensIssued issued) {
      Counter.builder("proauth2.tokens.issued")
          .description("token responses, by grant type")
          .tag("grant", issued.grantType())
          .register(registry)
          .increment();
    } else if (event instanceof Proauth2Event.TokenRevoked revoked) {
      Counter.builder("proauth2.tokens.revoked")
          .description("tokens revoked, by type and by whom")
          .tag("token_type", revoked.tokenType())
          .tag("by", revoked.revokedBy() == null ? "host" : "client")
          .register(registry)
          .increment();
    } else if (event instanceof Proauth2Event.ClientAuthenticationFailed failed) {
      Counter.builder("proauth2.client.authentication.failures")
          .description("failed client authentications, by method and reason")
          .tag("method", failed.method())
          .tag("reason", failed.reason())
          .register(registry)
          .increment();
    } else if (event instanceof Proauth2Event.StoreUnavailable unavailable) {
      Counter.builder("proauth2.store.unavailable")
          .description("engine operations the store failed")
          .tag("operation", unavailable.operation())
          .register(registry)
          .increment();
    } else {
      untagged(event).increment();
    }
  }

  /** The counter of an event that has no tags. */
  private Counter untagged(Proauth2Event event) {
    if (event instanceof Proauth2Event.ClientRegistered) {
      return clientsRegistered;
    } else if (event instanceof Proauth2Event.ClientSecretRotated) {
      return secretsRotated;
    } else if (event instanceof Proauth2Event.ClientDeleted) {
      return clientsDeleted;
    } else if (event instanceof Proauth2Event.CodeIssued) {
      return codesIssued;
    } else if (event instanceof Proauth2Event.RefreshRotated) {
      return refreshRotated;
    } else if (event instanceof Proauth2Event.RefreshReuseDetected) {
      return refreshReuse;
    } else if (event instanceof Proauth2Event.CodeReplayDetected) {
      return codeReplays;
    } else if (event instanceof Proauth2Event.UserSignedOut) {
      return signOuts;
    } else if (event instanceof Proauth2Event.ClientLockedOut) {
      return lockouts;
    }
    // A newer engine's event this version does not know: counted by its type, not lost.
    return Counter.builder("proauth2.events.other")
        .description("events this listener version has no meter for")
        .tag("type", event.type())
        .register(registry);
  }

  @Override
  public boolean timesOperations() {
    return true;
  }

  @Override
  public void onOperation(OperationTiming timing) {
    timers
        .computeIfAbsent(
            new TimerKey(timing.operation(), timing.grantType(), timing.outcome()), this::timer)
        .record(timing.nanos(), TimeUnit.NANOSECONDS);
  }

  /** The tags of one timer; its meter is looked up once, then kept. */
  private record TimerKey(String operation, String grantType, String outcome) {}

  private Timer timer(TimerKey key) {
    return Timer.builder("proauth2.operations")
        .description("engine operations, by operation, grant type and outcome")
        .tag("operation", key.operation())
        .tag("grant", key.grantType() == null ? "none" : key.grantType())
        .tag("outcome", key.outcome())
        .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }
}

package dev.proauth2.micrometer;

import com.google.auto.service.AutoService;
import dev.proauth2.micrometer.Instrument.Series;
import dev.proauth2.spi.OperationTiming;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Listener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records what the engine did as Micrometer meters, as a {@link MeterBinder}: a counter per kind of
 * event and a timer per engine operation, with the common tags given at construction. Tag values
 * are few and fixed (grant type, token type, reason, outcome): never a client id, user id, address
 * or URL, so the number of series does not grow with the number of clients.
 *
 * <p>Adding the jar is enough: {@link java.util.ServiceLoader} makes one with the no-argument
 * constructor for every engine, nobody binds it, and a listener never bound records on {@link
 * Metrics#globalRegistry} (where Spring Boot and most frameworks add their registry). A host with a
 * registry of its own binds its own instance, as it binds Micrometer's binders, and hands it to the
 * engine instead of the discovered one:
 *
 * <pre>{@code
 * MicrometerListener metrics = new MicrometerListener(Tags.of("application", "my-app"));
 * metrics.bindTo(registry);
 * Proauth2 oauth = Proauth2.builder()
 *         .dataStore("memory:")
 *         .discoverListeners(false)     // else the discovered one records on the global registry too
 *         .listener(metrics)
 *         .build();
 * }</pre>
 *
 * <p>Once bound it records on the registries it is bound to, and no longer on the global one;
 * binding one registry twice binds it once. Every meter is registered with Micrometer once and then
 * kept (see {@code README.md} for the table of meters, their tags and their meaning):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code proauth2.clients.registered}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.clients.secrets.rotated}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.clients.keys.rotated}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.clients.deleted}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.clients.authentications.failed}</td><td>counter</td>
 *       <td>{@code auth.method}, {@code reason}</td></tr>
 *   <tr><td>{@code proauth2.clients.metadata.documents.refused}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.clients.locked.out}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.codes.issued}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.codes.replayed}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.tokens.issued}</td><td>counter</td><td>{@code grant.type}</td></tr>
 *   <tr><td>{@code proauth2.tokens.revoked}</td><td>counter</td>
 *       <td>{@code token.type}, {@code revoked.by}</td></tr>
 *   <tr><td>{@code proauth2.refresh.tokens.rotated}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.refresh.tokens.reused}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.users.signed.out}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code proauth2.store.unavailable}</td><td>counter</td><td>{@code operation}</td></tr>
 *   <tr><td>{@code proauth2.outbound.fetches.failed}</td><td>counter</td><td>{@code reason}</td></tr>
 *   <tr><td>{@code proauth2.operations}</td><td>timer</td>
 *       <td>{@code operation}, {@code grant.type}, {@code outcome}</td></tr>
 * </table>
 */
@AutoService(Proauth2Listener.class)
public final class MicrometerListener implements Proauth2Listener, MeterBinder {

  private final Tags commonTags;
  private final Object binding = new Object();

  /** The registries bound, each with its meters; replaced whole by {@link #bindTo}. */
  private volatile List<RegistryMeters> bound = List.of();

  /** The global registry's meters, made on the first record of a listener never bound. */
  private volatile List<RegistryMeters> unbound;

  /** With no common tags; the constructor {@code ServiceLoader} calls. */
  public MicrometerListener() {
    this(Tags.empty());
  }

  /** With common tags on every meter, such as {@code Tags.of("application", "my-app")}. */
  public MicrometerListener(Iterable<Tag> tags) {
    this.commonTags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Registers the meters on {@code registry} (the untagged counters at once, the others on first
   * use) and records there from now on, instead of on the global registry.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (binding) {
      for (RegistryMeters meters : bound) {
        if (meters.registry() == registry) {
          return;
        }
      }
      List<RegistryMeters> more = new ArrayList<>(bound);
      more.add(new RegistryMeters(registry, commonTags));
      bound = List.copyOf(more);
    }
  }

  @Override
  public void onEvent(Proauth2Event event) {
    Series series = series(event);
    for (RegistryMeters meters : registries()) {
      meters.count(series);
    }
  }

  @Override
  public boolean timesOperations() {
    return true;
  }

  @Override
  public void onOperation(OperationTiming timing) {
    Series series =
        Instrument.OPERATIONS.series(
            timing.operation(),
            timing.grantType() == null ? "none" : timing.grantType(),
            timing.outcome());
    for (RegistryMeters meters : registries()) {
      meters.time(series, timing.nanos());
    }
  }

  /** Where to record: the registries bound, or the global one while there are none. */
  private List<RegistryMeters> registries() {
    List<RegistryMeters> registries = bound;
    if (!registries.isEmpty()) {
      return registries;
    }
    registries = unbound;
    if (registries == null) {
      synchronized (binding) {
        if (unbound == null) {
          unbound = List.of(new RegistryMeters(Metrics.globalRegistry, commonTags));
        }
        registries = unbound;
      }
    }
    return registries;
  }

  /**
   * The one series an event counts in: every kind of event has its own meter, and a kind this
   * version does not know is an error (logged and counted by the engine), not a catch-all meter.
   */
  private static Series series(Proauth2Event event) {
    if (event instanceof Proauth2Event.ClientRegistered) {
      return Instrument.CLIENTS_REGISTERED.series();
    } else if (event instanceof Proauth2Event.ClientSecretRotated) {
      return Instrument.CLIENTS_SECRETS_ROTATED.series();
    } else if (event instanceof Proauth2Event.ClientKeysRotated) {
      return Instrument.CLIENTS_KEYS_ROTATED.series();
    } else if (event instanceof Proauth2Event.ClientDeleted) {
      return Instrument.CLIENTS_DELETED.series();
    } else if (event instanceof Proauth2Event.ClientAuthenticationFailed failed) {
      return Instrument.CLIENTS_AUTHENTICATIONS_FAILED.series(failed.method(), failed.reason());
    } else if (event instanceof Proauth2Event.ClientMetadataDocumentRefused) {
      return Instrument.CLIENTS_METADATA_DOCUMENTS_REFUSED.series();
    } else if (event instanceof Proauth2Event.ClientLockedOut) {
      return Instrument.CLIENTS_LOCKED_OUT.series();
    } else if (event instanceof Proauth2Event.CodeIssued) {
      return Instrument.CODES_ISSUED.series();
    } else if (event instanceof Proauth2Event.CodeReplayDetected) {
      return Instrument.CODES_REPLAYED.series();
    } else if (event instanceof Proauth2Event.TokensIssued issued) {
      return Instrument.TOKENS_ISSUED.series(issued.grantType());
    } else if (event instanceof Proauth2Event.TokenRevoked revoked) {
      return Instrument.TOKENS_REVOKED.series(
          revoked.tokenType(), revoked.revokedBy() == null ? "host" : "client");
    } else if (event instanceof Proauth2Event.RefreshRotated) {
      return Instrument.REFRESH_TOKENS_ROTATED.series();
    } else if (event instanceof Proauth2Event.RefreshReuseDetected) {
      return Instrument.REFRESH_TOKENS_REUSED.series();
    } else if (event instanceof Proauth2Event.UserSignedOut) {
      return Instrument.USERS_SIGNED_OUT.series();
    } else if (event instanceof Proauth2Event.StoreUnavailable unavailable) {
      return Instrument.STORE_UNAVAILABLE.series(unavailable.operation());
    } else if (event instanceof Proauth2Event.OutboundFetchFailed failed) {
      return Instrument.OUTBOUND_FETCHES_FAILED.series(failed.reason());
    }
    throw new IllegalArgumentException(
        "no meter for the event "
            + Objects.requireNonNull(event, "event").type()
            + "; use the proauth2-micrometer of the engine's version");
  }
}

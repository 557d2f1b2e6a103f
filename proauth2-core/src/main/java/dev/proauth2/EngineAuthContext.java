package dev.proauth2;

import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.OutboundFetcher;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's side of {@link ClientAuthContext} for one client: its clock, its issuer and token
 * endpoint, and one-time identifiers kept in {@link Table#ONE_TIME_IDS} under the hash of the
 * client id and the identifier, so two clients' identifiers never collide.
 */
final class EngineAuthContext implements ClientAuthContext {

  /** The longest a one-time identifier is kept. */
  static final Duration MAX_ONE_TIME = Duration.ofDays(1);

  private final DataStore store;
  private final Policy policy;
  private final OutboundFetcher fetcher;
  private final String clientId;

  EngineAuthContext(DataStore store, Policy policy, OutboundFetcher fetcher, String clientId) {
    this.store = store;
    this.policy = policy;
    this.fetcher = fetcher;
    this.clientId = clientId;
  }

  @Override
  public Instant now() {
    return policy.instant();
  }

  @Override
  public Optional<String> issuer() {
    return Optional.ofNullable(policy.issuer());
  }

  @Override
  public List<String> audiences() {
    List<String> audiences = new ArrayList<>(2);
    if (policy.issuer() != null) {
      audiences.add(policy.issuer());
    }
    if (policy.tokenEndpoint() != null) {
      audiences.add(policy.tokenEndpoint());
    }
    return audiences;
  }

  @Override
  public OutboundFetcher fetcher() {
    return fetcher;
  }

  @Override
  public boolean firstUse(String id, Instant expiresAt) {
    if (id == null || id.isEmpty() || id.length() > Table.MAX_ID) {
      throw new IllegalArgumentException(
          "a one-time identifier must have 1 to " + Table.MAX_ID + " characters");
    }
    long now = policy.now();
    long until = expiresAt.toEpochMilli();
    if (until <= now) {
      return false;
    }
    if (until > now + MAX_ONE_TIME.toMillis()) {
      throw new IllegalArgumentException(
          "a one-time identifier is kept at most " + MAX_ONE_TIME + "; refuse longer assertions");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.ID_HASH, SecretHashes.sha256(clientId + "\n" + id));
    fields.put(Table.CLIENT_ID, clientId);
    fields.put(Table.ISSUED_AT, now);
    fields.put(Table.EXPIRES_AT, until);
    Record used = Record.of(fields);
    // Of many puts of one new key, exactly one finds it free (the DataStore contract).
    return store.put(Table.ONE_TIME_IDS, used).isEmpty();
  }
}

package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts device authorizations and records the user's decision on them (RFC 8628 sections 3.1 to
 * 3.3); {@link DeviceGrant} answers the device's polls.
 *
 * <p>A start stores a user code record (the polling state) and a device code record, each under a
 * hash. The user's decision first removes the user code, which only one caller can do, and then
 * writes the decision into the device code record; polls never write the device code record before
 * it is decided, so no poll can overwrite a decision.
 *
 * <p>User codes have about 34.6 bits; guessing is bounded by two {@link FailureLimiter}s, per
 * source and over all sources, and a blocked caller is refused even with a right code.
 */
final class DeviceAuthorizations {

  /** What each {@code slow_down} adds to a device's polling interval (RFC 8628 section 3.5). */
  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

  /** How long an expired device code still answers {@code expired_token}. */
  static final Duration EXPIRED_GRACE = Duration.ofMinutes(10);

  static final int GUESSES_PER_SOURCE = 10;
  static final int GUESSES_OVERALL = 1_000;
  static final Duration GUESS_WINDOW = Duration.ofMinutes(10);

  /** Draws of a user code before giving up; a collision is one in 2.5e10 per live code. */
  private static final int DRAWS = 5;

  /** The limiter key for user-code guesses; failures of clients use client ids, never this. */
  private static final String GUESSES = "user_code";

  private static final String OVERALL = "all sources";

  private static final String UNUSABLE =
      "the code is unknown, expired or already used; check the code on the device, or start again"
          + " there";

  private final DataStore store;
  private final Policy policy;
  private final FailureLimiter perSource;
  private final FailureLimiter overall;

  DeviceAuthorizations(DataStore store, Policy policy) {
    this(store, policy, GUESSES_PER_SOURCE, GUESSES_OVERALL);
  }

  DeviceAuthorizations(DataStore store, Policy policy, int perSourceLimit, int overallLimit) {
    this.store = store;
    this.policy = policy;
    this.perSource = new FailureLimiter(perSourceLimit, GUESS_WINDOW, policy);
    this.overall = new FailureLimiter(overallLimit, GUESS_WINDOW, policy);
  }

  /**
   * Starts a device authorization for an authenticated client registered for the device grant.
   *
   * @throws Proauth2Exception {@code unauthorized_client}, {@code invalid_scope}, {@code
   *     invalid_target}
   */
  DeviceAuthorization start(Record client, String scope, List<String> resources) {
    Clients.requireGrant(client, GrantType.DEVICE_CODE);
    String granted = Clients.grantedScope(client, scope);
    String audience =
        Resources.join(
            Resources.audience(
                Resources.check(resources, Proauth2Exception.INVALID_TARGET),
                Resources.allowedFor(client, policy.resources()),
                policy.defaultResource()));
    String clientId = client.string(Table.CLIENT_ID).orElseThrow();
    String deviceCode = Secrets.newSecret();
    String codeHash = SecretHashes.sha256(deviceCode);
    long now = policy.now();
    long codeExpiresAt = now + policy.deviceCodeTtl().toMillis();

    String userCode = null;
    String userCodeHash = null;
    for (int draw = 0; draw < DRAWS && userCode == null; draw++) {
      String candidate = UserCodes.newCode();
      String candidateHash = SecretHashes.sha256(candidate);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put(Table.USER_CODE_HASH, candidateHash);
      fields.put(Table.CODE_HASH, codeHash);
      fields.put(Table.CLIENT_ID, clientId);
      fields.put(Table.POLL_INTERVAL, policy.devicePollingInterval().toMillis());
      fields.put(Table.ISSUED_AT, now);
      fields.put(Table.EXPIRES_AT, codeExpiresAt);
      Optional<Record> replaced = store.put(Table.USER_CODES, Record.of(fields));
      if (replaced.isPresent()) {
        // A live code had this value: give it back to its device and draw again.
        store.put(Table.USER_CODES, replaced.get());
      } else {
        userCode = candidate;
        userCodeHash = candidateHash;
      }
    }
    if (userCode == null) {
      throw new Proauth2Exception(
          Proauth2Exception.TEMPORARILY_UNAVAILABLE,
          "no free user code was found; try again in a moment");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CODE_HASH, codeHash);
    fields.put(Table.CLIENT_ID, clientId);
    fields.put(Table.USER_CODE_HASH, userCodeHash);
    if (granted != null) {
      fields.put(Table.SCOPE, granted);
    }
    if (audience != null) {
      fields.put(Table.RESOURCE, audience);
    }
    fields.put(Table.ISSUED_AT, now);
    fields.put(Table.CODE_EXPIRES_AT, codeExpiresAt);
    fields.put(Table.EXPIRES_AT, codeExpiresAt + EXPIRED_GRACE.toMillis());
    try {
      store.put(Table.DEVICE_CODES, Record.of(fields));
    } catch (RuntimeException e) {
      try {
        store.remove(Table.USER_CODES, userCodeHash);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new DeviceAuthorization(
        deviceCode,
        UserCodes.shown(userCode),
        policy.deviceCodeTtl().toSeconds(),
        policy.devicePollingInterval().toSeconds());
  }

  /**
   * The pending device authorization a user code names, for the verification page.
   *
   * @param source where the user's request came from, or {@code null}; wrong codes are counted per
   *     source and over all sources
   * @throws Proauth2Exception {@code invalid_request} for a malformed code, {@code invalid_grant}
   *     for an unknown, expired or decided one, {@code temporarily_unavailable} when too many wrong
   *     codes came from this source or from all
   */
  DeviceRequest find(String userCode, String source) {
    Pending pending = pending(userCode, source);
    Record device = pending.device();
    String clientId = device.string(Table.CLIENT_ID).orElseThrow();
    String name =
        store
            .fetch(Table.APPLICATIONS, clientId)
            .flatMap(app -> app.string(Table.NAME))
            .orElse(clientId);
    return new DeviceRequest(
        UserCodes.shown(pending.normalised()),
        clientId,
        name,
        device.string(Table.SCOPE).orElse(null),
        Resources.parse(device.string(Table.RESOURCE).orElse(null)));
  }

  /**
   * Records the user's decision: {@code userId} approves, {@code null} denies. Only one decision
   * counts: a second one finds the user code gone.
   *
   * @throws Proauth2Exception as {@link #find}
   */
  void decide(String userCode, String userId, String source) {
    if (userId != null) {
      Inputs.userId(userId);
    }
    Pending pending = pending(userCode, source);
    if (!store.remove(Table.USER_CODES, pending.userCodeHash())) {
      throw unusable();
    }
    Record device = pending.device();
    Record decided =
        userId != null
            ? device.with(Table.USER_ID, userId)
            : device.with(Table.DENIED_AT, policy.now());
    if (store.replace(Table.DEVICE_CODES, decided).isEmpty()) {
      throw unusable();
    }
  }

  private record Pending(String normalised, String userCodeHash, Record device) {}

  private Pending pending(String userCode, String source) {
    String normalised = UserCodes.normalise(userCode);
    if (perSource.blocked(GUESSES, source) || overall.blocked(GUESSES, OVERALL)) {
      long wait =
          Math.max(
              perSource.blocked(GUESSES, source) ? perSource.retryAfterSeconds(GUESSES, source) : 0,
              overall.blocked(GUESSES, OVERALL) ? overall.retryAfterSeconds(GUESSES, OVERALL) : 0);
      throw new Proauth2Exception(
          Proauth2Exception.TEMPORARILY_UNAVAILABLE,
          "too many wrong codes were entered; try again in " + wait + " s");
    }
    String userCodeHash = SecretHashes.sha256(normalised);
    Optional<Record> device =
        store
            .fetch(Table.USER_CODES, userCodeHash)
            .flatMap(code -> store.fetch(Table.DEVICE_CODES, code.string(Table.CODE_HASH).get()))
            .filter(code -> userCodeHash.equals(code.string(Table.USER_CODE_HASH).orElse(null)))
            .filter(DeviceAuthorizations::undecided)
            .filter(code -> code.number(Table.CODE_EXPIRES_AT).orElse(0L) > policy.now());
    if (device.isEmpty()) {
      perSource.failed(GUESSES, source);
      overall.failed(GUESSES, OVERALL);
      throw unusable();
    }
    return new Pending(normalised, userCodeHash, device.get());
  }

  static boolean undecided(Record device) {
    return !device.has(Table.USER_ID)
        && !device.has(Table.DENIED_AT)
        && !device.has(Table.REDEEMED_AT);
  }

  private static Proauth2Exception unusable() {
    return new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE);
  }
}

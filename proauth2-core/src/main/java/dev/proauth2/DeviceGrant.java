package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.Optional;

/**
 * The device grant's token request (RFC 8628 section 3.4): answers a device's poll with {@code
 * authorization_pending}, {@code slow_down}, {@code access_denied} or {@code expired_token} until
 * the user approved, and then with tokens, exactly once.
 *
 * <p>Once approved, the device code is redeemed as a code is: tokens first, then the {@link
 * Tombstone} claim, so of many polls at the same moment one gets the tokens and the others withdraw
 * theirs. A redeemed device code presented again is {@code invalid_grant} and revokes nothing: a
 * device that lost the response may poll once more, and only the device holds the code. The tokens'
 * family is the device code's hash.
 */
final class DeviceGrant {

  private static final String UNUSABLE = "the device code is unknown or already used";

  private final DataStore store;
  private final Tokens tokens;
  private final Policy policy;
  private final Events events;

  DeviceGrant(DataStore store, Tokens tokens, Policy policy, Events events) {
    this.store = store;
    this.tokens = tokens;
    this.policy = policy;
    this.events = events;
  }

  /** A device's poll; {@code jkt} binds the tokens to a DPoP key (RFC 9449), or is {@code null}. */
  TokenResponse poll(Record client, TokenRequest.DeviceCode request, String jkt) {
    String code =
        Inputs.secret(
            request.deviceCode(),
            "device_code",
            Proauth2Exception.INVALID_REQUEST,
            Proauth2Exception.INVALID_GRANT);
    String clientId = client.string(Table.CLIENT_ID).orElseThrow();
    String codeHash = SecretHashes.sha256(code);
    Record device = store.fetch(Table.DEVICE_CODES, codeHash).orElseThrow(DeviceGrant::unusable);
    if (!clientId.equals(device.string(Table.CLIENT_ID).orElse(null))) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_GRANT, "the device code was issued to another client");
    }
    if (device.has(Table.REDEEMED_AT)) {
      throw unusable();
    }
    long now = policy.now();
    if (now >= device.number(Table.CODE_EXPIRES_AT).orElse(0L)) {
      throw new Proauth2Exception(
          Proauth2Exception.EXPIRED_TOKEN,
          "the device code expired before the user approved it; start a new device authorization");
    }
    if (device.has(Table.DENIED_AT)) {
      throw new Proauth2Exception(
          Proauth2Exception.ACCESS_DENIED, "the user denied the device authorization");
    }
    if (!device.has(Table.USER_ID)) {
      throw pending(device, now);
    }
    return redeem(client, device, codeHash, now, jkt);
  }

  /**
   * The answer to a poll before the user decided: {@code slow_down} when it came within the
   * interval since the last one, which grows by 5 seconds; {@code authorization_pending} otherwise.
   * The polling state lives on the user code, which the user's decision removes, so a poll never
   * writes over a decision.
   */
  private Proauth2Exception pending(Record device, long now) {
    Optional<Record> userCode =
        store.fetch(Table.USER_CODES, device.string(Table.USER_CODE_HASH).orElseThrow());
    if (userCode.isEmpty()) {
      // The user is deciding right now; the next poll sees the decision.
      return authorizationPending();
    }
    Record state = userCode.get();
    long interval =
        state.number(Table.POLL_INTERVAL).orElse(policy.devicePollingInterval().toMillis());
    long last = state.number(Table.POLLED_AT).orElse(Long.MIN_VALUE);
    boolean tooSoon = state.has(Table.POLLED_AT) && now - last < interval;
    long next = tooSoon ? interval + DeviceAuthorizations.SLOW_DOWN_STEP.toMillis() : interval;
    store.replace(
        Table.USER_CODES, state.with(Table.POLLED_AT, now).with(Table.POLL_INTERVAL, next));
    if (tooSoon) {
      return new Proauth2Exception(
          Proauth2Exception.SLOW_DOWN,
          "polled too soon; wait at least " + next / 1000 + " s between polls from now on");
    }
    return authorizationPending();
  }

  private TokenResponse redeem(
      Record client, Record device, String codeHash, long now, String jkt) {
    String clientId = client.string(Table.CLIENT_ID).orElseThrow();
    boolean withRefresh = Clients.allowsGrant(client, GrantType.REFRESH_TOKEN);
    long familyEnd =
        now + (withRefresh ? policy.refreshTokenTtl() : policy.longestAccessTokenTtl()).toMillis();
    Record tombstone =
        device.with(Table.REDEEMED_AT, now).with(Table.EXPIRES_AT, Math.max(familyEnd, now + 1));
    String scope = device.string(Table.SCOPE).orElse(null);
    String audience = device.string(Table.RESOURCE).orElse(null);
    Tokens.Grant grant =
        new Tokens.Grant(
            clientId,
            device.string(Table.USER_ID).orElseThrow(),
            scope,
            scope,
            audience,
            audience,
            codeHash,
            familyEnd,
            jkt);
    Tokens.Issued out = tokens.issue(client, grant, withRefresh);
    Tombstone.Claim claim =
        Tombstone.claim(store, Table.DEVICE_CODES, tombstone, Table.REDEEMED_AT, out);
    if (claim != Tombstone.Claim.WON) {
      throw out.withdraw(unusable());
    }
    if (events.enabled()) {
      events.emit(
          new Proauth2Event.TokensIssued(
              policy.instant(),
              clientId,
              grant.userId(),
              Events.grantId(codeHash),
              GrantType.DEVICE_CODE.value()));
    }
    return out.response();
  }

  private static Proauth2Exception authorizationPending() {
    return new Proauth2Exception(
        Proauth2Exception.AUTHORIZATION_PENDING,
        "the user has not decided yet; poll again after the interval");
  }

  private static Proauth2Exception unusable() {
    return new Proauth2Exception(Proauth2Exception.INVALID_GRANT, UNUSABLE);
  }
}

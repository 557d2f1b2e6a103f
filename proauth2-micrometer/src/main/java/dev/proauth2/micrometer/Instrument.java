package dev.proauth2.micrometer;

import java.util.List;

/**
 * The meters proauth2 records, by Micrometer's naming convention (lowercase, dot-separated names
 * and tag keys): one counter per kind of {@link dev.proauth2.spi.Proauth2Event}, and one timer for
 * every engine operation. Each tag has a small, fixed set of values the engine defines.
 */
enum Instrument {
  CLIENTS_REGISTERED("proauth2.clients.registered", "clients registered"),
  CLIENTS_SECRETS_ROTATED(
      "proauth2.clients.secrets.rotated", "client secrets replaced; the old ones stopped working"),
  CLIENTS_KEYS_ROTATED(
      "proauth2.clients.keys.rotated",
      "client public keys or jwks_uri replaced; the old ones stopped working"),
  CLIENTS_DELETED("proauth2.clients.deleted", "clients deleted, with their codes and tokens"),
  CLIENTS_AUTHENTICATIONS_FAILED(
      "proauth2.clients.authentications.failed",
      "failed client authentications, by method and reason",
      "auth.method",
      "reason"),
  CLIENTS_METADATA_DOCUMENTS_REFUSED(
      "proauth2.clients.metadata.documents.refused",
      "Client ID Metadata Documents refused; their clients told only that"),
  CLIENTS_LOCKED_OUT(
      "proauth2.clients.locked.out", "clients locked out from a source by the failure limit"),
  CODES_ISSUED("proauth2.codes.issued", "authorization codes issued after consent"),
  CODES_REPLAYED(
      "proauth2.codes.replayed", "redeemed codes presented again; every token they issued revoked"),
  TOKENS_ISSUED("proauth2.tokens.issued", "token responses, by grant type", "grant.type"),
  TOKENS_REVOKED(
      "proauth2.tokens.revoked", "tokens revoked, by type and by whom", "token.type", "revoked.by"),
  REFRESH_TOKENS_ROTATED(
      "proauth2.refresh.tokens.rotated", "refresh tokens used and replaced by new ones"),
  REFRESH_TOKENS_REUSED(
      "proauth2.refresh.tokens.reused",
      "rotated refresh tokens presented again, maybe stolen; their grant revoked"),
  USERS_SIGNED_OUT("proauth2.users.signed.out", "users signed out everywhere"),
  STORE_UNAVAILABLE(
      "proauth2.store.unavailable",
      "operations refused with temporarily_unavailable because the store failed",
      "operation"),
  OUTBOUND_FETCHES_FAILED(
      "proauth2.outbound.fetches.failed",
      "fetches of URLs clients named that the outbound policy refused or that failed, by reason",
      "reason"),
  OPERATIONS(
      Kind.TIMER,
      "proauth2.operations",
      "engine operations, by operation, grant type and outcome",
      "operation",
      "grant.type",
      "outcome");

  /** What kind of Micrometer meter an instrument is. */
  enum Kind {
    COUNTER,
    TIMER
  }

  final Kind kind;
  final String meterName;
  final String description;
  final List<String> tagKeys;
  private final Series untagged;

  Instrument(String meterName, String description, String... tagKeys) {
    this(Kind.COUNTER, meterName, description, tagKeys);
  }

  Instrument(Kind kind, String meterName, String description, String... tagKeys) {
    this.kind = kind;
    this.meterName = meterName;
    this.description = description;
    this.tagKeys = List.of(tagKeys);
    this.untagged = tagKeys.length == 0 ? new Series(this, List.of()) : null;
  }

  /**
   * The series of this instrument with the given tag values, in the order of its tag keys.
   *
   * @throws IllegalArgumentException when the values do not match the tag keys
   * @throws NullPointerException when a value is {@code null}
   */
  Series series(String... tagValues) {
    if (tagValues.length != tagKeys.size()) {
      throw new IllegalArgumentException(
          meterName + " has the tags " + tagKeys + ", not " + tagValues.length + " values");
    }
    return tagValues.length == 0 ? untagged : new Series(this, List.of(tagValues));
  }

  /**
   * One time series: an instrument and its tag values. The key of the one meter cache, bounded
   * because every tag value comes from a small set the engine defines.
   */
  record Series(Instrument instrument, List<String> tagValues) {}
}

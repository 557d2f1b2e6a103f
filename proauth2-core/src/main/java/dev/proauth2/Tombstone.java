package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.Optional;

/**
 * How a code or a refresh token is used exactly once, with nothing but {@link DataStore#put}: the
 * exchange puts a tombstone over the record and learns from what it replaced whether it won.
 *
 * <p>The tombstone goes in in two steps. First without {@code completed_at}: the exchange is under
 * way, and a repeat that finds it is a concurrent request, refused but not punished, so the one
 * winner is never undone by its own retries. Then, once the tokens are out, with {@code
 * completed_at}: a repeat that finds that is a replay, which revokes the grant. The second put also
 * confirms the grant: a revocation meanwhile removed the tombstone, so the put finds nothing, and
 * the exchange withdraws its tokens.
 */
final class Tombstone {

  /** What putting the first tombstone found. */
  enum Claim {
    /** The live record: this caller won and goes on to issue. */
    WON,
    /** A tombstone of an exchange still under way: a concurrent request, refused. */
    CONCURRENT,
    /** A completed tombstone: a replay, which the caller may answer by revoking the grant. */
    REPLAYED,
    /** Nothing: the record was revoked or expired meanwhile; nothing was written. */
    GONE
  }

  private Tombstone() {}

  /**
   * Replaces the record with the first tombstone.
   *
   * @param marker the field that marks a tombstone of this table ({@code redeemed_at}, {@code
   *     rotated_at}); {@code tombstone} has it set
   */
  static Claim claim(DataStore store, Table table, Record tombstone, String marker) {
    Optional<Record> replaced = store.replace(table, tombstone);
    if (replaced.isEmpty()) {
      return Claim.GONE;
    }
    if (!replaced.get().has(marker)) {
      return Claim.WON;
    }
    if (!replaced.get().has(Table.COMPLETED_AT)) {
      return Claim.CONCURRENT;
    }
    // A completed tombstone must stay completed, so that later replays are caught too.
    store.replace(table, replaced.get());
    return Claim.REPLAYED;
  }

  /**
   * Completes the tombstone after the tokens were stored, and withdraws them if the grant was
   * revoked meanwhile.
   *
   * @throws Proauth2Exception {@code invalid_grant} when the grant was revoked meanwhile
   */
  static TokenResponse complete(
      DataStore store, Table table, Record tombstone, Tokens.Issued issued, long now) {
    Optional<Record> replaced;
    try {
      replaced = store.replace(table, tombstone.with(Table.COMPLETED_AT, now));
    } catch (RuntimeException e) {
      throw issued.withdraw(e);
    }
    if (replaced.isEmpty()) {
      throw issued.withdraw(
          new Proauth2Exception(
              Proauth2Exception.INVALID_GRANT,
              "the grant was revoked while tokens were being issued"));
    }
    return issued.response();
  }
}

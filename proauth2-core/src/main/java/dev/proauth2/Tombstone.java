package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.Optional;

/**
 * How a code or a refresh token is used exactly once, with nothing but {@link DataStore#replace}:
 * the exchange stores its new tokens first, then replaces the record with a tombstone, and learns
 * from what it replaced whether it won.
 *
 * <p>Tokens first, claim last, is what makes a revocation racing the exchange safe without any
 * marker: a revocation removes the code or refresh token (or its tombstone) before its last sweep
 * of access tokens. If it did so before the claim, the claim finds nothing (a replace never
 * creates) and the exchange withdraws its tokens; if after, the tokens were already stored and the
 * sweep removes them. The tokens are never handed out before the claim has won, so tokens a loser
 * stored are unknown to anyone until it withdraws them.
 */
final class Tombstone {

  /** What the claim found. */
  enum Claim {
    /** The live record: this caller won; its tokens stand. */
    WON,
    /** A tombstone: the record was used already, by a concurrent request or an earlier one. */
    USED,
    /** Nothing: the record was revoked or expired meanwhile; nothing was written. */
    GONE
  }

  private Tombstone() {}

  /**
   * Replaces the record with its tombstone, after the exchange stored its tokens. Unless the claim
   * won, the caller withdraws them; if the store fails, they are withdrawn here.
   *
   * @param marker the field that marks a tombstone of this table ({@code redeemed_at}, {@code
   *     rotated_at}); {@code tombstone} has it set
   */
  static Claim claim(
      DataStore store, Table table, Record tombstone, String marker, Tokens.Issued issued) {
    Optional<Record> replaced;
    try {
      replaced = store.replace(table, tombstone);
    } catch (RuntimeException e) {
      throw issued.withdraw(e);
    }
    if (replaced.isEmpty()) {
      return Claim.GONE;
    }
    return replaced.get().has(marker) ? Claim.USED : Claim.WON;
  }
}

package dev.proauth2.datastore.redis;

/**
 * The three Lua scripts the store runs. Each touches one key, so Redis Cluster routes it like any
 * single-key command, and each is atomic where a pair of commands would race. They are sent with
 * {@code EVAL} every time: a few hundred bytes buy independence from the script cache, which a
 * restarted or failed-over node has lost.
 */
final class Scripts {

  private Scripts() {}

  /**
   * Adds a record key to an index and keeps the index bounded: members whose record has expired (by
   * Redis's clock, the one {@code PXAT} used) are dropped, and the index itself expires with its
   * latest member. {@code KEYS[1]} is the index, {@code ARGV[1]} the record key, {@code ARGV[2]}
   * the record's {@code expires_at} in epoch milliseconds, at most 2^53 so that the score, a
   * double, holds it exactly.
   */
  static final String INDEX_ADD =
      String.join(
          "\n",
          "local time = redis.call('TIME')",
          "local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)",
          "redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])",
          "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now))",
          "local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')",
          "if last[2] then",
          "  redis.call('PEXPIREAT', KEYS[1], string.format('%.0f', tonumber(last[2])))",
          "end",
          "return 1");

  /**
   * Replaces a record only if it is there and live by the engine's clock, and answers the value it
   * replaced; writes nothing, and answers nil, when there is no record or it has expired by that
   * clock. Redis drops a record at its {@code PXAT} by its own clock, but the engine's clock may be
   * ahead of Redis's (and at the very millisecond of {@code expires_at} the two disagree: the
   * engine counts it as expired, Redis not yet), so a plain {@code SET XX GET} could write over a
   * record the engine already holds expired, and a replace must write nothing then. {@code KEYS[1]}
   * is the record, {@code ARGV[1]} the new value, {@code ARGV[2]} its {@code PXAT} in epoch
   * milliseconds, or empty for a record that never expires, {@code ARGV[3]} the engine's now in
   * epoch milliseconds. The {@code expires_at} of the stored value is found after a unit separator,
   * which no value contains (see {@link RecordCodec}); a record without one never expires, as
   * {@code Record.isExpired} has it. Lua's numbers are doubles, exact for every millisecond this
   * side of year 287,396, so the comparison is exact where it matters.
   */
  static final String REPLACE_IF_LIVE =
      String.join(
          "\n",
          "local old = redis.call('GET', KEYS[1])",
          "if not old then",
          "  return false",
          "end",
          "local expires = string.match(string.char(31) .. old, '\\31expires_at=(%-?%d+)')",
          "if expires and tonumber(expires) <= tonumber(ARGV[3]) then",
          "  return false",
          "end",
          "if ARGV[2] == '' then",
          "  redis.call('SET', KEYS[1], ARGV[1])",
          "else",
          "  redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])",
          "end",
          "return old");

  /**
   * Deletes a record only if it still holds the value the caller read, so that {@code removeAll}
   * deletes exactly the record it checked, never one put over it meanwhile. {@code KEYS[1]} is the
   * record, {@code ARGV[1]} the value read; returns 1 when it deleted.
   */
  static final String DELETE_IF_UNCHANGED =
      String.join(
          "\n",
          "if redis.call('GET', KEYS[1]) == ARGV[1] then",
          "  return redis.call('DEL', KEYS[1])",
          "end",
          "return 0");
}

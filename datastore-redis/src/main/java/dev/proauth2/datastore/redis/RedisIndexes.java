package dev.proauth2.datastore.redis;

import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The indexes behind {@link RedisDataStore#removeAll}: one sorted set per indexed field value, its
 * members the record keys, each scored by the record's {@code expires_at}. The score is what keeps
 * an index bounded: {@link Scripts#INDEX_ADD} drops the members whose record has expired and lets
 * the set expire with its last member, and a scan skips expired members without reading their
 * records.
 *
 * <p>An entry can outlive its meaning: the record may be gone, or put again with another value in
 * the field. Nothing relies on an entry being current; {@code removeAll} reads each record and
 * checks the field before it deletes.
 */
final class RedisIndexes {

  /** How many index members one {@code ZSCAN} asks for. */
  private static final int SCAN_PAGE = 256;

  /** The largest score: doubles hold integers exactly up to here (year 287,396). */
  private static final long MAX_SCORE = 1L << 53;

  private final RedisClusterAsyncCommands<String, String> redis;
  private final KeyLayout keys;

  RedisIndexes(RedisClusterAsyncCommands<String, String> redis, KeyLayout keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Sends the entries of a record being put, one script per indexed field, without waiting. */
  List<CompletionStage<Long>> add(Table table, String key, Record record) {
    long expiresAt = record.number(Table.EXPIRES_AT).orElse(Long.MAX_VALUE);
    String score = Long.toString(Math.max(0, Math.min(expiresAt, MAX_SCORE)));
    List<CompletionStage<Long>> entries = new ArrayList<>(table.indexedFields().size());
    for (String field : table.indexedFields()) {
      Object value = record.fields().get(field);
      if (value != null) {
        String[] index = {keys.index(table, field, value)};
        entries.add(redis.eval(Scripts.INDEX_ADD, ScriptOutputType.INTEGER, index, key, score));
      }
    }
    return entries;
  }

  /**
   * Drops a deleted record from the indexes it was in, without waiting for the answers. Once the
   * record is deleted the call has done its job: the caller must not hear of a failure here as if
   * the removal had not happened, and a leftover entry is harmless (removeAll checks the record)
   * and goes when its score passes or its index expires.
   */
  void remove(Table table, String key, Record removed) {
    try {
      for (String field : table.indexedFields()) {
        Object value = removed.fields().get(field);
        if (value != null) {
          redis.zrem(keys.index(table, field, value), key);
        }
      }
    } catch (RedisException e) {
      // the entries stay until they expire, as explained above
    }
  }

  /**
   * Walks the members of an index that have not expired by {@code now}, one {@code ZSCAN} page (one
   * round trip) at a time, handing each non-empty page to {@code page}.
   */
  void scan(Deadline deadline, String index, long now, Consumer<List<String>> page) {
    ScanArgs pageSize = ScanArgs.Builder.limit(SCAN_PAGE);
    ScanCursor cursor = ScanCursor.INITIAL;
    while (true) {
      ScoredValueScanCursor<String> scanned = deadline.await(redis.zscan(index, cursor, pageSize));
      List<String> members = new ArrayList<>();
      for (ScoredValue<String> member : scanned.getValues()) {
        if (member.getScore() > now) {
          members.add(member.getValue());
        }
      }
      if (!members.isEmpty()) {
        page.accept(members);
      }
      if (scanned.isFinished()) {
        return;
      }
      cursor = scanned;
    }
  }
}

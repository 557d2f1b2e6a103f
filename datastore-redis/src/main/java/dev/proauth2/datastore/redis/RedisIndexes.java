package dev.proauth2.datastore.redis;

import dev.proauth2.spi.Query;
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
import java.util.function.Predicate;

/**
 * The indexes that answer queries by {@code user_id}, {@code client_id} and the other indexed
 * fields: one sorted set per field value, its members the record keys, each scored by the record's
 * {@code expires_at}. The score is what keeps an index bounded: {@link Scripts#INDEX_ADD} drops the
 * members whose record has expired and lets the set expire with its last member, and a scan skips
 * expired members without reading their records.
 */
final class RedisIndexes {

  /** How many index members one {@code ZSCAN} asks for. */
  private static final int SCAN_PAGE = 256;

  /** The largest score: doubles hold integers exactly up to here (year 287,396). */
  private static final long MAX_SCORE = 1L << 53;

  /** Indexed fields in the order they narrow a query best: a family has a handful of tokens. */
  private static final List<String> MOST_SELECTIVE_FIRST =
      List.of(Table.FAMILY, Table.USER_ID, Table.CLIENT_ID);

  private final RedisClusterAsyncCommands<String, String> redis;
  private final KeyLayout keys;

  RedisIndexes(RedisClusterAsyncCommands<String, String> redis, KeyLayout keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Sends the entries of a record about to be stored, one script per indexed field; a pipeline. */
  List<CompletionStage<Long>> add(Table table, Record record) {
    String key = record.fields().get(table.keyField()).toString();
    long expiresAt = record.number(Table.EXPIRES_AT).orElse(Long.MAX_VALUE);
    String score = Long.toString(Math.max(0, Math.min(expiresAt, MAX_SCORE)));
    List<CompletionStage<Long>> entries = new ArrayList<>();
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
   * Drops removed records from the indexes they were in, without waiting for the answers. Once the
   * record is deleted the call has done its job: the caller must not hear of a failure here as if
   * the take or removal had not happened, and a leftover entry is harmless (reads check the record)
   * and goes when its score passes or its index expires. So a take by key stays one round trip.
   */
  void remove(Table table, List<Record> removed) {
    try {
      for (Record record : removed) {
        String key = record.fields().get(table.keyField()).toString();
        for (String field : table.indexedFields()) {
          Object value = record.fields().get(field);
          if (value != null) {
            redis.zrem(keys.index(table, field, value), key);
          }
        }
      }
    } catch (RedisException e) {
      // the entries stay until they expire, as explained above
    }
  }

  /**
   * Walks the unexpired members of the most selective index the query names, one {@code ZSCAN} page
   * (one round trip) at a time, until {@code page} returns false.
   */
  void scan(Deadline deadline, Table table, Query query, long now, Predicate<List<String>> page) {
    String field = mostSelective(table, query);
    String index = keys.index(table, field, query.value(field).orElseThrow());
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
      if ((!members.isEmpty() && !page.test(members)) || scanned.isFinished()) {
        return;
      }
      cursor = scanned;
    }
  }

  private static String mostSelective(Table table, Query query) {
    for (String field : MOST_SELECTIVE_FIRST) {
      if (table.indexedFields().contains(field) && query.fields().containsKey(field)) {
        return field;
      }
    }
    return query.fields().keySet().stream()
        .filter(table.indexedFields()::contains)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the query names no indexed field"));
  }
}

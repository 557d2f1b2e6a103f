package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A {@link DataStore} on Redis: each record is one string value, read with {@code GET}, put with
 * {@code SET [PXAT] GET}, replaced with {@link Scripts#REPLACE_IF_LIVE}, removed with {@code
 * GETDEL}; each indexed field value is one sorted set of record keys. {@link KeyLayout} names the
 * keys, {@link RecordCodec} writes the values, {@link RedisIndexes} keeps the sorted sets. Every
 * command touches one key, so the same code runs on Redis Cluster.
 *
 * <p>A put or replace sends its index entries and its write in one pipeline and returns once all
 * have answered, so an index never misses a record that a completed put or replace stored. A
 * removal deletes the record, then its entries without waiting. An entry can therefore outlive its
 * record, or name a record put again with another value, or one a replace never wrote; {@link
 * #removeAll} checks each record before deleting it.
 *
 * <p>Redis expires records itself ({@code PXAT}); records read back are also checked against the
 * engine's clock, so none is returned past its {@code expires_at} by that clock.
 */
final class RedisDataStore implements DataStore {

  /**
   * How many times {@link #removeAll} walks an index while its walks keep deleting records: a
   * record put while a walk ran may have been missed by it, so the walk is repeated until one finds
   * nothing, or this many have run.
   */
  private static final int MAX_WALKS = 8;

  private final RedisLink link;
  private final RedisClusterAsyncCommands<String, String> redis;
  private final String prefix;
  private final KeyLayout keys;
  private final RedisIndexes indexes;
  private final Duration timeout;
  private final Clock clock;

  RedisDataStore(RedisLink link, String prefix, Duration timeout, Clock clock) {
    this.link = link;
    this.redis = link.commands();
    this.prefix = prefix;
    this.keys = new KeyLayout(prefix);
    this.indexes = new RedisIndexes(redis, keys);
    this.timeout = timeout;
    this.clock = clock;
  }

  /** One {@code GET}. */
  @Override
  public Optional<Record> fetch(Table table, String key) {
    return call(
        "fetching from",
        table,
        deadline -> live(table, key, deadline.await(redis.get(keys.record(table, key)))));
  }

  /**
   * One round trip: the index entries ({@link Scripts#INDEX_ADD} per indexed field) and {@code SET
   * key value [PXAT expires_at] GET}, pipelined. The {@code SET} replaces and returns the previous
   * value in one atomic step, so of many puts of one key exactly one gets the record before them.
   */
  @Override
  public Optional<Record> put(Table table, Record record) {
    return call(
        "putting into",
        table,
        deadline -> {
          String key = record.string(table.keyField()).orElseThrow();
          List<CompletionStage<?>> replies = new ArrayList<>(indexes.add(table, key, record));
          String recordKey = keys.record(table, key);
          String value = RecordCodec.encode(table, record);
          OptionalLong expiresAt = record.number(Table.EXPIRES_AT);
          CompletionStage<String> previous =
              expiresAt.isPresent()
                  ? redis.setGet(
                      recordKey, value, SetArgs.Builder.pxAt(Math.max(1, expiresAt.getAsLong())))
                  : redis.setGet(recordKey, value);
          replies.add(previous);
          deadline.awaitAll(replies);
          return live(table, key, deadline.await(previous));
        });
  }

  /**
   * One round trip, like {@link #put}: the index entries ({@link Scripts#INDEX_ADD} per indexed
   * field) and the replacement, pipelined. The replacement is {@link Scripts#REPLACE_IF_LIVE} with
   * the engine's now, which writes only over a record that is there and live by that clock, and
   * answers it, in one atomic step; so of many replaces of one key exactly one gets the record
   * before them, and a replace after a remove writes nothing. A record without {@code expires_at}
   * (a client that never expires) is written without {@code PXAT}. The index entries of a replace
   * that wrote nothing name a record that is not there, or not with that value, which {@link
   * #removeAll} checks anyway.
   */
  @Override
  public Optional<Record> replace(Table table, Record record) {
    return call(
        "replacing in",
        table,
        deadline -> {
          String key = record.string(table.keyField()).orElseThrow();
          List<CompletionStage<?>> replies = new ArrayList<>(indexes.add(table, key, record));
          String recordKey = keys.record(table, key);
          String value = RecordCodec.encode(table, record);
          long now = clock.millis();
          OptionalLong expiresAt = record.number(Table.EXPIRES_AT);
          CompletionStage<String> previous =
              redis.eval(
                  Scripts.REPLACE_IF_LIVE,
                  ScriptOutputType.VALUE,
                  new String[] {recordKey},
                  value,
                  expiresAt.isPresent() ? Long.toString(Math.max(1, expiresAt.getAsLong())) : "",
                  Long.toString(now));
          replies.add(previous);
          deadline.awaitAll(replies);
          return live(table, key, deadline.await(previous), now);
        });
  }

  /** One {@code GETDEL}, then a {@code ZREM} per index entry, not waited for. */
  @Override
  public boolean remove(Table table, String key) {
    return call(
        "removing from",
        table,
        deadline -> {
          String value = deadline.await(redis.getdel(keys.record(table, key)));
          if (value == null) {
            return false;
          }
          Record removed = RecordCodec.decode(table, key, value);
          indexes.remove(table, key, removed);
          return !removed.isExpired(clock.millis());
        });
  }

  /**
   * Walks the index with {@code ZSCAN}; per page, {@code GET}s the records (one pipeline) and
   * deletes those still live and still matching with {@link Scripts#DELETE_IF_UNCHANGED} (another);
   * the deleted records' entries go with {@code ZREM}s not waited for. A walk that deleted
   * anything, or found a record changed between its read and its delete, is followed by another: a
   * record put under the value meanwhile, or put or replaced over one it read (a tombstone
   * completed), is caught by the next walk. A replace that comes after the delete writes nothing,
   * so it cannot bring a removed record back behind the walks.
   */
  @Override
  public long removeAll(Table table, String field, String value) {
    return call(
        "removing from",
        table,
        deadline -> {
          long removed = 0;
          for (int walk = 1; ; walk++) {
            long now = clock.millis();
            Walk changes = new Walk();
            indexes.scan(
                deadline,
                keys.index(table, field, value),
                now,
                page -> removeMatching(deadline, table, field, value, page, now, changes));
            removed += changes.deleted;
            if ((changes.deleted == 0 && !changes.raced) || walk == MAX_WALKS) {
              return removed;
            }
          }
        });
  }

  /** Closes the connection, and the client and its threads if this store made them. */
  @Override
  public void close() {
    link.close();
  }

  @Override
  public String toString() {
    return "RedisDataStore[" + link.where() + ", prefix=" + prefix + "]";
  }

  /** What one walk of {@link #removeAll} did. */
  private static final class Walk {
    long deleted;
    boolean raced;
  }

  private void removeMatching(
      Deadline deadline,
      Table table,
      String field,
      String value,
      List<String> members,
      long now,
      Walk walk) {
    List<CompletionStage<String>> reads = new ArrayList<>(members.size());
    for (String member : members) {
      reads.add(redis.get(keys.record(table, member)));
    }
    List<String> values = deadline.awaitAll(reads);
    List<Record> matches = new ArrayList<>();
    List<CompletionStage<Long>> deletes = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      String raw = values.get(i);
      Optional<Record> record = live(table, members.get(i), raw, now);
      if (record.isPresent() && value.equals(record.get().string(field).orElse(null))) {
        String[] recordKey = {keys.record(table, members.get(i))};
        matches.add(record.get());
        deletes.add(
            redis.eval(Scripts.DELETE_IF_UNCHANGED, ScriptOutputType.INTEGER, recordKey, raw));
      }
    }
    List<Long> deleted = deadline.awaitAll(deletes);
    for (int i = 0; i < deleted.size(); i++) {
      if (deleted.get(i) == 1L) {
        walk.deleted++;
        Record match = matches.get(i);
        indexes.remove(table, match.string(table.keyField()).orElseThrow(), match);
      } else {
        walk.raced = true;
      }
    }
  }

  private Optional<Record> live(Table table, String key, String value) {
    return live(table, key, value, clock.millis());
  }

  private static Optional<Record> live(Table table, String key, String value, long now) {
    if (value == null) {
      return Optional.empty();
    }
    Record record = RecordCodec.decode(table, key, value);
    return record.isExpired(now) ? Optional.empty() : Optional.of(record);
  }

  /** Runs one call within the timeout, turning any failure of Redis into the SPI's exception. */
  private <T> T call(String action, Table table, Function<Deadline, T> body) {
    Deadline deadline = new Deadline(timeout, action, table.tableName(), link.where());
    try {
      return body.apply(deadline);
    } catch (RedisException e) {
      throw deadline.unavailable("failed (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}

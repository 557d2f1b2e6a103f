package dev.proauth2.datastore.redis;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.DuplicateKeyException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Query;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.event.command.CommandListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A {@link DataStore} on Redis: each record is one string value, written with {@code SET NX PXAT},
 * read with {@code GET}, taken with {@code GETDEL}; each indexed field value is one sorted set of
 * record keys. {@link KeyLayout} names the keys, {@link RecordCodec} writes the values, {@link
 * RedisIndexes} keeps the sorted sets.
 *
 * <p>Writes go index entries first, record last, and removals record first, index entries last, so
 * a failure part-way can leave an index entry without its record but never a record its indexes
 * miss. Every read through an index therefore fetches the record and checks it against the query
 * and the clock; a dangling entry costs a lookup and expires with its index.
 */
final class RedisDataStore implements DataStore {

  /** How many candidates a fetch through an index reads at once; usually the first one matches. */
  private static final int FETCH_BATCH = 16;

  private final RedisLink link;
  private final RedisClusterAsyncCommands<String, String> redis;
  private final RedisSettings settings;
  private final KeyLayout keys;
  private final RedisIndexes indexes;
  private volatile boolean closed;

  private RedisDataStore(RedisLink link, RedisSettings settings) {
    this.link = link;
    this.redis = link.commands();
    this.settings = settings;
    this.keys = new KeyLayout(settings.prefix());
    this.indexes = new RedisIndexes(redis, keys);
  }

  /**
   * Connects to Redis.
   *
   * @param listener told of every command sent, or {@code null}; for tests that count round trips
   * @throws DataStoreUnavailableException when Redis cannot be reached within the timeout
   * @throws Proauth2Exception {@code server_error} when Redis refuses the credentials or is older
   *     than 6.2
   */
  static RedisDataStore open(RedisSettings settings, CommandListener listener) {
    return new RedisDataStore(RedisLink.open(settings, listener), settings);
  }

  @Override
  public Optional<Record> fetch(Table table, Query query) {
    return call(
        "fetching from",
        table,
        deadline -> {
          table.checkQuery(query);
          long now = System.currentTimeMillis();
          Optional<Object> key = query.value(table.keyField());
          if (key.isPresent()) {
            String value = deadline.await(redis.get(keys.record(table, key.get())));
            return live(table, key.get().toString(), value, query, now).map(Found::record);
          }
          return fetchThroughIndex(deadline, table, query, now);
        });
  }

  /** Every query on the key alone: one pipeline of {@code GET}s, so one round trip. */
  @Override
  public List<Optional<Record>> fetchAll(Table table, List<Query> queries) {
    List<String> lookedUp = new ArrayList<>(queries.size());
    for (Query query : queries) {
      Optional<String> key = table.keyLookup(query);
      if (key.isEmpty()) {
        return DataStore.super.fetchAll(table, queries);
      }
      lookedUp.add(key.get());
    }
    return call(
        "fetching from",
        table,
        deadline -> {
          long now = System.currentTimeMillis();
          List<CompletionStage<String>> reads = new ArrayList<>(lookedUp.size());
          for (String key : lookedUp) {
            reads.add(redis.get(keys.record(table, key)));
          }
          List<String> values = deadline.awaitAll(reads);
          List<Optional<Record>> found = new ArrayList<>(values.size());
          for (int i = 0; i < values.size(); i++) {
            found.add(
                live(table, lookedUp.get(i), values.get(i), queries.get(i), now)
                    .map(Found::record));
          }
          return found;
        });
  }

  @Override
  public void store(Table table, Record record) {
    call(
        "storing into",
        table,
        deadline -> {
          table.validate(record);
          List<CompletionStage<Long>> indexEntries = indexes.add(table, record);
          if (!indexEntries.isEmpty()) {
            deadline.awaitAll(indexEntries);
          }
          SetArgs once = SetArgs.Builder.nx();
          if (table.expires()) {
            once.pxAt(Math.max(1, record.number(Table.EXPIRES_AT).orElseThrow()));
          }
          String key = keys.record(table, record.fields().get(table.keyField()));
          if (deadline.await(redis.set(key, RecordCodec.encode(table, record), once)) == null) {
            throw new DuplicateKeyException(
                "table '"
                    + table.tableName()
                    + "' already has a record with this "
                    + table.keyField());
          }
          return null;
        });
  }

  @Override
  public long remove(Table table, Query query) {
    return call(
        "removing from",
        table,
        deadline -> {
          table.checkQuery(query);
          long now = System.currentTimeMillis();
          Optional<Object> key = query.value(table.keyField());
          if (key.isPresent()) {
            return takeByKey(deadline, table, key.get().toString(), query, now).isPresent()
                ? 1L
                : 0L;
          }
          return (long) takeThroughIndex(deadline, table, query, now, true).size();
        });
  }

  @Override
  public Optional<Record> take(Table table, Query query) {
    return call(
        "taking from",
        table,
        deadline -> {
          table.checkQuery(query);
          long now = System.currentTimeMillis();
          Optional<Object> key = query.value(table.keyField());
          if (key.isPresent()) {
            return takeByKey(deadline, table, key.get().toString(), query, now);
          }
          return takeThroughIndex(deadline, table, query, now, false).stream().findFirst();
        });
  }

  /** Closes the connection and shuts down the client's threads; later calls fail. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    link.close();
  }

  @Override
  public String toString() {
    return "RedisDataStore[" + settings.location() + ", prefix=" + settings.prefix() + "]";
  }

  /** Reads the candidates of an index a few at a time, and answers the first live match. */
  private Optional<Record> fetchThroughIndex(
      Deadline deadline, Table table, Query query, long now) {
    List<Record> found = new ArrayList<>(1);
    indexes.scan(
        deadline,
        table,
        query,
        now,
        page -> {
          for (int from = 0; from < page.size() && found.isEmpty(); from += FETCH_BATCH) {
            List<String> batch = page.subList(from, Math.min(page.size(), from + FETCH_BATCH));
            readLive(deadline, table, batch, query, now).stream()
                .findFirst()
                .ifPresent(match -> found.add(match.record()));
          }
          return found.isEmpty();
        });
    return found.stream().findFirst();
  }

  /**
   * Removes the record under a key if it is live and matches: one {@code GETDEL} when the query
   * names only the key, else a read and a compare-and-delete. Either way exactly one caller wins.
   */
  private Optional<Record> takeByKey(
      Deadline deadline, Table table, String key, Query query, long now) {
    String recordKey = keys.record(table, key);
    if (table.keyLookup(query).isPresent()) {
      String value = deadline.await(redis.getdel(recordKey));
      if (value == null) {
        return Optional.empty();
      }
      Record record = RecordCodec.decode(table, key, value);
      indexes.remove(table, List.of(record));
      return record.isExpired(now) ? Optional.empty() : Optional.of(record);
    }
    Optional<Found> found = live(table, key, deadline.await(redis.get(recordKey)), query, now);
    if (found.isEmpty() || deadline.await(deleteIfUnchanged(table, found.get())) != 1L) {
      return Optional.empty();
    }
    indexes.remove(table, List.of(found.get().record()));
    return found.map(Found::record);
  }

  /**
   * Removes the live matches found through an index, each with a compare-and-delete: all of them (a
   * pipeline per page), or only the first one this caller wins.
   */
  private List<Record> takeThroughIndex(
      Deadline deadline, Table table, Query query, long now, boolean all) {
    List<Record> taken = new ArrayList<>();
    indexes.scan(
        deadline,
        table,
        query,
        now,
        page -> {
          List<Found> matches = readLive(deadline, table, page, query, now);
          List<Record> takenHere = new ArrayList<>();
          if (all && !matches.isEmpty()) {
            List<CompletionStage<Long>> deletes = new ArrayList<>();
            matches.forEach(match -> deletes.add(deleteIfUnchanged(table, match)));
            List<Long> deleted = deadline.awaitAll(deletes);
            for (int i = 0; i < matches.size(); i++) {
              if (deleted.get(i) == 1L) {
                takenHere.add(matches.get(i).record());
              }
            }
          } else {
            for (Found match : matches) {
              if (deadline.await(deleteIfUnchanged(table, match)) == 1L) {
                takenHere.add(match.record());
                break;
              }
            }
          }
          indexes.remove(table, takenHere);
          taken.addAll(takenHere);
          return all || taken.isEmpty();
        });
    return taken;
  }

  /** Reads the records of some index members in one pipeline and keeps the live matches. */
  private List<Found> readLive(
      Deadline deadline, Table table, List<String> members, Query query, long now) {
    List<CompletionStage<String>> reads = new ArrayList<>(members.size());
    for (String member : members) {
      reads.add(redis.get(keys.record(table, member)));
    }
    List<String> values = deadline.awaitAll(reads);
    List<Found> matches = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      live(table, members.get(i), values.get(i), query, now).ifPresent(matches::add);
    }
    return matches;
  }

  private CompletionStage<Long> deleteIfUnchanged(Table table, Found found) {
    String[] record = {keys.record(table, found.record().fields().get(table.keyField()))};
    return redis.eval(Scripts.DELETE_IF_UNCHANGED, ScriptOutputType.INTEGER, record, found.value());
  }

  private static Optional<Found> live(
      Table table, String key, String value, Query query, long now) {
    if (value == null) {
      return Optional.empty();
    }
    Record record = RecordCodec.decode(table, key, value);
    return record.isExpired(now) || !query.matches(record)
        ? Optional.empty()
        : Optional.of(new Found(value, record));
  }

  /** Runs one call within the timeout, turning any failure of Redis into the SPI's exception. */
  private <T> T call(String action, Table table, Function<Deadline, T> body) {
    if (closed) {
      throw new IllegalStateException("this Redis DataStore is closed");
    }
    Deadline deadline =
        new Deadline(settings.timeout(), action, table.tableName(), settings.location());
    try {
      return body.apply(deadline);
    } catch (RedisException e) {
      throw deadline.unavailable("failed (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** A record read from Redis, with the exact value that holds it, for compare-and-delete. */
  private record Found(String value, Record record) {}
}

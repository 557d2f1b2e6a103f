package dev.proauth2.bench;

import com.mongodb.client.MongoCollection;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Loads many token records into Redis or MongoDB far faster than one {@code DataStore.put} at a
 * time can (the Redis store runs three Lua scripts per token; a million tokens would take minutes
 * on two cores): Redis through pipelined plain commands, MongoDB through {@code insertMany}.
 *
 * <p>It writes exactly what the store writes, and checks that it does before every load: one record
 * goes in through the store, the same record through this loader under another key, and the two are
 * compared field by field (value, expiry and index scores in Redis; the document in MongoDB). A
 * store whose layout changed fails the check instead of being measured on data it would not have
 * written.
 */
final class BulkLoad {

  private static final int REDIS_BATCH = 5_000;
  private static final int REDIS_CONNECTIONS = 4;
  private static final int MONGO_BATCH = 1_000;

  private BulkLoad() {}

  /** Loads token records through the fastest path that writes what the store would. */
  static void tokens(Backend backend, Backend.Namespace namespace, List<Record> records) {
    switch (backend) {
      case MEMORY -> records.forEach(record -> namespace.store().put(Table.TOKENS, record));
      case REDIS -> redis(namespace, records);
      case MONGODB -> mongo(namespace, records);
    }
  }

  // ---- Redis ----

  private static void redis(Backend.Namespace namespace, List<Record> records) {
    RedisClient client = BenchRedis.rawClient();
    try {
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        checkRedisLayout(namespace, connection.async(), records.get(0));
      }
      Map<String, Long> sharedIndexes = new ConcurrentHashMap<>();
      int slice = (records.size() + REDIS_CONNECTIONS - 1) / REDIS_CONNECTIONS;
      List<List<Record>> slices = new ArrayList<>();
      for (int from = 0; from < records.size(); from += slice) {
        slices.add(records.subList(from, Math.min(records.size(), from + slice)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(slices.size());
      try {
        List<Future<?>> done = new ArrayList<>();
        for (List<Record> part : slices) {
          done.add(pool.submit(() -> redisSlice(client, namespace.name(), part, sharedIndexes)));
        }
        for (Future<?> future : done) {
          future.get();
        }
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException("loading Redis failed", e);
      } finally {
        pool.shutdownNow();
      }
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisAsyncCommands<String, String> redis = connection.async();
        List<RedisFuture<?>> replies = new ArrayList<>();
        sharedIndexes.forEach((index, expiresAt) -> replies.add(redis.pexpireat(index, expiresAt)));
        replies.forEach(BenchRedis::await);
      }
    } finally {
      client.shutdown();
    }
  }

  /** One connection's share of a load, pipelined in batches. */
  private static void redisSlice(
      RedisClient client, String prefix, List<Record> records, Map<String, Long> sharedIndexes) {
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.setAutoFlushCommands(false);
      RedisAsyncCommands<String, String> redis = connection.async();
      List<RedisFuture<?>> replies = new ArrayList<>();
      for (Record record : records) {
        writeRedis(prefix, redis, record, replies, sharedIndexes);
        if (replies.size() >= REDIS_BATCH) {
          flush(connection, replies);
        }
      }
      flush(connection, replies);
    }
  }

  /**
   * The store's layout for one token: the record as a string with {@code PXAT}, and its key in a
   * sorted set per indexed field, scored by {@code expires_at}, each set expiring with its latest
   * member. The family set is the token's own; the user and client sets are shared, so they get
   * their expiry once, at the end.
   */
  private static void writeRedis(
      String prefix,
      RedisAsyncCommands<String, String> redis,
      Record record,
      List<RedisFuture<?>> replies,
      Map<String, Long> sharedIndexes) {
    String key = record.string(Table.TOKEN_HASH).orElseThrow();
    long expiresAt = record.number(Table.EXPIRES_AT).orElseThrow();
    replies.add(
        redis.set(prefix + ":tokens:" + key, redisValue(record), SetArgs.Builder.pxAt(expiresAt)));
    for (String field : Table.TOKENS.indexedFields()) {
      String index = prefix + ":tokens." + field + ':' + record.fields().get(field);
      replies.add(redis.zadd(index, (double) expiresAt, key));
      if (field.equals(Table.FAMILY)) {
        replies.add(redis.pexpireat(index, expiresAt));
      } else {
        sharedIndexes.merge(index, expiresAt, Math::max);
      }
    }
  }

  /** The value the Redis store keeps for a record: fields in schema order, key left out. */
  private static String redisValue(Record record) {
    StringBuilder value = new StringBuilder(256);
    for (Table.Field field : Table.TOKENS.fields()) {
      Object fieldValue = record.fields().get(field.name());
      if (fieldValue == null || field.name().equals(Table.TOKENS.keyField())) {
        continue;
      }
      if (value.length() > 0) {
        value.append('\u001F');
      }
      value.append(field.name()).append('=').append(fieldValue);
    }
    return value.toString();
  }

  private static void checkRedisLayout(
      Backend.Namespace namespace, RedisAsyncCommands<String, String> redis, Record sample) {
    String check = "layout-check-" + UUID.randomUUID();
    Record viaStore = sample.with(Table.TOKEN_HASH, check + "-s").with(Table.FAMILY, check + "-s");
    Record viaLoader = sample.with(Table.TOKEN_HASH, check + "-b").with(Table.FAMILY, check + "-b");
    namespace.store().put(Table.TOKENS, viaStore);
    List<RedisFuture<?>> replies = new ArrayList<>();
    writeRedis(namespace.name(), redis, viaLoader, replies, new HashMap<>());
    replies.forEach(BenchRedis::await);
    String prefix = namespace.name();
    List<String> fromStore = redisView(redis, prefix, viaStore);
    List<String> fromLoader = new ArrayList<>();
    for (String part : redisView(redis, prefix, viaLoader)) {
      fromLoader.add(part.replace(check + "-b", check + "-s"));
    }
    long storeTtl = BenchRedis.await(redis.pttl(prefix + ":tokens:" + check + "-s"));
    long loaderTtl = BenchRedis.await(redis.pttl(prefix + ":tokens:" + check + "-b"));
    long familyTtl = BenchRedis.await(redis.pttl(prefix + ":tokens.family:" + check + "-s"));
    long loaderFamilyTtl = BenchRedis.await(redis.pttl(prefix + ":tokens.family:" + check + "-b"));
    boolean sameExpiry =
        storeTtl > 0
            && Math.abs(storeTtl - loaderTtl) < 1000
            && familyTtl > 0
            && Math.abs(familyTtl - loaderFamilyTtl) < 1000;
    if (!fromStore.equals(fromLoader) || !sameExpiry) {
      throw new IllegalStateException(
          "BulkLoad no longer writes what the Redis store writes: "
              + fromStore
              + " vs "
              + fromLoader);
    }
    namespace.store().removeAll(Table.TOKENS, Table.FAMILY, check + "-s");
    namespace.store().removeAll(Table.TOKENS, Table.FAMILY, check + "-b");
  }

  /** What Redis holds for a record: its value, and each index's type and score. */
  private static List<String> redisView(
      RedisAsyncCommands<String, String> redis, String prefix, Record record) {
    String key = record.string(Table.TOKEN_HASH).orElseThrow();
    List<String> view = new ArrayList<>();
    view.add(BenchRedis.await(redis.get(prefix + ":tokens:" + key)));
    for (String field : Table.TOKENS.indexedFields()) {
      String index = prefix + ":tokens." + field + ':' + record.fields().get(field);
      view.add(field + ' ' + BenchRedis.await(redis.type(index)));
      view.add(field + ' ' + BenchRedis.await(redis.zscore(index, key)));
    }
    return view;
  }

  private static void flush(
      StatefulRedisConnection<String, String> connection, List<RedisFuture<?>> replies) {
    connection.flushCommands();
    replies.forEach(BenchRedis::await);
    replies.clear();
  }

  // ---- MongoDB ----

  private static void mongo(Backend.Namespace namespace, List<Record> records) {
    MongoCollection<BsonDocument> tokens =
        BenchMongo.client()
            .getDatabase(namespace.name())
            .getCollection(Table.TOKENS.tableName(), BsonDocument.class);
    checkMongoLayout(namespace.store(), tokens, records.get(0));
    List<BsonDocument> batch = new ArrayList<>(MONGO_BATCH);
    for (Record record : records) {
      batch.add(mongoDocument(record));
      if (batch.size() == MONGO_BATCH) {
        tokens.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      tokens.insertMany(batch);
    }
  }

  /** The document the MongoDB store keeps: the key as {@code _id}, {@code expires_at} a date. */
  private static BsonDocument mongoDocument(Record record) {
    BsonDocument document = new BsonDocument();
    document.put("_id", new BsonString(record.string(Table.TOKEN_HASH).orElseThrow()));
    for (Map.Entry<String, Object> field : record.fields().entrySet()) {
      if (field.getKey().equals(Table.TOKEN_HASH)) {
        continue;
      }
      BsonValue value =
          field.getValue() instanceof String text
              ? new BsonString(text)
              : field.getKey().equals(Table.EXPIRES_AT)
                  ? new BsonDateTime((Long) field.getValue())
                  : new BsonInt64((Long) field.getValue());
      document.put(field.getKey(), value);
    }
    return document;
  }

  private static void checkMongoLayout(
      DataStore store, MongoCollection<BsonDocument> tokens, Record sample) {
    String check = "layout-check-" + UUID.randomUUID();
    Record probe = sample.with(Table.TOKEN_HASH, check);
    store.put(Table.TOKENS, probe);
    BsonDocument written = tokens.find(new BsonDocument("_id", new BsonString(check))).first();
    store.remove(Table.TOKENS, check);
    if (!Objects.equals(written, mongoDocument(probe))) {
      throw new IllegalStateException(
          "BulkLoad no longer writes what the MongoDB store writes: "
              + written
              + " vs "
              + mongoDocument(probe));
    }
  }
}

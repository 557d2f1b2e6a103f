package dev.proauth2.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;

/**
 * Loads a set of {@link LiveTokens} into Redis or MongoDB once per server, through the store's own
 * write path, and remembers that it did (a marker key, a document count), so that the many JMH
 * forks of a run find the tokens already there.
 */
final class LiveLoad {

  private static final String MARKER = "proauth2-bench:loaded:";
  private static final long MARKER_LIFETIME = LiveTokens.HOUR_MILLIS - 600_000L;

  private LiveLoad() {}

  /** The key prefix that holds {@code count} live tokens in Redis. */
  static String redisPrefix(int count) {
    return "live" + count;
  }

  /** The database that holds {@code count} live tokens in MongoDB. */
  static String mongoDatabase(int count) {
    return "live_" + count;
  }

  /**
   * Makes sure the Redis prefix for {@code count} holds its tokens.
   *
   * @return the load's figures, or null when the tokens were there already
   */
  static Loaded redis(int count) {
    String prefix = redisPrefix(count);
    RedisClient client = BenchRedis.rawClient();
    try (var connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      if (Integer.toString(count).equals(redis.get(MARKER + prefix))) {
        return null;
      }
      long before = usedMemory(redis);
      long start = System.nanoTime();
      try (DataStore store = BenchRedis.openStore(prefix)) {
        load(Backend.REDIS, store, prefix, count);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long after = usedMemory(redis);
      // The marker goes with the tokens, which live an hour.
      redis.set(MARKER + prefix, Integer.toString(count), SetArgs.Builder.px(MARKER_LIFETIME));
      return new Loaded(count, seconds, after - before);
    } finally {
      client.shutdown();
    }
  }

  /** Makes sure the MongoDB database for {@code count} holds its tokens. */
  static Loaded mongo(int count) {
    String database = mongoDatabase(count);
    try (MongoClient client = MongoClients.create(BenchMongo.uri())) {
      long present =
          client.getDatabase(database).getCollection("tokens", BsonDocument.class).countDocuments();
      if (present >= count) {
        return null;
      }
      long start = System.nanoTime();
      try (DataStore store = BenchMongo.openStore(database)) {
        load(Backend.MONGODB, store, database, count);
      }
      return new Loaded(count, (System.nanoTime() - start) / 1e9, -1);
    }
  }

  private static void load(Backend backend, DataStore store, String name, int count) {
    String[] tokens = LiveTokens.tokens(LiveTokens.seed(name, count), count);
    long now = System.currentTimeMillis();
    int batch = 100_000;
    for (int from = 0; from < count; from += batch) {
      List<Record> records = new ArrayList<>(batch);
      for (int i = from; i < Math.min(count, from + batch); i++) {
        records.add(LiveTokens.record(tokens[i], i, count, now));
      }
      BulkLoad.tokens(backend, new Backend.Namespace(store, name), records);
    }
  }

  static long usedMemory(RedisCommands<String, String> redis) {
    for (String line : redis.info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    return -1;
  }

  /**
   * What a load took.
   *
   * @param count tokens loaded
   * @param seconds how long
   * @param usedMemoryDelta the growth of Redis's {@code used_memory}, or -1
   */
  record Loaded(int count, double seconds, long usedMemoryDelta) {}
}

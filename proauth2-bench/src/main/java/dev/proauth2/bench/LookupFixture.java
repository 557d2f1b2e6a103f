package dev.proauth2.bench;

import com.mongodb.client.MongoCollection;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * A store holding {@code count} live access tokens, an engine on it, and the floor of a token
 * lookup on the same backend: SHA-256 of the token and one lookup by key with nothing around it
 * (memory: {@code ConcurrentHashMap.get} on a map of the same records; Redis: one {@code GET} on
 * the store's own connection; MongoDB: one {@code find} by {@code _id} through the client the store
 * uses).
 */
final class LookupFixture implements AutoCloseable {

  final String[] tokens;
  final Proauth2 oauth;
  final Function<String, Object> floor;
  private final DataStore store;

  private LookupFixture(String[] tokens, DataStore store, Function<String, Object> floor) {
    this.tokens = tokens;
    this.store = store;
    this.oauth = Flows.engine(store);
    this.floor = floor;
  }

  static LookupFixture open(Backend backend, int count) {
    LookupFixture fixture =
        switch (backend) {
          case MEMORY -> memory(count);
          case REDIS -> redis(count);
          case MONGODB -> mongo(count);
        };
    fixture.check(backend, count);
    return fixture;
  }

  private static LookupFixture memory(int count) {
    DataStore store = DataStores.open("memory:");
    String[] tokens = LiveTokens.tokens(LiveTokens.seed("memory", count), count);
    ConcurrentHashMap<String, Record> map = new ConcurrentHashMap<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      Record record = LiveTokens.record(tokens[i], i, count, now);
      store.put(Table.TOKENS, record);
      map.put(record.string(Table.TOKEN_HASH).orElseThrow(), record);
    }
    return new LookupFixture(tokens, store, token -> map.get(SecretHashes.sha256(token)));
  }

  private static LookupFixture redis(int count) {
    LiveLoad.redis(count);
    String prefix = LiveLoad.redisPrefix(count);
    DataStore store = BenchRedis.openStore(prefix);
    RedisClusterAsyncCommands<String, String> redis = BenchRedis.commandsOf(store);
    String keyPrefix = prefix + ":tokens:";
    return new LookupFixture(
        LiveTokens.tokens(LiveTokens.seed(prefix, count), count),
        store,
        token -> BenchRedis.await(redis.get(keyPrefix + SecretHashes.sha256(token))));
  }

  private static LookupFixture mongo(int count) {
    LiveLoad.mongo(count);
    String database = LiveLoad.mongoDatabase(count);
    DataStore store = BenchMongo.openStore(database);
    MongoCollection<BsonDocument> collection =
        BenchMongo.client()
            .getDatabase(database)
            .getCollection(Table.TOKENS.tableName(), BsonDocument.class);
    return new LookupFixture(
        LiveTokens.tokens(LiveTokens.seed(database, count), count),
        store,
        token ->
            collection
                .find(new BsonDocument("_id", new BsonString(SecretHashes.sha256(token))))
                .limit(1)
                .first());
  }

  /** Checks that the engine and the floor both find a few tokens, and their users. */
  private void check(Backend backend, int count) {
    for (int i : new int[] {0, count / 2, count - 1}) {
      String expected = LiveTokens.user(i, count);
      if (!expected.equals(oauth.authenticateToken(tokens[i]).userId())
          || floor.apply(tokens[i]) == null) {
        throw new IllegalStateException("token " + i + " is not live in " + backend);
      }
    }
  }

  @Override
  public void close() {
    oauth.close();
    store.close();
  }
}

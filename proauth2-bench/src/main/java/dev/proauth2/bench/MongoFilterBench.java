package dev.proauth2.bench;

import com.mongodb.client.MongoCollection;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why {@code authenticateToken} on the MongoDB emulator is far from its floor: the store asks for
 * {@code {_id: hash, expires_at: {$gt: now}}}, and the emulator uses its {@code _id} index only for
 * a query on {@code _id} alone, so it scans the collection. Both raw queries, side by side, on the
 * same live tokens. (MongoDB answers both from the {@code _id} index.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class MongoFilterBench {

  /** How many live access tokens the collection holds. */
  @Param({"1000"})
  public int liveTokens;

  private MongoCollection<BsonDocument> tokens;
  private String[] presented;

  @Setup(Level.Trial)
  public void open() {
    LiveLoad.mongo(liveTokens);
    String database = LiveLoad.mongoDatabase(liveTokens);
    presented = LiveTokens.tokens(LiveTokens.seed(database, liveTokens), liveTokens);
    tokens =
        BenchMongo.client()
            .getDatabase(database)
            .getCollection(Table.TOKENS.tableName(), BsonDocument.class);
  }

  /** The floor: by {@code _id} alone. */
  @Benchmark
  public BsonDocument findByIdOnly(Cursor cursor) {
    String hash = SecretHashes.sha256(presented[cursor.next(liveTokens)]);
    return tokens.find(new BsonDocument("_id", new BsonString(hash))).limit(1).first();
  }

  /** The store's filter: by {@code _id} and {@code expires_at > now}. */
  @Benchmark
  public BsonDocument findByIdAndExpiry(Cursor cursor) {
    String hash = SecretHashes.sha256(presented[cursor.next(liveTokens)]);
    BsonDocument filter =
        new BsonDocument("_id", new BsonString(hash))
            .append(
                "expires_at",
                new BsonDocument("$gt", new BsonDateTime(System.currentTimeMillis())));
    return tokens.find(filter).limit(1).first();
  }
}

package dev.proauth2.bench;

import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one live token costs Redis, from {@code MEMORY USAGE ... SAMPLES 0} (exact): its record key,
 * and its entries in the three token indexes, which the store keeps as sorted sets. The family
 * index is the token's own (one family per code grant); the user and client indexes are shared, so
 * a token is charged its share, the set's usage divided by its members.
 */
final class RedisFootprint {

  private RedisFootprint() {}

  static Map<String, Object> measure(int count) {
    String prefix = LiveLoad.redisPrefix(count);
    String[] tokens = LiveTokens.tokens(LiveTokens.seed(prefix, count), count);
    int samples = Math.min(count, 1000);
    double record = 0;
    double family = 0;
    double user = 0;
    RedisClient client = BenchRedis.rawClient();
    try (var connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      for (int k = 0; k < samples; k++) {
        int i = (int) ((long) k * count / samples);
        String token = tokens[i];
        record += usage(redis, key(prefix, "tokens", SecretHashes.sha256(token)));
        family += usage(redis, index(prefix, Table.FAMILY, SecretHashes.sha256(token + "/family")));
        String userIndex = index(prefix, Table.USER_ID, LiveTokens.user(i, count));
        user += (double) usage(redis, userIndex) / redis.zcard(userIndex);
      }
      String clientIndex = index(prefix, Table.CLIENT_ID, LiveTokens.CLIENT_ID);
      double clientShare = (double) usage(redis, clientIndex) / redis.zcard(clientIndex);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("liveTokens", count);
      result.put("recordKey", round(record / samples));
      result.put("familyIndex", round(family / samples));
      result.put("userIndexShare", round(user / samples));
      result.put("clientIndexShare", round(clientShare));
      result.put(
          "total", round(record / samples + family / samples + user / samples + clientShare));
      result.put("usedMemory", LiveLoad.usedMemory(redis));
      return result;
    } finally {
      client.shutdown();
    }
  }

  private static long usage(RedisCommands<String, String> redis, String key) {
    Long bytes =
        redis.dispatch(
            CommandType.MEMORY,
            new IntegerOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).add("USAGE").addKey(key).add("SAMPLES").add(0));
    if (bytes == null) {
      throw new IllegalStateException("no key " + key + " in Redis");
    }
    return bytes;
  }

  private static String key(String prefix, String table, String key) {
    return prefix + ':' + table + ':' + key;
  }

  private static String index(String prefix, String field, String value) {
    return prefix + ":tokens." + field + ':' + value;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}

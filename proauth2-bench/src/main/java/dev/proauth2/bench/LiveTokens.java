package dev.proauth2.bench;

import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A reproducible set of live access tokens, shaped as the engine stores them: 256-bit base64url
 * tokens, one client, ten live tokens per user, a family of its own per token. The same seed gives
 * the same tokens in every JVM, so a benchmark fork can look up what another process loaded.
 */
final class LiveTokens {

  /** The client every loaded token belongs to: 22 characters, like a generated client id. */
  static final String CLIENT_ID = "bench-client-000000001";

  static final String SCOPE = "read write";
  static final long HOUR_MILLIS = 3_600_000L;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private LiveTokens() {}

  /** {@code count} tokens from {@code seed}: 43 base64url characters each, as the engine makes. */
  static String[] tokens(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] tokens = new String[count];
    byte[] bytes = new byte[32];
    for (int i = 0; i < count; i++) {
      for (int b = 0; b < bytes.length; b += 8) {
        long value = random.nextLong();
        for (int k = 0; k < 8; k++) {
          bytes[b + k] = (byte) (value >>> (8 * k));
        }
      }
      tokens[i] = BASE64URL.encodeToString(bytes);
    }
    return tokens;
  }

  /** The seed of a named set of tokens, such as a Redis key prefix. */
  static long seed(String name, int count) {
    return name.hashCode() * 0x9E3779B97F4A7C15L + count;
  }

  /**
   * The access-token record the engine would store for token {@code i} of a set of {@code count}:
   * its own family (as every code grant has), its user one of {@code count / 10}.
   */
  static Record record(String token, int i, int count, long now) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.TOKEN_HASH, SecretHashes.sha256(token));
    fields.put(Table.CLIENT_ID, CLIENT_ID);
    fields.put(Table.USER_ID, user(i, count));
    fields.put(Table.SCOPE, SCOPE);
    fields.put(Table.FAMILY, SecretHashes.sha256(token + "/family"));
    fields.put(Table.ISSUED_AT, now);
    fields.put(Table.EXPIRES_AT, now + HOUR_MILLIS);
    return Record.of(fields);
  }

  /**
   * The user of token {@code i}; a new string each time, as each request brings its own, so that a
   * footprint measurement does not profit from sharing a real server would not have.
   */
  static String user(int i, int count) {
    return "user-" + (i % Math.max(1, count / 10)) + "@example.com";
  }
}

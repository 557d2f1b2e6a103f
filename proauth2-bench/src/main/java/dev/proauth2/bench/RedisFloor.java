package dev.proauth2.bench;

import dev.proauth2.ClientRegistration;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.SecretHashes;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis floor: raw commands on the store's own Lettuce connection, one string key per record
 * under a prefix of the floor's own, written with {@code SET PXAT}; a code or refresh token is used
 * by putting its tombstone with {@code SET PXAT GET}, which answers the value it replaced, and its
 * exchange ends with the completed tombstone, put the same way. The client is read from the record
 * the store wrote. Only the two token {@code SET}s go in one pipeline (everything else waits on the
 * reply before it), so a code exchange is 7 round trips and 8 commands, a refresh 5 round trips and
 * 6 commands.
 */
final class RedisFloor implements Floor {

  private static final char SEPARATOR = '\u001F';

  private final RedisClusterAsyncCommands<String, String> redis;
  private final String prefix;
  private final String applicationKey;
  private final String clientId;
  private final String secret;

  RedisFloor(DataStore store, String storePrefix, ClientRegistration client) {
    this.redis = BenchRedis.commandsOf(store);
    this.prefix = storePrefix + "-floor";
    this.applicationKey = storePrefix + ":applications:" + client.clientId();
    this.clientId = client.clientId();
    this.secret = client.clientSecret();
  }

  @Override
  public String codeExchange(String userId) {
    long now = System.currentTimeMillis();
    if (BenchRedis.await(redis.get(applicationKey)) == null) {
      throw new IllegalStateException("floor: unknown client");
    }
    String code = Flows.newSecret();
    String codeValue =
        fields(
            "client_id",
            clientId,
            "user_id",
            userId,
            "redirect_uri",
            Flows.REDIRECT_URI,
            "scope",
            Flows.SCOPE,
            "code_challenge",
            Flows.CHALLENGE,
            "code_challenge_method",
            "S256",
            "issued_at",
            Long.toString(now),
            "expires_at",
            Long.toString(now + 60_000L));
    BenchRedis.await(
        redis.set(
            key("nonce_codes", SecretHashes.sha256(code)),
            codeValue,
            SetArgs.Builder.pxAt(now + 60_000L)));

    authenticate(BenchRedis.await(redis.get(applicationKey)));
    String codeHash = SecretHashes.sha256(code);
    String codeKey = key("nonce_codes", codeHash);
    String issued = BenchRedis.await(redis.get(codeKey));
    if (issued == null || field(issued, "redeemed_at") != null) {
      throw new IllegalStateException("floor: code not found or already used");
    }
    long familyEnd = now + 30 * 86_400_000L;
    String tombstone =
        with(with(issued, "expires_at", Long.toString(familyEnd)), "redeemed_at", now);
    claim(codeKey, tombstone, familyEnd, "redeemed_at");
    if (!SecretHashes.sha256(Flows.VERIFIER).equals(field(issued, "code_challenge"))) {
      throw new IllegalStateException("floor: PKCE failed");
    }
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    store(refresh, access, field(issued, "user_id"), codeHash, now, familyEnd);
    complete(codeKey, tombstone, familyEnd, now);
    return access;
  }

  @Override
  public String issueRefreshToken(String userId) {
    long now = System.currentTimeMillis();
    String refresh = Flows.newSecret();
    BenchRedis.await(
        redis.set(
            key("refresh_tokens", SecretHashes.sha256(refresh)),
            tokenValue(userId, "family-" + SecretHashes.sha256(refresh), now, now + 86_400_000L),
            SetArgs.Builder.pxAt(now + 86_400_000L)));
    return refresh;
  }

  @Override
  public String refresh(String refreshToken) {
    long now = System.currentTimeMillis();
    authenticate(BenchRedis.await(redis.get(applicationKey)));
    String oldKey = key("refresh_tokens", SecretHashes.sha256(refreshToken));
    String old = BenchRedis.await(redis.get(oldKey));
    if (old == null || field(old, "rotated_at") != null) {
      throw new IllegalStateException("floor: refresh token not found or already rotated");
    }
    long familyEnd = Long.parseLong(field(old, "expires_at"));
    String tombstone = with(old, "rotated_at", now);
    claim(oldKey, tombstone, familyEnd, "rotated_at");
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    store(refresh, access, field(old, "user_id"), field(old, "family"), now, familyEnd);
    complete(oldKey, tombstone, familyEnd, now);
    return refresh;
  }

  @Override
  public void storeAccessTokens(String[] tokens) {
    long now = System.currentTimeMillis();
    List<RedisFuture<String>> replies = new ArrayList<>();
    for (String token : tokens) {
      replies.add(
          redis.set(
              key("tokens", SecretHashes.sha256(token)),
              tokenValue("user", "family", now, now + LiveTokens.HOUR_MILLIS),
              SetArgs.Builder.pxAt(now + LiveTokens.HOUR_MILLIS)));
      if (replies.size() == 1000) {
        replies.forEach(BenchRedis::await);
        replies.clear();
      }
    }
    replies.forEach(BenchRedis::await);
  }

  @Override
  public void revoke(String accessToken) {
    BenchRedis.await(redis.del(key("tokens", SecretHashes.sha256(accessToken))));
  }

  @Override
  public void close() {}

  /** Stores a refresh and an access token in one pipeline: one round trip. */
  private void store(
      String refresh, String access, String userId, String family, long now, long refreshEnd) {
    RedisFuture<String> storedRefresh =
        redis.set(
            key("refresh_tokens", SecretHashes.sha256(refresh)),
            tokenValue(userId, family, now, refreshEnd),
            SetArgs.Builder.pxAt(refreshEnd));
    long accessEnd = now + LiveTokens.HOUR_MILLIS;
    RedisFuture<String> storedAccess =
        redis.set(
            key("tokens", SecretHashes.sha256(access)),
            tokenValue(userId, family, now, accessEnd),
            SetArgs.Builder.pxAt(accessEnd));
    BenchRedis.await(storedRefresh);
    BenchRedis.await(storedAccess);
  }

  /**
   * Puts the first tombstone with {@code SET PXAT GET}; it must replace the live record, not
   * nothing (revoked or expired) and not another tombstone (used already).
   */
  private void claim(String key, String tombstone, long expiresAt, String marker) {
    String replaced =
        BenchRedis.await(redis.setGet(key, tombstone, SetArgs.Builder.pxAt(expiresAt)));
    if (replaced == null || field(replaced, marker) != null) {
      throw new IllegalStateException("floor: " + key + " was used or revoked meanwhile");
    }
  }

  /** Puts the completed tombstone with {@code SET PXAT GET}; it must replace the first. */
  private void complete(String key, String tombstone, long expiresAt, long now) {
    String completed = with(tombstone, "completed_at", now);
    if (BenchRedis.await(redis.setGet(key, completed, SetArgs.Builder.pxAt(expiresAt))) == null) {
      throw new IllegalStateException("floor: the tombstone of " + key + " vanished");
    }
  }

  private void authenticate(String application) {
    String expected = application == null ? null : field(application, "secret_hash");
    if (expected == null
        || !MessageDigest.isEqual(
            SecretHashes.sha256(secret).getBytes(StandardCharsets.US_ASCII),
            expected.getBytes(StandardCharsets.US_ASCII))) {
      throw new IllegalStateException("floor: client authentication failed");
    }
  }

  private String key(String table, String hash) {
    return prefix + ':' + table + ':' + hash;
  }

  private String tokenValue(String userId, String family, long issuedAt, long expiresAt) {
    return fields(
        "client_id",
        clientId,
        "user_id",
        userId,
        "scope",
        Flows.SCOPE,
        "family",
        family,
        "issued_at",
        Long.toString(issuedAt),
        "expires_at",
        Long.toString(expiresAt));
  }

  private static String fields(String... namesAndValues) {
    StringBuilder value = new StringBuilder(256);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (i > 0) {
        value.append(SEPARATOR);
      }
      value.append(namesAndValues[i]).append('=').append(namesAndValues[i + 1]);
    }
    return value.toString();
  }

  /** A value with one field appended. */
  private static String with(String value, String name, long number) {
    return value + SEPARATOR + name + '=' + number;
  }

  /** A value with one field it has replaced. */
  private static String with(String value, String name, String replacement) {
    int start = value.indexOf(name + '=');
    if (start < 0) {
      return value + SEPARATOR + name + '=' + replacement;
    }
    start += name.length() + 1;
    int end = value.indexOf(SEPARATOR, start);
    return value.substring(0, start) + replacement + (end < 0 ? "" : value.substring(end));
  }

  private static String field(String value, String name) {
    int start = value.indexOf(name + '=');
    if (start < 0) {
      return null;
    }
    start += name.length() + 1;
    int end = value.indexOf(SEPARATOR, start);
    return value.substring(start, end < 0 ? value.length() : end);
  }
}

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
 * under a prefix of the floor's own, written with {@code SET PXAT}; the client is read from the
 * record the store wrote. A code or refresh token is used, after the exchange stored its two
 * tokens, by replacing it with its tombstone in one {@code SET key tombstone XX GET PXAT}: {@code
 * XX} writes only over a key that is there (an expired one is gone, by its {@code PXAT}), and
 * {@code GET} answers the value it replaced, which must be the unspent record; otherwise the
 * exchange deletes its two tokens and refuses. Only the two token {@code SET}s go in one pipeline
 * (everything else waits on the reply before it), so a code exchange (authorization request
 * included: {@code GET} client, {@code SET} code; then {@code GET} client, {@code GET} code, the
 * two token {@code SET}s, the {@code SET XX GET}) is 7 commands in 6 round trips, and a refresh
 * ({@code GET} client, {@code GET} old token, the two token {@code SET}s, the {@code SET XX GET}) 5
 * commands in 4 round trips.
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
    if (issued == null
        || field(issued, "redeemed_at") != null
        || !clientId.equals(field(issued, "client_id"))) {
      throw new IllegalStateException("floor: code unknown, expired, used or another client's");
    }
    long familyEnd = now + 30 * 86_400_000L;
    String tombstone =
        with(with(issued, "expires_at", Long.toString(familyEnd)), "redeemed_at", now);
    if (!Flows.REDIRECT_URI.equals(field(issued, "redirect_uri"))
        || !SecretHashes.sha256(Flows.VERIFIER).equals(field(issued, "code_challenge"))) {
      // The client's own failed attempt uses the code up, as in the engine.
      BenchRedis.await(redis.setGet(codeKey, tombstone, SetArgs.Builder.pxAt(familyEnd).xx()));
      throw new IllegalStateException("floor: redirect URI or PKCE failed");
    }
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    String refreshKey = key("refresh_tokens", SecretHashes.sha256(refresh));
    String accessKey = key("tokens", SecretHashes.sha256(access));
    store(refreshKey, accessKey, field(issued, "user_id"), codeHash, now, familyEnd);
    claim(codeKey, tombstone, familyEnd, "redeemed_at", refreshKey, accessKey);
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
    if (old == null
        || field(old, "rotated_at") != null
        || !clientId.equals(field(old, "client_id"))) {
      throw new IllegalStateException("floor: refresh token unknown, expired, rotated or not ours");
    }
    long familyEnd = Long.parseLong(field(old, "expires_at"));
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    String refreshKey = key("refresh_tokens", SecretHashes.sha256(refresh));
    String accessKey = key("tokens", SecretHashes.sha256(access));
    store(refreshKey, accessKey, field(old, "user_id"), field(old, "family"), now, familyEnd);
    claim(oldKey, with(old, "rotated_at", now), familyEnd, "rotated_at", refreshKey, accessKey);
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
      String refreshKey,
      String accessKey,
      String userId,
      String family,
      long now,
      long refreshEnd) {
    RedisFuture<String> storedRefresh =
        redis.set(
            refreshKey,
            tokenValue(userId, family, now, refreshEnd),
            SetArgs.Builder.pxAt(refreshEnd));
    long accessEnd = now + LiveTokens.HOUR_MILLIS;
    RedisFuture<String> storedAccess =
        redis.set(
            accessKey, tokenValue(userId, family, now, accessEnd), SetArgs.Builder.pxAt(accessEnd));
    BenchRedis.await(storedRefresh);
    BenchRedis.await(storedAccess);
  }

  /**
   * Replaces the record with its tombstone in one {@code SET XX GET PXAT}, after the tokens were
   * stored. It must have replaced the live record: not nothing (revoked or expired: {@code XX}
   * wrote nothing) and not another tombstone (used already). Otherwise the two tokens are deleted,
   * in one pipeline, and the exchange refuses.
   */
  private void claim(
      String key,
      String tombstone,
      long expiresAt,
      String marker,
      String refreshKey,
      String accessKey) {
    String replaced =
        BenchRedis.await(redis.setGet(key, tombstone, SetArgs.Builder.pxAt(expiresAt).xx()));
    if (replaced == null || field(replaced, marker) != null) {
      RedisFuture<Long> refreshGone = redis.del(refreshKey);
      RedisFuture<Long> accessGone = redis.del(accessKey);
      BenchRedis.await(refreshGone);
      BenchRedis.await(accessGone);
      throw new IllegalStateException("floor: " + key + " was used or revoked meanwhile");
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

package dev.proauth2.bench;

import dev.proauth2.ClientRegistration;
import dev.proauth2.spi.SecretHashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory floor: a {@code ConcurrentHashMap} per table of compact rows. A code exchange's token
 * request is a map get of the client, a map get of the code and 4 map puts (the tombstone, the
 * refresh and the access token, the completed tombstone); a refresh is the same on the refresh
 * tokens.
 */
final class MemoryFloor implements Floor {

  private static final long CODE_TTL = 60_000L;
  private static final long REFRESH_TTL = 30 * 86_400_000L;

  /**
   * A row with the fields the flows need, and nothing else; {@code spentAt} is when a code was
   * redeemed or a refresh token rotated, {@code completedAt} when that exchange's tokens were out,
   * each 0 when not.
   */
  private record Row(
      String clientId,
      String userId,
      String scope,
      String family,
      String challenge,
      long issuedAt,
      long expiresAt,
      long spentAt,
      long completedAt) {

    Row(
        String clientId,
        String userId,
        String scope,
        String family,
        String challenge,
        long issuedAt,
        long expiresAt) {
      this(clientId, userId, scope, family, challenge, issuedAt, expiresAt, 0, 0);
    }

    /** The tombstone this row leaves when it is used at {@code now}. */
    Row spent(long now, long until) {
      return new Row(clientId, userId, scope, family, challenge, issuedAt, until, now, 0);
    }

    /** This tombstone, with its exchange complete. */
    Row completed(long now) {
      return new Row(clientId, userId, scope, family, challenge, issuedAt, expiresAt, spentAt, now);
    }
  }

  private final String clientId;
  private final String secret;
  private final ConcurrentHashMap<String, String> secretHashes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Row> codes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Row> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Row> refreshTokens = new ConcurrentHashMap<>();

  MemoryFloor(ClientRegistration client) {
    this.clientId = client.clientId();
    this.secret = client.clientSecret();
    secretHashes.put(clientId, SecretHashes.sha256(secret));
  }

  @Override
  public String codeExchange(String userId) {
    long now = System.currentTimeMillis();
    requireClient();
    String code = Flows.newSecret();
    codes.put(
        SecretHashes.sha256(code),
        new Row(clientId, userId, Flows.SCOPE, null, Flows.CHALLENGE, now, now + CODE_TTL));

    authenticate();
    String codeHash = SecretHashes.sha256(code);
    Row issued = codes.get(codeHash);
    if (issued == null || issued.spentAt() != 0) {
      throw new IllegalStateException("floor: code not found or already used");
    }
    Row tombstone = issued.spent(now, now + REFRESH_TTL);
    Row replaced = codes.put(codeHash, tombstone);
    if (replaced == null
        || replaced.spentAt() != 0
        || !SecretHashes.sha256(Flows.VERIFIER).equals(issued.challenge())) {
      throw new IllegalStateException("floor: code already used or PKCE failed");
    }
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    Row row = new Row(clientId, issued.userId(), Flows.SCOPE, codeHash, null, now, 0);
    refreshTokens.put(SecretHashes.sha256(refresh), withExpiry(row, now + REFRESH_TTL));
    tokens.put(SecretHashes.sha256(access), withExpiry(row, now + LiveTokens.HOUR_MILLIS));
    complete(codes, codeHash, tombstone, now);
    return access;
  }

  @Override
  public String issueRefreshToken(String userId) {
    long now = System.currentTimeMillis();
    String refresh = Flows.newSecret();
    refreshTokens.put(
        SecretHashes.sha256(refresh),
        new Row(clientId, userId, Flows.SCOPE, "family-" + refresh, null, now, now + 86_400_000L));
    return refresh;
  }

  @Override
  public String refresh(String refreshToken) {
    long now = System.currentTimeMillis();
    authenticate();
    String oldHash = SecretHashes.sha256(refreshToken);
    Row old = refreshTokens.get(oldHash);
    if (old == null || old.spentAt() != 0) {
      throw new IllegalStateException("floor: refresh token not found or already rotated");
    }
    Row tombstone = old.spent(now, old.expiresAt());
    Row replaced = refreshTokens.put(oldHash, tombstone);
    if (replaced == null || replaced.spentAt() != 0) {
      throw new IllegalStateException("floor: refresh token already rotated");
    }
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    Row row = new Row(clientId, old.userId(), old.scope(), old.family(), null, now, 0);
    refreshTokens.put(SecretHashes.sha256(refresh), withExpiry(row, old.expiresAt()));
    tokens.put(SecretHashes.sha256(access), withExpiry(row, now + LiveTokens.HOUR_MILLIS));
    complete(refreshTokens, oldHash, tombstone, now);
    return refresh;
  }

  @Override
  public void storeAccessTokens(String[] presented) {
    long now = System.currentTimeMillis();
    for (String token : presented) {
      tokens.put(
          SecretHashes.sha256(token),
          new Row(clientId, "user", Flows.SCOPE, "f", null, now, now + LiveTokens.HOUR_MILLIS));
    }
  }

  @Override
  public void revoke(String accessToken) {
    tokens.remove(SecretHashes.sha256(accessToken));
  }

  @Override
  public void close() {}

  /** Puts the completed tombstone, which must replace the first one. */
  private static void complete(
      ConcurrentHashMap<String, Row> table, String key, Row tombstone, long now) {
    if (table.put(key, tombstone.completed(now)) == null) {
      throw new IllegalStateException("floor: the tombstone vanished");
    }
  }

  private void requireClient() {
    if (secretHashes.get(clientId) == null) {
      throw new IllegalStateException("floor: unknown client");
    }
  }

  private void authenticate() {
    String expected = secretHashes.get(clientId);
    if (!MessageDigest.isEqual(
        SecretHashes.sha256(secret).getBytes(StandardCharsets.US_ASCII),
        expected.getBytes(StandardCharsets.US_ASCII))) {
      throw new IllegalStateException("floor: wrong client secret");
    }
  }

  private static Row withExpiry(Row row, long expiresAt) {
    return new Row(
        row.clientId(),
        row.userId(),
        row.scope(),
        row.family(),
        row.challenge(),
        row.issuedAt(),
        expiresAt);
  }
}

package dev.proauth2.bench;

import dev.proauth2.ClientRegistration;
import dev.proauth2.spi.SecretHashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;

/** The memory floor: a {@code ConcurrentHashMap} per table of compact rows. */
final class MemoryFloor implements Floor {

  private static final long CODE_TTL = 60_000L;

  /** A row with the fields the flows need, and nothing else. */
  private record Row(
      String clientId,
      String userId,
      String scope,
      String family,
      String challenge,
      long issuedAt,
      long expiresAt) {}

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
    Row issued = codes.remove(codeHash);
    if (issued == null || !SecretHashes.sha256(Flows.VERIFIER).equals(issued.challenge())) {
      throw new IllegalStateException("floor: code not found or PKCE failed");
    }
    return issue(issued.userId(), codeHash, now);
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
    Row old = refreshTokens.remove(SecretHashes.sha256(refreshToken));
    if (old == null) {
      throw new IllegalStateException("floor: refresh token not found");
    }
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    Row row = new Row(clientId, old.userId(), old.scope(), old.family(), null, now, 0);
    refreshTokens.put(SecretHashes.sha256(refresh), withExpiry(row, old.expiresAt()));
    tokens.put(SecretHashes.sha256(access), withExpiry(row, now + LiveTokens.HOUR_MILLIS));
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

  private String issue(String userId, String family, long now) {
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    refreshTokens.put(
        SecretHashes.sha256(refresh),
        new Row(clientId, userId, Flows.SCOPE, family, null, now, now + 30 * 86_400_000L));
    tokens.put(
        SecretHashes.sha256(access),
        new Row(clientId, userId, Flows.SCOPE, family, null, now, now + LiveTokens.HOUR_MILLIS));
    return access;
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

package dev.proauth2.bench;

import dev.proauth2.ClientRegistration;
import dev.proauth2.spi.SecretHashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory floor: a {@code ConcurrentHashMap} per table of compact rows. A code exchange's token
 * request is a map get of the client, a map get of the code, 2 map puts (the refresh and the access
 * token) and one {@code replace(key, code, tombstone)}, which swaps in the tombstone only if the
 * map still holds the live, unredeemed code the exchange read; a refresh is the same on the refresh
 * tokens. An exchange whose replace fails removes its two tokens and refuses.
 */
final class MemoryFloor implements Floor {

  private static final long CODE_TTL = 60_000L;
  private static final long REFRESH_TTL = 30 * 86_400_000L;

  /**
   * A row with the fields the flows need, and nothing else; {@code spentAt} is when a code was
   * redeemed or a refresh token rotated, 0 when not.
   */
  private record Row(
      String clientId,
      String userId,
      String scope,
      String family,
      String redirectUri,
      String challenge,
      long issuedAt,
      long expiresAt,
      long spentAt) {

    Row(
        String clientId,
        String userId,
        String scope,
        String family,
        long issuedAt,
        long expiresAt) {
      this(clientId, userId, scope, family, null, null, issuedAt, expiresAt, 0);
    }

    /** Whether this row is unexpired at {@code now} and not spent. */
    boolean usable(long now) {
      return expiresAt > now && spentAt == 0;
    }

    /** The tombstone this row leaves when it is used at {@code now}. */
    Row spent(long now, long until) {
      return new Row(clientId, userId, scope, family, redirectUri, challenge, issuedAt, until, now);
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
        new Row(
            clientId,
            userId,
            Flows.SCOPE,
            null,
            Flows.REDIRECT_URI,
            Flows.CHALLENGE,
            now,
            now + CODE_TTL,
            0));

    authenticate();
    String codeHash = SecretHashes.sha256(code);
    Row issued = codes.get(codeHash);
    if (issued == null || !issued.usable(now) || !clientId.equals(issued.clientId())) {
      throw new IllegalStateException("floor: code unknown, expired, used or another client's");
    }
    long familyEnd = now + REFRESH_TTL;
    Row tombstone = issued.spent(now, familyEnd);
    if (!Flows.REDIRECT_URI.equals(issued.redirectUri())
        || !SecretHashes.sha256(Flows.VERIFIER).equals(issued.challenge())) {
      // The client's own failed attempt uses the code up, as in the engine.
      codes.replace(codeHash, issued, tombstone);
      throw new IllegalStateException("floor: redirect URI or PKCE failed");
    }
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    String refreshHash = SecretHashes.sha256(refresh);
    String accessHash = SecretHashes.sha256(access);
    refreshTokens.put(
        refreshHash, new Row(clientId, issued.userId(), Flows.SCOPE, codeHash, now, familyEnd));
    tokens.put(
        accessHash,
        new Row(
            clientId, issued.userId(), Flows.SCOPE, codeHash, now, now + LiveTokens.HOUR_MILLIS));
    claim(codes, codeHash, issued, tombstone, refreshHash, accessHash);
    return access;
  }

  @Override
  public String issueRefreshToken(String userId) {
    long now = System.currentTimeMillis();
    String refresh = Flows.newSecret();
    refreshTokens.put(
        SecretHashes.sha256(refresh),
        new Row(clientId, userId, Flows.SCOPE, "family-" + refresh, now, now + 86_400_000L));
    return refresh;
  }

  @Override
  public String refresh(String refreshToken) {
    long now = System.currentTimeMillis();
    authenticate();
    String oldHash = SecretHashes.sha256(refreshToken);
    Row old = refreshTokens.get(oldHash);
    if (old == null || !old.usable(now) || !clientId.equals(old.clientId())) {
      throw new IllegalStateException("floor: refresh token unknown, expired, rotated or not ours");
    }
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    String refreshHash = SecretHashes.sha256(refresh);
    String accessHash = SecretHashes.sha256(access);
    refreshTokens.put(
        refreshHash,
        new Row(clientId, old.userId(), old.scope(), old.family(), now, old.expiresAt()));
    tokens.put(
        accessHash,
        new Row(
            clientId, old.userId(), old.scope(), old.family(), now, now + LiveTokens.HOUR_MILLIS));
    claim(refreshTokens, oldHash, old, old.spent(now, old.expiresAt()), refreshHash, accessHash);
    return refresh;
  }

  @Override
  public void storeAccessTokens(String[] presented) {
    long now = System.currentTimeMillis();
    for (String token : presented) {
      tokens.put(
          SecretHashes.sha256(token),
          new Row(clientId, "user", Flows.SCOPE, "f", now, now + LiveTokens.HOUR_MILLIS));
    }
  }

  @Override
  public void revoke(String accessToken) {
    tokens.remove(SecretHashes.sha256(accessToken));
  }

  @Override
  public void close() {}

  /**
   * Replaces the row the exchange read, live and unspent, with its tombstone, in one atomic {@code
   * replace(key, expected, tombstone)}; if the map no longer holds that row (used, revoked or
   * replaced meanwhile), writes nothing, removes the exchange's two tokens and refuses.
   */
  private void claim(
      ConcurrentHashMap<String, Row> table,
      String key,
      Row read,
      Row tombstone,
      String refreshHash,
      String accessHash) {
    if (!table.replace(key, read, tombstone)) {
      refreshTokens.remove(refreshHash);
      tokens.remove(accessHash);
      throw new IllegalStateException("floor: " + key + " was used or revoked meanwhile");
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
}

package dev.proauth2.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.proauth2.ClientRegistration;
import dev.proauth2.spi.SecretHashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * The MongoDB floor: raw commands through the {@code MongoClient} the store was opened on, one
 * document per record keyed by {@code _id}, in collections of the floor's own beside the store's;
 * the client is read from the document the store wrote. New records go in with {@code insertOne}; a
 * code or refresh token is used by putting its tombstone with {@code findOneAndReplace}, which
 * answers the document it replaced, and its exchange ends with the completed tombstone, put the
 * same way. A code exchange is 8 commands, a refresh 6.
 */
final class MongoFloor implements Floor {

  private final MongoCollection<BsonDocument> applications;
  private final MongoCollection<BsonDocument> codes;
  private final MongoCollection<BsonDocument> tokens;
  private final MongoCollection<BsonDocument> refreshTokens;
  private final BsonDocument byClientId;
  private final String clientId;
  private final String secret;

  MongoFloor(String database, ClientRegistration client) {
    MongoDatabase db = BenchMongo.client().getDatabase(database);
    this.applications = db.getCollection("applications", BsonDocument.class);
    this.codes = db.getCollection("floor_nonce_codes", BsonDocument.class);
    this.tokens = db.getCollection("floor_tokens", BsonDocument.class);
    this.refreshTokens = db.getCollection("floor_refresh_tokens", BsonDocument.class);
    this.byClientId = new BsonDocument("_id", new BsonString(client.clientId()));
    this.clientId = client.clientId();
    this.secret = client.clientSecret();
  }

  @Override
  public String codeExchange(String userId) {
    long now = System.currentTimeMillis();
    if (applications.find(byClientId).limit(1).first() == null) {
      throw new IllegalStateException("floor: unknown client");
    }
    String code = Flows.newSecret();
    codes.insertOne(
        new BsonDocument("_id", new BsonString(SecretHashes.sha256(code)))
            .append("client_id", new BsonString(clientId))
            .append("user_id", new BsonString(userId))
            .append("redirect_uri", new BsonString(Flows.REDIRECT_URI))
            .append("scope", new BsonString(Flows.SCOPE))
            .append("code_challenge", new BsonString(Flows.CHALLENGE))
            .append("code_challenge_method", new BsonString("S256"))
            .append("issued_at", new BsonInt64(now))
            .append("expires_at", new BsonDateTime(now + 60_000L)));

    authenticate(applications.find(byClientId).limit(1).first());
    String codeHash = SecretHashes.sha256(code);
    BsonDocument byCode = new BsonDocument("_id", new BsonString(codeHash));
    BsonDocument issued = codes.find(byCode).limit(1).first();
    if (issued == null || issued.containsKey("redeemed_at")) {
      throw new IllegalStateException("floor: code not found or already used");
    }
    long familyEnd = now + 30 * 86_400_000L;
    BsonDocument tombstone =
        issued
            .clone()
            .append("expires_at", new BsonDateTime(familyEnd))
            .append("redeemed_at", new BsonInt64(now));
    claim(codes, byCode, tombstone, "redeemed_at");
    if (!SecretHashes.sha256(Flows.VERIFIER)
        .equals(issued.getString("code_challenge").getValue())) {
      throw new IllegalStateException("floor: PKCE failed");
    }
    String owner = issued.getString("user_id").getValue();
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    refreshTokens.insertOne(token(refresh, owner, codeHash, now, familyEnd));
    tokens.insertOne(token(access, owner, codeHash, now, now + LiveTokens.HOUR_MILLIS));
    complete(codes, byCode, tombstone, now);
    return access;
  }

  @Override
  public String issueRefreshToken(String userId) {
    long now = System.currentTimeMillis();
    String refresh = Flows.newSecret();
    refreshTokens.insertOne(token(refresh, userId, "family-" + refresh, now, now + 86_400_000L));
    return refresh;
  }

  @Override
  public String refresh(String refreshToken) {
    long now = System.currentTimeMillis();
    authenticate(applications.find(byClientId).limit(1).first());
    BsonDocument byToken =
        new BsonDocument("_id", new BsonString(SecretHashes.sha256(refreshToken)));
    BsonDocument old = refreshTokens.find(byToken).limit(1).first();
    if (old == null || old.containsKey("rotated_at")) {
      throw new IllegalStateException("floor: refresh token not found or already rotated");
    }
    BsonDocument tombstone = old.clone().append("rotated_at", new BsonInt64(now));
    claim(refreshTokens, byToken, tombstone, "rotated_at");
    String userId = old.getString("user_id").getValue();
    String family = old.getString("family").getValue();
    long familyEnd = old.getDateTime("expires_at").getValue();
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    refreshTokens.insertOne(token(refresh, userId, family, now, familyEnd));
    tokens.insertOne(token(access, userId, family, now, now + LiveTokens.HOUR_MILLIS));
    complete(refreshTokens, byToken, tombstone, now);
    return refresh;
  }

  @Override
  public void storeAccessTokens(String[] presented) {
    long now = System.currentTimeMillis();
    List<BsonDocument> batch = new ArrayList<>();
    for (String token : presented) {
      batch.add(token(token, "user", "family", now, now + LiveTokens.HOUR_MILLIS));
      if (batch.size() == 1000) {
        tokens.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      tokens.insertMany(batch);
    }
  }

  @Override
  public void revoke(String accessToken) {
    tokens.deleteOne(new BsonDocument("_id", new BsonString(SecretHashes.sha256(accessToken))));
  }

  @Override
  public void close() {}

  private BsonDocument token(
      String token, String userId, String family, long issuedAt, long expiresAt) {
    return new BsonDocument("_id", new BsonString(SecretHashes.sha256(token)))
        .append("client_id", new BsonString(clientId))
        .append("user_id", new BsonString(userId))
        .append("scope", new BsonString(Flows.SCOPE))
        .append("family", new BsonString(family))
        .append("issued_at", new BsonInt64(issuedAt))
        .append("expires_at", new BsonDateTime(expiresAt));
  }

  /**
   * Puts the first tombstone with {@code findOneAndReplace}; it must replace the live record, not
   * nothing (revoked or expired) and not another tombstone (used already).
   */
  private static void claim(
      MongoCollection<BsonDocument> collection,
      BsonDocument byId,
      BsonDocument tombstone,
      String marker) {
    BsonDocument replaced = collection.findOneAndReplace(byId, tombstone);
    if (replaced == null || replaced.containsKey(marker)) {
      throw new IllegalStateException("floor: " + byId + " was used or revoked meanwhile");
    }
  }

  /** Puts the completed tombstone with {@code findOneAndReplace}; it must replace the first. */
  private static void complete(
      MongoCollection<BsonDocument> collection,
      BsonDocument byId,
      BsonDocument tombstone,
      long now) {
    BsonDocument completed = tombstone.clone().append("completed_at", new BsonInt64(now));
    if (collection.findOneAndReplace(byId, completed) == null) {
      throw new IllegalStateException("floor: the tombstone of " + byId + " vanished");
    }
  }

  private void authenticate(BsonDocument application) {
    String expected = application == null ? null : application.getString("secret_hash").getValue();
    if (expected == null
        || !MessageDigest.isEqual(
            SecretHashes.sha256(secret).getBytes(StandardCharsets.US_ASCII),
            expected.getBytes(StandardCharsets.US_ASCII))) {
      throw new IllegalStateException("floor: client authentication failed");
    }
  }
}

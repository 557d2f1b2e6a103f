package dev.proauth2.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.proauth2.ClientRegistration;
import dev.proauth2.spi.DataStore;
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
 * The MongoDB floor: raw commands through the store's own {@code MongoClient}, one document per
 * record keyed by {@code _id}, in collections of the floor's own beside the store's; the client is
 * read from the document the store wrote. A code exchange is 6 commands, a refresh 4.
 */
final class MongoFloor implements Floor {

  private final MongoCollection<BsonDocument> applications;
  private final MongoCollection<BsonDocument> codes;
  private final MongoCollection<BsonDocument> tokens;
  private final MongoCollection<BsonDocument> refreshTokens;
  private final BsonDocument byClientId;
  private final String clientId;
  private final String secret;

  MongoFloor(DataStore store, String database, ClientRegistration client) {
    MongoDatabase db = BenchMongo.clientOf(store).getDatabase(database);
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
    BsonDocument issued = codes.findOneAndDelete(new BsonDocument("_id", new BsonString(codeHash)));
    if (issued == null
        || !SecretHashes.sha256(Flows.VERIFIER)
            .equals(issued.getString("code_challenge").getValue())) {
      throw new IllegalStateException("floor: code not found or PKCE failed");
    }
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    refreshTokens.insertOne(token(refresh, userId, codeHash, now, now + 30 * 86_400_000L));
    tokens.insertOne(token(access, userId, codeHash, now, now + LiveTokens.HOUR_MILLIS));
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
    BsonDocument old =
        refreshTokens.findOneAndDelete(
            new BsonDocument("_id", new BsonString(SecretHashes.sha256(refreshToken))));
    if (old == null) {
      throw new IllegalStateException("floor: refresh token not found");
    }
    String userId = old.getString("user_id").getValue();
    String family = old.getString("family").getValue();
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    refreshTokens.insertOne(token(refresh, userId, family, now, now + 86_400_000L));
    tokens.insertOne(token(access, userId, family, now, now + LiveTokens.HOUR_MILLIS));
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

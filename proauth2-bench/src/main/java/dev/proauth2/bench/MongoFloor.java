package dev.proauth2.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
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
 * the client is read from the document the store wrote. New records go in with {@code insertOne}. A
 * code or refresh token is used, after the exchange stored its two tokens, by replacing it with its
 * tombstone in one {@code findOneAndReplace} on {@code {_id, expires_at > now}}, without upsert,
 * returning the document as it was before: it must be the live, unspent record; otherwise the
 * exchange deletes its two tokens and refuses. A code exchange's token request is {@code find}
 * client, {@code find} code, 2 {@code insertOne}s and 1 {@code findOneAndReplace}: with the
 * authorization request ({@code find} client, {@code insertOne} code) 7 commands. A refresh is the
 * same 5 commands as the token request.
 */
final class MongoFloor implements Floor {

  /** No upsert (the driver's default), and the document as it was before. */
  private static final FindOneAndReplaceOptions RETURN_BEFORE =
      new FindOneAndReplaceOptions().upsert(false).returnDocument(ReturnDocument.BEFORE);

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
    BsonString codeId = new BsonString(codeHash);
    BsonDocument issued = codes.find(new BsonDocument("_id", codeId)).limit(1).first();
    if (issued == null
        || issued.getDateTime("expires_at").getValue() <= now
        || issued.containsKey("redeemed_at")
        || !clientId.equals(issued.getString("client_id").getValue())) {
      throw new IllegalStateException("floor: code unknown, expired, used or another client's");
    }
    long familyEnd = now + 30 * 86_400_000L;
    BsonDocument tombstone =
        issued
            .clone()
            .append("expires_at", new BsonDateTime(familyEnd))
            .append("redeemed_at", new BsonInt64(now));
    if (!Flows.REDIRECT_URI.equals(issued.getString("redirect_uri").getValue())
        || !SecretHashes.sha256(Flows.VERIFIER)
            .equals(issued.getString("code_challenge").getValue())) {
      // The client's own failed attempt uses the code up, as in the engine.
      codes.findOneAndReplace(live(codeId, now), tombstone, RETURN_BEFORE);
      throw new IllegalStateException("floor: redirect URI or PKCE failed");
    }
    String owner = issued.getString("user_id").getValue();
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    BsonDocument refreshDocument = token(refresh, owner, codeHash, now, familyEnd);
    BsonDocument accessDocument = token(access, owner, codeHash, now, now + LiveTokens.HOUR_MILLIS);
    refreshTokens.insertOne(refreshDocument);
    tokens.insertOne(accessDocument);
    claim(codes, codeId, tombstone, "redeemed_at", now, refreshDocument, accessDocument);
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
    BsonString oldId = new BsonString(SecretHashes.sha256(refreshToken));
    BsonDocument old = refreshTokens.find(new BsonDocument("_id", oldId)).limit(1).first();
    if (old == null
        || old.getDateTime("expires_at").getValue() <= now
        || old.containsKey("rotated_at")
        || !clientId.equals(old.getString("client_id").getValue())) {
      throw new IllegalStateException("floor: refresh token unknown, expired, rotated or not ours");
    }
    String userId = old.getString("user_id").getValue();
    String family = old.getString("family").getValue();
    long familyEnd = old.getDateTime("expires_at").getValue();
    String access = Flows.newSecret();
    String refresh = Flows.newSecret();
    BsonDocument refreshDocument = token(refresh, userId, family, now, familyEnd);
    BsonDocument accessDocument = token(access, userId, family, now, now + LiveTokens.HOUR_MILLIS);
    refreshTokens.insertOne(refreshDocument);
    tokens.insertOne(accessDocument);
    BsonDocument tombstone = old.clone().append("rotated_at", new BsonInt64(now));
    claim(refreshTokens, oldId, tombstone, "rotated_at", now, refreshDocument, accessDocument);
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

  /** The filter of a record by {@code _id} that only a live one matches. */
  private static BsonDocument live(BsonString id, long now) {
    return new BsonDocument("_id", id)
        .append("expires_at", new BsonDocument("$gt", new BsonDateTime(now)));
  }

  /**
   * Replaces the record with its tombstone in one {@code findOneAndReplace} of the live record,
   * without upsert, after the tokens were stored. It must have replaced the live record: not
   * nothing (revoked or expired: nothing was written) and not another tombstone (used already).
   * Otherwise the two tokens are deleted and the exchange refuses.
   */
  private void claim(
      MongoCollection<BsonDocument> collection,
      BsonString id,
      BsonDocument tombstone,
      String marker,
      long now,
      BsonDocument refreshDocument,
      BsonDocument accessDocument) {
    BsonDocument replaced = collection.findOneAndReplace(live(id, now), tombstone, RETURN_BEFORE);
    if (replaced == null || replaced.containsKey(marker)) {
      refreshTokens.deleteOne(new BsonDocument("_id", refreshDocument.get("_id")));
      tokens.deleteOne(new BsonDocument("_id", accessDocument.get("_id")));
      throw new IllegalStateException("floor: " + id.getValue() + " was used or revoked meanwhile");
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

package dev.proauth2.datastore.redis;

import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Valid records for this module's own tests (the testkit keeps its samples to itself). */
final class RedisSampleRecords {

  static final long HOUR = 3_600_000L;

  private RedisSampleRecords() {}

  static String newHash() {
    return SecretHashes.sha256(UUID.randomUUID().toString());
  }

  /** An access token of client-1 for the user, expiring in an hour, with a fresh hash. */
  static Record token(String userId, String family) {
    return token(newHash(), userId, family, HOUR);
  }

  /** A token of client-1 with the given hash and lifetime in milliseconds. */
  static Record token(String tokenHash, String userId, String family, long lifetime) {
    long now = System.currentTimeMillis();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.TOKEN_HASH, tokenHash);
    fields.put(Table.CLIENT_ID, "client-1");
    fields.put(Table.USER_ID, userId);
    fields.put(Table.SCOPE, "read");
    fields.put(Table.FAMILY, family);
    fields.put(Table.ISSUED_AT, now);
    fields.put(Table.EXPIRES_AT, now + lifetime);
    return Record.of(fields);
  }

  /** An authorization code of client-1, expiring in a minute. */
  static Record code(String codeHash) {
    long now = System.currentTimeMillis();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CODE_HASH, codeHash);
    fields.put(Table.CLIENT_ID, "client-1");
    fields.put(Table.USER_ID, "alice");
    fields.put(Table.REDIRECT_URI, "https://app.example/cb");
    fields.put(Table.ISSUED_AT, now);
    fields.put(Table.EXPIRES_AT, now + 60_000L);
    return Record.of(fields);
  }

  /** A confidential client; it never expires. */
  static Record application(String clientId, String secretHash) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CLIENT_ID, clientId);
    fields.put(Table.NAME, "Sample app");
    fields.put(Table.SECRET_HASH, secretHash);
    fields.put(Table.REDIRECT_URIS, "https://app.example/cb");
    fields.put(Table.GRANT_TYPES, "authorization_code refresh_token");
    fields.put(Table.AUTH_METHOD, "client_secret_basic");
    fields.put(Table.CREATED_AT, System.currentTimeMillis());
    return Record.of(fields);
  }
}

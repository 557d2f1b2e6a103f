package dev.proauth2.datastore.mongo;

import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records for this module's own tests, keyed the way the engine keys them: by a secret's hash. */
final class Samples {

  static final long HOUR = 3_600_000L;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Samples() {}

  /** A 256-bit secret, base64url, like the tokens, codes and client secrets the engine issues. */
  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** An hour from now, in epoch milliseconds. */
  static long inAnHour() {
    return System.currentTimeMillis() + HOUR;
  }

  /** The record with an {@code expires_at} a second ago. */
  static Record expired(Record record) {
    return record.with(Table.EXPIRES_AT, System.currentTimeMillis() - 1_000);
  }

  static Record application(String clientId, String clientSecret) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CLIENT_ID, clientId);
    fields.put(Table.NAME, "Mongo sample app");
    fields.put(Table.SECRET_HASH, SecretHashes.sha256(clientSecret));
    fields.put(Table.REDIRECT_URIS, "https://app.example/cb");
    fields.put(Table.SCOPE, "read write");
    fields.put(Table.GRANT_TYPES, "authorization_code refresh_token");
    fields.put(Table.AUTH_METHOD, "client_secret_basic");
    fields.put(Table.CREATED_AT, System.currentTimeMillis());
    return Record.of(fields);
  }

  static Record code(String code) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CODE_HASH, SecretHashes.sha256(code));
    fields.put(Table.CLIENT_ID, "client-1");
    fields.put(Table.USER_ID, "alice@example.com");
    fields.put(Table.REDIRECT_URI, "https://app.example/cb");
    fields.put(Table.SCOPE, "read");
    fields.put(Table.CODE_CHALLENGE, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    fields.put(Table.CODE_CHALLENGE_METHOD, "S256");
    fields.put(Table.ISSUED_AT, System.currentTimeMillis());
    fields.put(Table.EXPIRES_AT, System.currentTimeMillis() + 60_000);
    return Record.of(fields);
  }

  static Record token(Table table, String token, String family) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.TOKEN_HASH, SecretHashes.sha256(token));
    fields.put(Table.CLIENT_ID, "client-1");
    fields.put(Table.USER_ID, "alice@example.com");
    fields.put(Table.SCOPE, "read write");
    fields.put(Table.FAMILY, family);
    fields.put(Table.ISSUED_AT, System.currentTimeMillis());
    fields.put(Table.EXPIRES_AT, System.currentTimeMillis() + HOUR);
    return Record.of(fields);
  }
}

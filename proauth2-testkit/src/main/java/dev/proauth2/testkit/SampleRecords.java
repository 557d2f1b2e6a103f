package dev.proauth2.testkit;

import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Valid records of every table, for the contracts; each call makes a new key. */
final class SampleRecords {

  static final long HOUR = 3_600_000L;

  /** A JWK SHA-256 thumbprint, as a DPoP-bound code or token carries. */
  static final String DPOP_JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

  private SampleRecords() {}

  static String newHash() {
    return SecretHashes.sha256(UUID.randomUUID().toString());
  }

  static long now() {
    return System.currentTimeMillis();
  }

  static Record application(String clientId) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CLIENT_ID, clientId);
    fields.put(Table.NAME, "Sample app");
    fields.put(Table.SECRET_HASH, newHash());
    fields.put(Table.REDIRECT_URIS, "https://app.example/cb https://app.example/cb2");
    fields.put(Table.SCOPE, "read write");
    fields.put(Table.GRANT_TYPES, "authorization_code refresh_token");
    fields.put(Table.AUTH_METHOD, "client_secret_basic");
    fields.put(Table.CREATED_AT, now());
    return Record.of(fields);
  }

  static Record code(String codeHash, long expiresAt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CODE_HASH, codeHash);
    fields.put(Table.CLIENT_ID, "client-1");
    fields.put(Table.USER_ID, "alice@example.com");
    fields.put(Table.REDIRECT_URI, "https://app.example/cb");
    fields.put(Table.SCOPE, "read");
    fields.put(Table.CODE_CHALLENGE, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    fields.put(Table.CODE_CHALLENGE_METHOD, "S256");
    fields.put(Table.RESOURCE, "https://api.example/mcp https://api.example/files");
    fields.put(Table.ISSUED_AT, now());
    fields.put(Table.EXPIRES_AT, expiresAt);
    fields.put(Table.NONCE, "n-0S6_WzA2Mj");
    fields.put(Table.AUTH_TIME, now() / 1000);
    fields.put(Table.ACR, "urn:mace:incommon:iap:silver");
    fields.put(Table.AMR, "pwd otp");
    fields.put(Table.DPOP_JKT, DPOP_JKT);
    return Record.of(fields);
  }

  static Record token(String tokenHash, String userId, String clientId, String family) {
    return token(tokenHash, userId, clientId, family, now() + HOUR);
  }

  static Record token(
      String tokenHash, String userId, String clientId, String family, long expiresAt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.TOKEN_HASH, tokenHash);
    fields.put(Table.CLIENT_ID, clientId);
    fields.put(Table.USER_ID, userId);
    fields.put(Table.SCOPE, "read write");
    fields.put(Table.FAMILY, family);
    fields.put(Table.RESOURCE, "https://api.example/mcp");
    fields.put(Table.ISSUED_AT, now());
    fields.put(Table.EXPIRES_AT, expiresAt);
    fields.put(Table.ACT, "service-b service-a%20%C3%A9");
    fields.put(Table.DPOP_JKT, DPOP_JKT);
    return Record.of(fields);
  }

  static Record refreshToken(String tokenHash, String userId, String clientId, String family) {
    Map<String, Object> fields =
        new LinkedHashMap<>(token(tokenHash, userId, clientId, family).fields());
    fields.remove(Table.ACT);
    fields.put(Table.EXPIRES_AT, now() + 24 * HOUR);
    fields.put(Table.AUTH_TIME, now() / 1000);
    fields.put(Table.ACR, "urn:mace:incommon:iap:silver");
    fields.put(Table.AMR, "pwd otp");
    return Record.of(fields);
  }

  /**
   * An application with every optional field: resources, keys, the resource-server flag, and a
   * lifetime (it expires in an hour, its lifetime ends in a day), as a client that registered
   * itself has.
   */
  static Record fullApplication(String clientId) {
    Map<String, Object> fields = new LinkedHashMap<>(application(clientId).fields());
    fields.remove(Table.SECRET_HASH);
    fields.put(Table.AUTH_METHOD, "private_key_jwt");
    fields.put(Table.RESOURCE_SERVER, 1L);
    fields.put(Table.RESOURCES, "https://api.example/mcp https://api.example/files");
    fields.put(
        Table.JWKS,
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"k1\","
            + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}]}");
    fields.put(Table.EXPIRES_AT, now() + HOUR);
    fields.put(Table.LIFETIME_ENDS_AT, now() + 24 * HOUR);
    fields.put(Table.APPLICATION_TYPE, "native");
    fields.put(Table.ACCESS_TOKEN_FORMAT, "jwt");
    fields.put(Table.POST_LOGOUT_REDIRECT_URIS, "https://app.example/bye https://app.example/out");
    fields.put(Table.ID_TOKEN_SIGNED_RESPONSE_ALG, "ES256");
    fields.put(Table.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS, 1L);
    fields.put(Table.DPOP_BOUND_ACCESS_TOKENS, 1L);
    return Record.of(fields);
  }

  /** An application whose lifetime expired a second ago. */
  static Record expiredApplication() {
    return fullApplication("client-" + UUID.randomUUID()).with(Table.EXPIRES_AT, now() - 1_000);
  }

  /**
   * The samples of a table: {@link #of(Table)}, and where {@code expires_at} is optional another
   * without it, as a client that never expires has.
   */
  static List<Record> variants(Table table) {
    Record sample = of(table);
    boolean optional = !table.field(Table.EXPIRES_AT).map(Table.Field::required).orElse(true);
    return optional
        ? List.of(sample, without(without(of(table), Table.EXPIRES_AT), Table.LIFETIME_ENDS_AT))
        : List.of(sample);
  }

  static Record oneTimeId(String idHash, long expiresAt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.ID_HASH, idHash);
    fields.put(Table.CLIENT_ID, "client-1");
    fields.put(Table.ISSUED_AT, now());
    fields.put(Table.EXPIRES_AT, expiresAt);
    return Record.of(fields);
  }

  /** An approved device code (RFC 8628) with every field but the tombstone's. */
  static Record deviceCode(String codeHash, long expiresAt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CODE_HASH, codeHash);
    fields.put(Table.CLIENT_ID, "client-1");
    fields.put(Table.USER_CODE_HASH, newHash());
    fields.put(Table.USER_ID, "alice@example.com");
    fields.put(Table.SCOPE, "read write");
    fields.put(Table.RESOURCE, "https://api.example/");
    fields.put(Table.ISSUED_AT, now());
    fields.put(Table.CODE_EXPIRES_AT, expiresAt);
    fields.put(Table.EXPIRES_AT, expiresAt);
    return Record.of(fields);
  }

  /** A user code (RFC 8628) that was polled once. */
  static Record userCode(String userCodeHash, long expiresAt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.USER_CODE_HASH, userCodeHash);
    fields.put(Table.CODE_HASH, newHash());
    fields.put(Table.CLIENT_ID, "client-1");
    fields.put(Table.POLL_INTERVAL, 5_000L);
    fields.put(Table.POLLED_AT, now());
    fields.put(Table.ISSUED_AT, now());
    fields.put(Table.EXPIRES_AT, expiresAt);
    return Record.of(fields);
  }

  /**
   * A pushed authorization request whose parameters are as long as the schema allows: a store must
   * keep a text field up to its length.
   */
  static Record pushedRequest(String requestHash, long expiresAt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.REQUEST_HASH, requestHash);
    fields.put(Table.CLIENT_ID, "client-1");
    String head = "response_type=code&client_id=client-1&state=";
    fields.put(
        Table.REQUEST_PARAMETERS, head + "s".repeat(Table.MAX_REQUEST_PARAMETERS - head.length()));
    fields.put(Table.ISSUED_AT, now());
    fields.put(Table.EXPIRES_AT, expiresAt);
    return Record.of(fields);
  }

  /**
   * A key set whose entries are as long as the schema allows: a store must keep a text field up to
   * its length.
   */
  static Record keySet(String name) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.KEY_SET, name);
    String head = "[{\"kid\":\"" + newHash() + "\",\"sealed\":\"";
    String tail = "\"}]";
    String padding = "A".repeat(Table.MAX_KEY_ENTRIES - head.length() - tail.length());
    fields.put(Table.KEY_ENTRIES, head + padding + tail);
    fields.put(Table.REVISION, newHash());
    fields.put(Table.UPDATED_AT, now());
    return Record.of(fields);
  }

  /** The record with a field other than its key changed: its scope, its revision or its client. */
  static Record changed(Table table, Record record) {
    if (table.field(Table.SCOPE).isPresent()) {
      return record.with(Table.SCOPE, "replaced");
    }
    return table.field(Table.REVISION).isPresent()
        ? record.with(Table.REVISION, newHash())
        : record.with(Table.CLIENT_ID, "replaced-client");
  }

  /** The record with one field left out. */
  static Record without(Record record, String field) {
    java.util.Map<String, Object> fields = new LinkedHashMap<>(record.fields());
    fields.remove(field);
    return Record.of(fields);
  }

  static Record of(Table table) {
    switch (table) {
      case APPLICATIONS:
        return fullApplication("client-" + UUID.randomUUID());
      case NONCE_CODES:
        return code(newHash(), now() + HOUR);
      case TOKENS:
        return token(newHash(), "alice@example.com", "client-1", newHash());
      case REFRESH_TOKENS:
        return refreshToken(newHash(), "alice@example.com", "client-1", newHash());
      case ONE_TIME_IDS:
        return oneTimeId(newHash(), now() + HOUR);
      case SIGNING_KEYS:
        return keySet("set-" + UUID.randomUUID());
      case PUSHED_REQUESTS:
        return pushedRequest(newHash(), now() + HOUR);
      case DEVICE_CODES:
        return deviceCode(newHash(), now() + HOUR);
      case USER_CODES:
        return userCode(newHash(), now() + HOUR);
      default:
        throw new IllegalArgumentException("no sample for " + table);
    }
  }

  /** A copy of the record with a field set; the record must stay valid for its table. */
  static Record with(Record record, String field, Object value) {
    return record.with(field, value);
  }
}

package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Valid records for this module's own tests (the testkit keeps its samples to itself). */
final class Samples {

  static final long HOUR = 3_600_000L;

  private Samples() {}

  static String newHash() {
    return SecretHashes.sha256(UUID.randomUUID().toString());
  }

  /** An access token of client-1 for the user, with a fresh hash, expiring after a lifetime. */
  static Record token(String userId, long lifetimeMillis) {
    long now = System.currentTimeMillis();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.TOKEN_HASH, newHash());
    fields.put(Table.CLIENT_ID, "client-1");
    fields.put(Table.USER_ID, userId);
    fields.put(Table.SCOPE, "read");
    fields.put(Table.FAMILY, newHash());
    fields.put(Table.ISSUED_AT, now);
    fields.put(Table.EXPIRES_AT, now + lifetimeMillis);
    return Record.of(fields);
  }

  static String key(Record token) {
    return token.string(Table.TOKEN_HASH).orElseThrow();
  }
}

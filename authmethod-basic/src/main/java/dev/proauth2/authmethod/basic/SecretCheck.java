package dev.proauth2.authmethod.basic;

import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;

/** The check both secret methods share: right client, and the secret matches its stored hash. */
final class SecretCheck {

  private SecretCheck() {}

  static boolean verify(ClientCredentials presented, Record application) {
    boolean sameClient =
        application.string(Table.CLIENT_ID).orElse("").equals(presented.clientId());
    boolean secretMatches =
        SecretHashes.matches(
            presented.secret(), application.string(Table.SECRET_HASH).orElse(null));
    return sameClient & secretMatches;
  }
}

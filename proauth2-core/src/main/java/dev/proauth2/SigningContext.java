package dev.proauth2;

import dev.proauth2.spi.DataStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * What the engine gives its {@link TokenSigner} when it starts.
 *
 * @param store the engine's store, checked as every engine write is; a signer keeps its keys in
 *     {@link dev.proauth2.spi.Table#SIGNING_KEYS}
 * @param clock the engine's clock
 * @param issuer the engine's issuer identifier, the {@code iss} of everything it signs
 * @param longestTokenLifetime the longest a token the signer signs may live: a retired key stays
 *     published this long after its last signature
 * @param keyEncryptionKey the host's key-encryption key (AES, 256 bits), if it gave one
 * @param storeInProcess whether the store keeps its data in this process only ({@link
 *     DataStore#inProcess()}), where private keys need no sealing
 */
public record SigningContext(
    DataStore store,
    Clock clock,
    String issuer,
    Duration longestTokenLifetime,
    Optional<SecretKey> keyEncryptionKey,
    boolean storeInProcess) {

  /** Checks every part is present. */
  public SigningContext {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(longestTokenLifetime, "longestTokenLifetime");
    Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey");
  }
}

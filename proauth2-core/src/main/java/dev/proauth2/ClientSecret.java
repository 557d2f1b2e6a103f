package dev.proauth2;

import dev.proauth2.spi.SecretHashes;
import java.util.Objects;

/**
 * A client secret the host chose, for {@link Proauth2#applyApp}: given in clear, or as the hash the
 * store keeps, so that a configuration file need not hold the secret itself.
 *
 * <p>The store keeps only a fast hash (SHA-256) of every secret, which is safe for a value with 256
 * random bits; a secret the host chose must therefore be long enough that a reader of the store
 * cannot guess it back: {@value #MIN_LENGTH} characters or more, such as {@code openssl rand
 * -base64 32} prints. Neither form is ever shown by {@link #toString()}.
 */
public final class ClientSecret {

  /** The fewest characters a secret in clear may have. */
  public static final int MIN_LENGTH = 32;

  /** The longest secret in clear accepted, as the token endpoint accepts. */
  static final int MAX_LENGTH = 512;

  /** The length of a SHA-256 hash, base64url without padding. */
  private static final int HASH_LENGTH = 43;

  private final String hash;

  private ClientSecret(String hash) {
    this.hash = hash;
  }

  /**
   * A secret in clear; only its hash is kept.
   *
   * @throws IllegalArgumentException when it is shorter than {@value #MIN_LENGTH} or longer than
   *     512 characters, or holds anything but visible ASCII
   */
  public static ClientSecret of(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length() < MIN_LENGTH || secret.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a client secret must have "
              + MIN_LENGTH
              + " to "
              + MAX_LENGTH
              + " characters; this one has "
              + secret.length()
              + ". Generate one, such as with: openssl rand -base64 32");
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw new IllegalArgumentException(
            "a client secret may only hold visible ASCII; found another character at index " + i);
      }
    }
    return new ClientSecret(SecretHashes.sha256(secret));
  }

  /**
   * A secret given as the hash the store keeps: SHA-256 of its UTF-8 bytes, base64url without
   * padding, as {@link SecretHashes#sha256} makes it (43 characters). The host vouches for the
   * secret's strength.
   *
   * @throws IllegalArgumentException when the value is not such a hash
   */
  public static ClientSecret hashed(String sha256) {
    Objects.requireNonNull(sha256, "sha256");
    boolean wellFormed = sha256.length() == HASH_LENGTH;
    for (int i = 0; wellFormed && i < sha256.length(); i++) {
      char c = sha256.charAt(i);
      wellFormed =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
    }
    // The last character carries 4 bits of the hash and 2 zero bits: only 16 letters are possible.
    if (!wellFormed || "AEIMQUYcgkosw048".indexOf(sha256.charAt(HASH_LENGTH - 1)) < 0) {
      throw new IllegalArgumentException(
          "a hashed client secret must be its SHA-256, base64url without padding (43 characters),"
              + " such as: printf %s \"$SECRET\" | openssl dgst -sha256 -binary | basenc"
              + " --base64url | tr -d =");
    }
    return new ClientSecret(sha256);
  }

  /** The hash the store keeps. */
  String hash() {
    return hash;
  }

  /** Whether both are the same secret. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ClientSecret secret && secret.hash.equals(hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  /** Never the secret nor its hash. */
  @Override
  public String toString() {
    return "ClientSecret[REDACTED]";
  }
}

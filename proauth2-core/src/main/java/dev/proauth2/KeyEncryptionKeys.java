package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the host's key-encryption key comes from: the AES-256 key under which the engine seals its
 * private signing keys before they reach a store. Give it one of three ways, first found wins:
 * {@link Proauth2.Builder#keyEncryptionKey} (for instance from {@link #fromKeyStore}), the config
 * string option {@value #OPTION}, or the environment variable {@value #ENVIRONMENT}. Make one with
 * {@code openssl rand -base64 32}, keep it as any other secret, and give every engine on one store
 * the same.
 */
public final class KeyEncryptionKeys {

  /** The environment variable the engine reads a key-encryption key from, in base64. */
  public static final String ENVIRONMENT = "PROAUTH2_KEY_ENCRYPTION_KEY";

  /** The config string option the engine reads a key-encryption key from, in base64. */
  public static final String OPTION = "key_encryption_key";

  private static final int KEY_BYTES = 32;

  private KeyEncryptionKeys() {}

  /**
   * A key-encryption key from its base64 text (standard or URL alphabet, padded or not).
   *
   * @throws IllegalArgumentException when the text is not base64 of 32 bytes; the message never
   *     contains the text
   */
  public static SecretKey parse(String base64) {
    Objects.requireNonNull(base64, "base64");
    byte[] bytes;
    try {
      String trimmed = base64.strip();
      bytes =
          trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(trimmed)
              : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the key-encryption key is not base64; make one with: openssl rand -base64 32");
    }
    try {
      if (bytes.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            "the key-encryption key must be 32 bytes (AES-256), base64-encoded; it is "
                + bytes.length
                + " bytes. Make one with: openssl rand -base64 32");
      }
      return new SecretKeySpec(bytes, "AES");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The key in {@value #ENVIRONMENT}, if it is set. */
  public static Optional<SecretKey> fromEnvironment() {
    String value = System.getenv(ENVIRONMENT);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENVIRONMENT + ": " + e.getMessage());
    }
  }

  /**
   * An AES-256 secret key from a keystore (PKCS#12, as {@code keytool -genseckey -keyalg AES
   * -keysize 256 -storetype PKCS12} makes).
   *
   * @throws Proauth2Exception {@code server_error} when the file cannot be read, the password is
   *     wrong, or the alias holds no AES-256 key; the message says which
   */
  public static SecretKey fromKeyStore(Path file, char[] password, String alias) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(alias, "alias");
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      Key key = store.getKey(alias, password);
      if (!(key instanceof SecretKey secret)
          || !"AES".equalsIgnoreCase(key.getAlgorithm())
          || secret.getEncoded() == null
          || secret.getEncoded().length != KEY_BYTES) {
        throw new Proauth2Exception(
            Proauth2Exception.SERVER_ERROR,
            "the keystore "
                + file
                + " holds no AES-256 secret key under alias '"
                + alias
                + "'; make one with: keytool -genseckey -keyalg AES -keysize 256 -storetype"
                + " PKCS12 -alias "
                + alias);
      }
      return secret;
    } catch (IOException | GeneralSecurityException e) {
      throw new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          "cannot read the key-encryption key from the keystore "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); check the path and the password",
          e);
    }
  }
}

package dev.proauth2.spi;

/**
 * Thrown by {@link DataStore#store} when a record with the same key already exists. The store is
 * left as it was.
 */
public class DuplicateKeyException extends Proauth2Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param description which table and why; must not contain the key if the key is a secret
   */
  public DuplicateKeyException(String description) {
    super(SERVER_ERROR, description);
  }
}

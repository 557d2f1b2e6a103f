package dev.proauth2.spi;

/**
 * Thrown when the backend behind a {@link DataStore} cannot be reached or fails. It maps to {@code
 * temporarily_unavailable}: the client may retry, and the call left no partial state.
 */
public class DataStoreUnavailableException extends Proauth2Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param description what failed, with no credentials in it
   * @param cause the driver's exception
   */
  public DataStoreUnavailableException(String description, Throwable cause) {
    super(TEMPORARILY_UNAVAILABLE, description, cause);
  }
}

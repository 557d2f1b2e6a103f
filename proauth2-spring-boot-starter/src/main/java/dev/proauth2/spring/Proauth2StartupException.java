package dev.proauth2.spring;

/**
 * A reason the application cannot start that the application's configuration must fix: {@link
 * Proauth2FailureAnalyzer} shows its description and the action to take, without a stack trace.
 */
public final class Proauth2StartupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String action;

  /**
   * Creates the failure.
   *
   * @param description what is wrong, naming the property; never a secret
   * @param action what to do next
   */
  public Proauth2StartupException(String description, String action) {
    this(description, action, null);
  }

  /** Creates the failure with the exception that caused it. */
  public Proauth2StartupException(String description, String action, Throwable cause) {
    super(description, cause);
    this.action = action;
  }

  /** What to do next. */
  public String action() {
    return action;
  }
}

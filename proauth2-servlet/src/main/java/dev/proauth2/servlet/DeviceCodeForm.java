package dev.proauth2.servlet;

import dev.proauth2.endpoint.DeviceVerification;
import java.util.Objects;
import java.util.Optional;

/**
 * What the form where the user types a device's code needs: where it goes ({@link #action()}), the
 * field it sends ({@value #FIELD}), and why a code typed before was refused ({@link #error()}).
 */
public final class DeviceCodeForm {

  /** The name of the form field that carries the code the user typed. */
  public static final String FIELD = DeviceVerification.USER_CODE;

  private final String action;
  private final String error;

  DeviceCodeForm(String action, String error) {
    this.action = Objects.requireNonNull(action, "action");
    this.error = error;
  }

  /** The path the {@code GET} form goes to: the verification page itself. */
  public String action() {
    return action;
  }

  /**
   * Why the code typed before was refused, to show above the form (HTML-escape it); empty on a
   * first visit.
   */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  @Override
  public String toString() {
    return "DeviceCodeForm[action=" + action + ", refused=" + (error != null) + "]";
  }
}

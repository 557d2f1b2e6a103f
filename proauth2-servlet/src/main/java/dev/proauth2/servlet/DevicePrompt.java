package dev.proauth2.servlet;

import dev.proauth2.DeviceRequest;
import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.endpoint.DeviceVerification;
import dev.proauth2.endpoint.Html;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the device verification page shows the signed-in user and what its form must post back:
 * which application the device runs ({@link #clientName()}), the code the device shows, so the user
 * can compare it ({@link #userCode()}), what it asks for ({@link #scope()}), and the hidden fields,
 * the one-time consent nonce among them, that make the answer count.
 */
public final class DevicePrompt {

  private final DeviceRequest device;
  private final String userId;
  private final String action;
  private final Map<String, String> hiddenFields;

  DevicePrompt(DeviceRequest device, String userId, String action, String nonce) {
    this.device = Objects.requireNonNull(device, "device");
    this.userId = Objects.requireNonNull(userId, "userId");
    this.action = Objects.requireNonNull(action, "action");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(DeviceVerification.USER_CODE, device.userCode());
    fields.put(ConsentGuard.FIELD, Objects.requireNonNull(nonce, "nonce"));
    this.hiddenFields = Collections.unmodifiableMap(fields);
  }

  /** The application on the device, as it registered its name; HTML-escape it before showing it. */
  public String clientName() {
    return device.clientName();
  }

  /** The application's client id. */
  public String clientId() {
    return device.clientId();
  }

  /**
   * The code the device shows, {@code XXXX-XXXX}: show it so the user can check it is the code on
   * their own device, not one an attacker sent them.
   */
  public String userCode() {
    return device.userCode();
  }

  /** The scope the device asks for; empty when it asks for no particular scope. */
  public Optional<String> scope() {
    return Optional.ofNullable(device.scope());
  }

  /** The resources (RFC 8707) the tokens will be for; empty for none in particular. */
  public List<String> resources() {
    return device.resources();
  }

  /** The signed-in user who is asked. */
  public String userId() {
    return userId;
  }

  /** The path the form posts to: the verification page itself. */
  public String action() {
    return action;
  }

  /**
   * Every field the form must send back with {@value ConsentPrompt#CONSENT}: the user code and the
   * one-time {@value ConsentGuard#FIELD}.
   */
  public Map<String, String> hiddenFields() {
    return hiddenFields;
  }

  /** {@link #hiddenFields()} as HTML {@code <input type="hidden">} elements, escaped. */
  public String hiddenInputs() {
    return Html.hiddenInputs(hiddenFields);
  }

  /** Names the client only; never the user code or the nonce. */
  @Override
  public String toString() {
    return "DevicePrompt[client=" + device.clientId() + "]";
  }
}

package dev.proauth2.endpoint;

import dev.proauth2.DeviceRequest;
import dev.proauth2.spi.Proauth2Exception;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of {@link DeviceVerification#check}: a pending device authorization to show the
 * signed-in user, or an error to show instead (a 400 page, or 429 when too many wrong codes were
 * entered).
 */
public final class DeviceCheck {

  private final DeviceRequest request;
  private final Proauth2Exception error;
  private final Map<String, String> parameters;

  private DeviceCheck(
      DeviceRequest request, Proauth2Exception error, Map<String, String> parameters) {
    this.request = request;
    this.error = error;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  static DeviceCheck valid(DeviceRequest request, Map<String, String> parameters) {
    return new DeviceCheck(request, null, parameters);
  }

  static DeviceCheck invalid(Proauth2Exception error, Map<String, String> parameters) {
    return new DeviceCheck(null, error, parameters);
  }

  /** Whether a pending device authorization was found, so the host may ask the user for consent. */
  public boolean isValid() {
    return request != null;
  }

  /**
   * The device authorization to show: the client's name, the scope and resources.
   *
   * @throws IllegalStateException when the check found none
   */
  public DeviceRequest request() {
    if (request == null) {
      throw new IllegalStateException("no device authorization was found; show error()");
    }
    return request;
  }

  /** Why no device authorization was found. */
  public Optional<Proauth2Exception> error() {
    return Optional.ofNullable(error);
  }

  /** Whether too many wrong codes came in, so every code is refused for a while (429). */
  public boolean isLimited() {
    return error != null && error.error().equals(Proauth2Exception.TEMPORARILY_UNAVAILABLE);
  }

  /**
   * The page for the error: 400 with the description, 403 for a post from another site, or 429 with
   * {@code Retry-After} when too many wrong codes came in; empty for a valid check.
   */
  public Optional<EndpointResponse> errorResponse() {
    if (error == null) {
      return Optional.empty();
    }
    boolean crossSite = error.error().equals(Proauth2Exception.ACCESS_DENIED);
    EndpointResponse page =
        new EndpointResponse(
            isLimited() ? 429 : crossSite ? 403 : 400,
            Map.of("Content-Type", "text/plain;charset=UTF-8", "Cache-Control", "no-store"),
            error.description() + "\n");
    return Optional.of(isLimited() ? page.withHeader("Retry-After", "60") : page);
  }

  /** The parameters the request carried, single-valued: {@code user_code}, the consent fields. */
  public Map<String, String> parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return isValid()
        ? "DeviceCheck[client=" + request.clientId() + "]"
        : "DeviceCheck[error=" + error.error() + "]";
  }
}

package dev.proauth2;

/**
 * The engine's answer to a device authorization request (RFC 8628 section 3.2): the device code the
 * device polls with, and the user code the user types on another screen. The endpoint helper adds
 * {@code verification_uri} and {@code verification_uri_complete}.
 *
 * @param deviceCode the device code: a secret of 256 bits, for the device alone
 * @param userCode the user code as a user reads it, {@code XXXX-XXXX}
 * @param expiresIn seconds until both codes expire
 * @param interval the least seconds between two polls
 */
public record DeviceAuthorization(
    String deviceCode, String userCode, long expiresIn, long interval) {

  @Override
  public String toString() {
    return "DeviceAuthorization[deviceCode=REDACTED, userCode="
        + userCode
        + ", expiresIn="
        + expiresIn
        + ", interval="
        + interval
        + "]";
  }
}

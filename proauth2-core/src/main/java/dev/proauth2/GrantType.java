package dev.proauth2;

import java.util.Optional;

/**
 * The grants this server offers (OAuth 2.1), each with its {@code grant_type} value. The implicit
 * and password grants are left out on purpose (RFC 9700 sections 2.1.2 and 2.4).
 */
public enum GrantType {

  /** {@code authorization_code}: a code the user approved, redeemed with PKCE (RFC 6749 4.1). */
  AUTHORIZATION_CODE("authorization_code"),

  /** {@code refresh_token}: new tokens for a grant, rotating the refresh token (RFC 6749 6). */
  REFRESH_TOKEN("refresh_token"),

  /** {@code client_credentials}: a token for a confidential client itself (RFC 6749 4.4). */
  CLIENT_CREDENTIALS("client_credentials"),

  /**
   * {@code urn:ietf:params:oauth:grant-type:device_code}: a device polls with its device code until
   * the user approved on another screen (RFC 8628 section 3.4).
   */
  DEVICE_CODE("urn:ietf:params:oauth:grant-type:device_code");

  private final String value;

  GrantType(String value) {
    this.value = value;
  }

  /** The {@code grant_type} value as RFC 6749 spells it, such as {@code authorization_code}. */
  public String value() {
    return value;
  }

  /**
   * The grant type with this exact {@code grant_type} value, as a client sent it.
   *
   * @return the grant type, or empty for {@code null} and for any value not offered here
   */
  public static Optional<GrantType> fromValue(String value) {
    for (GrantType type : values()) {
      if (type.value.equals(value)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}

package dev.proauth2;

import java.util.Arrays;
import java.util.Optional;

/**
 * What kind of application a client is, as it says at registration ({@code application_type},
 * OpenID Connect Dynamic Client Registration 1.0, which RFC 7591 clients send and the MCP
 * authorization spec names): a {@code web} application on a server, or a {@code native} application
 * on the user's device (a desktop assistant, an IDE, a CLI). Stored and echoed, for the host's
 * consent page and policies; the redirect URI rules are the same for both.
 */
public enum ApplicationType {
  WEB("web"),
  NATIVE("native");

  private final String value;

  ApplicationType(String value) {
    this.value = value;
  }

  /** The registered value, such as {@code native}. */
  public String value() {
    return value;
  }

  /** The type a registered value names, if it names one. */
  public static Optional<ApplicationType> fromValue(String value) {
    return Arrays.stream(values()).filter(type -> type.value.equals(value)).findFirst();
  }
}

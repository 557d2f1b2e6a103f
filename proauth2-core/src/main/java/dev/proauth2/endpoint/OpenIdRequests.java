package dev.proauth2.endpoint;

import dev.proauth2.OpenIdParameters;
import dev.proauth2.spi.Proauth2Exception;
import java.util.List;
import java.util.Map;

/** Reads the OpenID Connect parameters of an authorization request, each sent at most once. */
final class OpenIdRequests {

  private OpenIdRequests() {}

  /**
   * The parameters a request sent.
   *
   * @throws Proauth2Exception {@code invalid_request} for one sent twice or malformed
   */
  static OpenIdParameters read(Map<String, List<String>> decoded) {
    return OpenIdParameters.parse(name -> single(decoded, name));
  }

  private static String single(Map<String, List<String>> decoded, String name) {
    if (Parameters.isDuplicated(decoded, name)) {
      throw Parameters.duplicate(name);
    }
    return decoded.getOrDefault(name, List.of()).stream()
        .filter(value -> !value.isEmpty())
        .findFirst()
        .orElse(null);
  }
}

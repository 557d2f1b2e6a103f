package dev.proauth2.endpoint;

import dev.proauth2.spi.GrantRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link GrantRequest} an extension grant gets from a token request's form: every parameter but
 * {@code grant_type} and the client's credentials, which the engine has already used.
 */
final class ExtensionGrantRequests {

  /** Parameters that belong to client authentication, never to a grant. */
  private static final Set<String> CLIENT_PARAMETERS =
      Set.of(
          "grant_type", "client_id", "client_secret", "client_assertion", "client_assertion_type");

  private ExtensionGrantRequests() {}

  static GrantRequest of(String grantType, Parameters parameters) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    parameters
        .asMap()
        .forEach(
            (name, value) -> {
              if (!CLIENT_PARAMETERS.contains(name)) {
                values.put(name, List.of(value));
              }
            });
    if (!parameters.resources().isEmpty()) {
      values.put(Parameters.RESOURCE, parameters.resources());
    }
    return new GrantRequest(grantType, values);
  }
}

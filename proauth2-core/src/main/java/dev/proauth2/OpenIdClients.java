package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The OpenID Connect members of a client's registration: checked, stored, read back. */
final class OpenIdClients {

  private OpenIdClients() {}

  /**
   * Checks the client's OpenID Connect metadata and adds it to its record's fields.
   *
   * @param algorithms the ID token algorithms the engine advertises, or {@code null} when it
   *     advertises none (no OpenID Provider is installed)
   * @throws Proauth2Exception {@code invalid_redirect_uri} for a post-logout URI that could not be
   *     a redirect URI, {@code invalid_client_metadata} for an algorithm not offered
   */
  static void put(OpenIdClientMetadata metadata, Object algorithms, Map<String, Object> fields) {
    List<String> uris = metadata.postLogoutRedirectUris();
    if (uris.size() > RedirectUris.MAX_PER_CLIENT) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REDIRECT_URI,
          "a client may register at most "
              + RedirectUris.MAX_PER_CLIENT
              + " post_logout_redirect_uris");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (String uri : uris) {
      distinct.add(RedirectUris.checkRegistrable(uri));
    }
    if (!distinct.isEmpty()) {
      fields.put(Table.POST_LOGOUT_REDIRECT_URIS, String.join(" ", distinct));
    }
    String algorithm = metadata.idTokenSignedResponseAlg();
    if (algorithm != null) {
      if (!(algorithms instanceof List<?> offered) || !offered.contains(algorithm)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT_METADATA,
            "id_token_signed_response_alg must be one of id_token_signing_alg_values_supported"
                + (algorithms == null ? " (this server issues no ID tokens)" : ": " + algorithms));
      }
      fields.put(Table.ID_TOKEN_SIGNED_RESPONSE_ALG, algorithm);
    }
  }

  /** The OpenID Connect metadata a client's record holds. */
  static OpenIdClientMetadata read(Record application) {
    List<String> uris =
        application
            .string(Table.POST_LOGOUT_REDIRECT_URIS)
            .map(value -> List.of(value.split(" ")))
            .orElse(List.of());
    String algorithm = application.string(Table.ID_TOKEN_SIGNED_RESPONSE_ALG).orElse(null);
    return uris.isEmpty() && algorithm == null
        ? OpenIdClientMetadata.NONE
        : new OpenIdClientMetadata(uris, algorithm);
  }
}

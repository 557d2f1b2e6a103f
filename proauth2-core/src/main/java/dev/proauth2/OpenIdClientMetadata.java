package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import java.util.List;
import java.util.Objects;

/**
 * What an OpenID Connect client registers beyond OAuth (OpenID Connect Dynamic Client Registration
 * 1.0 section 2, RP-Initiated Logout 1.0 section 3.1).
 *
 * @param postLogoutRedirectUris where the client may send the user after logout, matched exactly;
 *     empty for nowhere
 * @param idTokenSignedResponseAlg the algorithm of the client's ID tokens, such as {@code ES256},
 *     or {@code null} for the provider's default
 */
public record OpenIdClientMetadata(
    List<String> postLogoutRedirectUris, String idTokenSignedResponseAlg) {

  /** Nothing beyond OAuth. */
  public static final OpenIdClientMetadata NONE = new OpenIdClientMetadata(List.of(), null);

  /**
   * Copies the URIs; they are checked as redirect URIs are when the client registers.
   *
   * @throws Proauth2Exception {@code invalid_client_metadata} for a {@code null} URI
   */
  public OpenIdClientMetadata {
    if (postLogoutRedirectUris == null) {
      postLogoutRedirectUris = List.of();
    } else if (postLogoutRedirectUris.stream().anyMatch(Objects::isNull)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          "post_logout_redirect_uris contains a null value");
    } else {
      postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
    }
  }
}

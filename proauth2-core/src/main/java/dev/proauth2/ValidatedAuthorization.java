package dev.proauth2;

import dev.proauth2.internal.Loopback;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * An authorization request that passed every check, as {@link Proauth2#checkAuthorization} returns
 * it: what the host shows the user when it asks for consent.
 *
 * @param client the client, without its secret
 * @param redirectUri the confirmed redirect URI
 * @param scope the scope the user is asked to grant, or {@code null}
 * @param state the client's {@code state}, or {@code null}
 * @param resources the resources (RFC 8707) the tokens will be for; empty for none in particular
 * @param openId the OpenID Connect parameters, checked: what the host's login and consent step must
 *     honour ({@code prompt}, {@code max_age}, {@code login_hint}, {@code ui_locales}, ...)
 */
public record ValidatedAuthorization(
    ClientRegistration client,
    String redirectUri,
    String scope,
    String state,
    List<String> resources,
    OpenIdParameters openId) {

  /** Copies the resources. */
  public ValidatedAuthorization {
    resources = resources == null ? List.of() : List.copyOf(resources);
    openId = openId == null ? OpenIdParameters.NONE : openId;
  }

  /** An authorization without OpenID Connect parameters. */
  public ValidatedAuthorization(
      ClientRegistration client,
      String redirectUri,
      String scope,
      String state,
      List<String> resources) {
    this(client, redirectUri, scope, state, resources, OpenIdParameters.NONE);
  }

  /** An authorization for no resource in particular. */
  public ValidatedAuthorization(
      ClientRegistration client, String redirectUri, String scope, String state) {
    this(client, redirectUri, scope, state, List.of(), OpenIdParameters.NONE);
  }

  /**
   * For a client identified by its Client ID Metadata Document, the origin of that document, which
   * is all such a client proves about itself: its host, with the port when it is not 443. A consent
   * page shows it beside the client's self-chosen name.
   */
  public Optional<String> metadataDocumentOrigin() {
    String id = client.clientId();
    if (!ClientDocuments.isDocumentUrl(id)) {
      return Optional.empty();
    }
    URI uri = URI.create(id);
    return Optional.of(
        uri.getPort() == -1 || uri.getPort() == 443
            ? uri.getHost()
            : uri.getHost() + ":" + uri.getPort());
  }

  /**
   * Whether every redirect URI the client has is on this machine (localhost, 127.0.0.1, [::1]): a
   * consent page should say so, since such a client may be any program on the user's computer.
   */
  public boolean redirectsOnlyToLoopback() {
    return !client.redirectUris().isEmpty()
        && client.redirectUris().stream().allMatch(Loopback::isLoopbackUrl);
  }

  /** Whether the request is an OpenID Connect one: its scope holds {@code openid}. */
  public boolean isOpenId() {
    return scope != null && Scopes.contains(scope, "openid");
  }

  /** The scope, when there is one. */
  public Optional<String> optionalScope() {
    return Optional.ofNullable(scope);
  }
}

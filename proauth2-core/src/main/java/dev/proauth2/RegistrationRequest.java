package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a client asks for when it registers: its name, redirect URIs, scopes, grant types and how it
 * authenticates. Build one with {@link #builder(String)}; {@link Proauth2#registerApp(String,
 * String)} covers the common case.
 *
 * @param name the display name
 * @param redirectUris the exact redirect URIs, one to ten
 * @param scope the space-separated scopes the client may ask for, or {@code null} for any
 * @param grantTypes the grant types, or empty for {@link GrantType#AUTHORIZATION_CODE} and {@link
 *     GrantType#REFRESH_TOKEN}
 * @param authMethod the {@code token_endpoint_auth_method}, or {@code null} for {@code
 *     client_secret_basic}
 */
public record RegistrationRequest(
    String name,
    List<String> redirectUris,
    String scope,
    List<GrantType> grantTypes,
    String authMethod) {

  /**
   * Copies the lists; the values are checked by {@link Proauth2#registerApp(RegistrationRequest)}.
   *
   * @throws Proauth2Exception {@code invalid_client_metadata} for a {@code null} redirect URI, a
   *     value a client sends
   * @throws NullPointerException for a {@code null} grant type, which no client can send
   */
  public RegistrationRequest {
    if (redirectUris == null) {
      redirectUris = List.of();
    } else if (redirectUris.stream().anyMatch(Objects::isNull)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA, "redirect_uris contains a null value");
    } else {
      redirectUris = List.copyOf(redirectUris);
    }
    grantTypes = grantTypes == null ? List.of() : List.copyOf(grantTypes);
  }

  /** Starts a request for a client with this display name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link RegistrationRequest}. */
  public static final class Builder {
    private final String name;
    private final List<String> redirectUris = new ArrayList<>();
    private final List<GrantType> grantTypes = new ArrayList<>();
    private String scope;
    private String authMethod;

    private Builder(String name) {
      this.name = name;
    }

    /** Adds an exact redirect URI. */
    public Builder redirectUri(String redirectUri) {
      redirectUris.add(redirectUri);
      return this;
    }

    /** Limits the scopes the client may ask for, space-separated. */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /** Adds a grant type, such as {@link GrantType#CLIENT_CREDENTIALS}. */
    public Builder grantType(GrantType grantType) {
      grantTypes.add(Objects.requireNonNull(grantType, "grantType"));
      return this;
    }

    /** Sets the {@code token_endpoint_auth_method}; {@code none} makes a public client. */
    public Builder authMethod(String authMethod) {
      this.authMethod = authMethod;
      return this;
    }

    /** Builds the request. */
    public RegistrationRequest build() {
      return new RegistrationRequest(name, redirectUris, scope, grantTypes, authMethod);
    }
  }
}

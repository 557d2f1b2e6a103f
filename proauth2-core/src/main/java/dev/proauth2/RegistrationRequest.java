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
 * @param grantTypes the grant types, or empty for {@code authorization_code refresh_token}
 * @param authMethod the {@code token_endpoint_auth_method}, or {@code null} for {@code
 *     client_secret_basic}
 */
public record RegistrationRequest(
    String name,
    List<String> redirectUris,
    String scope,
    List<String> grantTypes,
    String authMethod) {

  /**
   * Copies the lists; the values are checked by {@link Proauth2#registerApp(RegistrationRequest)}.
   */
  public RegistrationRequest {
    redirectUris = copy(redirectUris, "redirect_uris");
    grantTypes = copy(grantTypes, "grant_types");
  }

  private static List<String> copy(List<String> values, String name) {
    if (values == null) {
      return List.of();
    }
    if (values.stream().anyMatch(Objects::isNull)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA, name + " contains a null value");
    }
    return List.copyOf(values);
  }

  /** Starts a request for a client with this display name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link RegistrationRequest}. */
  public static final class Builder {
    private final String name;
    private final List<String> redirectUris = new ArrayList<>();
    private final List<String> grantTypes = new ArrayList<>();
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

    /** Adds a grant type, such as {@code client_credentials}. */
    public Builder grantType(String grantType) {
      grantTypes.add(grantType);
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

package dev.proauth2.endpoint;

import dev.proauth2.Endpoints;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The authorization server metadata document (RFC 8414), which lets a client library find every
 * endpoint and capability from the issuer URL alone. Serve {@link #handle} at {@link
 * #wellKnownPath()}:
 *
 * <pre>{@code
 * AuthorizationServerMetadata metadata = AuthorizationServerMetadata.builder(oauth).build();
 * // GET /.well-known/oauth-authorization-server  ->  metadata.handle(request)
 * }</pre>
 *
 * <p>The issuer is the engine's own ({@code Proauth2.builder().issuer(...)}), so the document and
 * the {@code iss} of every authorization response (RFC 9207) always agree. Endpoints default to
 * {@code /authorize}, {@code /token}, {@code /register}, {@code /revoke} and {@code /introspect}
 * under the issuer; a path starting with {@code /} is resolved against the issuer's origin, a full
 * URL is taken as is.
 */
public final class AuthorizationServerMetadata {

  /** The well-known path segment of RFC 8414 section 3. */
  public static final String WELL_KNOWN = "/.well-known/oauth-authorization-server";

  private final String issuer;
  private final Map<String, Object> fields;

  private AuthorizationServerMetadata(String issuer, Map<String, Object> fields) {
    this.issuer = issuer;
    this.fields = Collections.unmodifiableMap(fields);
  }

  /**
   * Starts a document for an engine, with its issuer and installed client authentication methods.
   *
   * @throws IllegalArgumentException when the engine was built without an issuer
   */
  public static Builder builder(Proauth2 oauth) {
    Objects.requireNonNull(oauth, "oauth");
    String issuer =
        oauth
            .issuer()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the metadata document needs the issuer: build the engine with"
                            + " Proauth2.builder().issuer(\"https://auth.example\")"));
    List<String> pkceMethods = new ArrayList<>();
    oauth.capabilities().codeChallengeMethods().forEach(method -> pkceMethods.add(method.value()));
    Builder builder =
        new Builder(
            issuer,
            oauth.endpoints(),
            oauth.capabilities().clientAuthMethods(),
            oauth.capabilities().clientAuthSigningAlgorithms(),
            pkceMethods);
    builder.clientIdMetadataDocuments = oauth.capabilities().clientIdMetadataDocuments();
    builder.extensionGrantTypes = oauth.capabilities().extensionGrantTypes();
    builder.added = oauth.metadata();
    builder.requirePushedAuthorizationRequests =
        oauth.capabilities().requirePushedAuthorizationRequests();
    builder.dpopSigningAlgorithms = oauth.capabilities().dpopSigningAlgorithms();
    return builder;
  }

  /** The issuer identifier. */
  public String issuer() {
    return issuer;
  }

  /**
   * The path to serve the document at: {@value #WELL_KNOWN}, followed by the issuer's path without
   * its terminating slash when it has one (RFC 8414 section 3.1).
   */
  public String wellKnownPath() {
    return WellKnown.forIssuer(WELL_KNOWN, URI.create(issuer));
  }

  /** The document's members, in the order written. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** The document as JSON. */
  public String toJson() {
    return JsonWriter.write(fields);
  }

  /**
   * Answers a request for the document: 200 with the JSON for {@code GET} (cacheable for five
   * minutes), 405 with {@code Allow: GET} for any other method.
   */
  public EndpointResponse handle(EndpointRequest request) {
    if (!request.method().equals("GET")) {
      return Responses.methodNotAllowed("GET", "metadata endpoint");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", EndpointResponse.JSON);
    headers.put("Cache-Control", "public, max-age=300");
    return new EndpointResponse(200, headers, toJson());
  }

  /** Builds the document; every endpoint has a default, and any can be changed or left out. */
  public static final class Builder {
    private final String issuer;
    private final Endpoints endpoints;
    private final List<String> authMethods;
    private List<String> scopes = List.of();
    private boolean clientIdMetadataDocuments;
    private List<String> extensionGrantTypes = List.of();
    private Map<String, Object> added = Map.of();
    private boolean requirePushedAuthorizationRequests;
    private List<String> dpopSigningAlgorithms = List.of();

    private final List<String> pkceMethods;

    private final List<String> signingAlgorithms;

    private Builder(
        String issuer,
        Endpoints endpoints,
        List<String> authMethods,
        List<String> signingAlgorithms,
        List<String> pkceMethods) {
      this.signingAlgorithms = List.copyOf(signingAlgorithms);
      this.pkceMethods = List.copyOf(pkceMethods);
      this.issuer = issuer;
      this.endpoints = endpoints;
      this.authMethods = List.copyOf(authMethods);
    }

    /** The scopes to advertise as {@code scopes_supported}; none by default. */
    public Builder scopesSupported(List<String> scopes) {
      this.scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes"));
      return this;
    }

    /**
     * Builds the document.
     *
     * @throws IllegalArgumentException when an endpoint is neither a path nor an absolute http(s)
     *     URL
     */
    public AuthorizationServerMetadata build() {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("issuer", issuer);
      fields.put("authorization_endpoint", endpoints.url(endpoints.authorization()));
      fields.put("token_endpoint", endpoints.url(endpoints.token()));
      endpoints
          .registration()
          .ifPresent(path -> fields.put("registration_endpoint", endpoints.url(path)));
      endpoints
          .revocation()
          .ifPresent(path -> fields.put("revocation_endpoint", endpoints.url(path)));
      endpoints
          .introspection()
          .ifPresent(path -> fields.put("introspection_endpoint", endpoints.url(path)));
      endpoints.jwks().ifPresent(path -> fields.put("jwks_uri", endpoints.url(path)));
      fields.put("device_authorization_endpoint", endpoints.url(endpoints.deviceAuthorization()));
      if (!scopes.isEmpty()) {
        fields.put("scopes_supported", scopes);
      }
      fields.put("response_types_supported", List.of("code"));
      fields.put("response_modes_supported", List.of("query"));
      List<String> grantTypes = new ArrayList<>();
      for (GrantType grantType : GrantType.values()) {
        grantTypes.add(grantType.value());
      }
      grantTypes.addAll(extensionGrantTypes);
      fields.put("grant_types_supported", grantTypes);
      fields.put("token_endpoint_auth_methods_supported", authMethods);
      if (!signingAlgorithms.isEmpty()) {
        fields.put("token_endpoint_auth_signing_alg_values_supported", signingAlgorithms);
      }
      if (endpoints.revocation().isPresent()) {
        fields.put("revocation_endpoint_auth_methods_supported", authMethods);
      }
      if (endpoints.introspection().isPresent()) {
        List<String> secretMethods = new ArrayList<>(authMethods);
        secretMethods.remove("none");
        if (!secretMethods.isEmpty()) {
          fields.put("introspection_endpoint_auth_methods_supported", secretMethods);
        }
      }
      fields.put("code_challenge_methods_supported", pkceMethods);
      fields.put("authorization_response_iss_parameter_supported", true);
      if (clientIdMetadataDocuments) {
        fields.put("client_id_metadata_document_supported", true);
      }
      endpoints
          .pushedAuthorizationRequest()
          .ifPresent(
              path -> {
                fields.put("pushed_authorization_request_endpoint", endpoints.url(path));
                fields.put(
                    "require_pushed_authorization_requests", requirePushedAuthorizationRequests);
              });
      if (!dpopSigningAlgorithms.isEmpty()) {
        fields.put("dpop_signing_alg_values_supported", dpopSigningAlgorithms);
      }
      // An added endpoint given as a path is resolved against the issuer, as the engine's are.
      added.forEach(
          (name, value) ->
              fields.putIfAbsent(
                  name,
                  name.endsWith("_endpoint")
                          && value instanceof String path
                          && Endpoints.isPath(path)
                      ? endpoints.url(path)
                      : value));
      return new AuthorizationServerMetadata(issuer, fields);
    }
  }
}

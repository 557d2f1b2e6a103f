package dev.proauth2.oidc;

import dev.proauth2.Proauth2;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OpenID Provider configuration document (OpenID Connect Discovery 1.0 section 3), served at
 * {@link #wellKnownPath()}: the RFC 8414 document of the same engine, member for member, so the two
 * never disagree, checked to hold every member Discovery requires.
 *
 * <pre>{@code
 * OpenIdConfiguration discovery = OpenIdConfiguration.of(AuthorizationServerMetadata.builder(oauth).build());
 * // GET /.well-known/openid-configuration  ->  discovery.handle(request)
 * }</pre>
 */
public final class OpenIdConfiguration {

  /** The well-known suffix of OpenID Connect Discovery section 4. */
  public static final String WELL_KNOWN = "/.well-known/openid-configuration";

  /** The members Discovery requires (section 3). */
  static final List<String> REQUIRED =
      List.of(
          "issuer",
          "authorization_endpoint",
          "token_endpoint",
          "jwks_uri",
          "response_types_supported",
          "subject_types_supported",
          "id_token_signing_alg_values_supported");

  private final String issuer;
  private final Map<String, Object> fields;

  private OpenIdConfiguration(String issuer, Map<String, Object> fields) {
    this.issuer = issuer;
    this.fields = Collections.unmodifiableMap(fields);
  }

  /** The document of an engine the provider was applied to, with the default RFC 8414 members. */
  public static OpenIdConfiguration of(Proauth2 oauth) {
    return of(AuthorizationServerMetadata.builder(Objects.requireNonNull(oauth, "oauth")).build());
  }

  /**
   * The document with the members of this RFC 8414 document, as the host built it.
   *
   * @throws IllegalArgumentException when a member Discovery requires is missing: the engine was
   *     built without {@link OpenIdProvider#applyTo}
   */
  public static OpenIdConfiguration of(AuthorizationServerMetadata metadata) {
    Objects.requireNonNull(metadata, "metadata");
    Map<String, Object> fields = new LinkedHashMap<>(metadata.fields());
    for (String member : REQUIRED) {
      if (!fields.containsKey(member)) {
        throw new IllegalArgumentException(
            "the metadata has no "
                + member
                + ", which OpenID Connect Discovery requires: build the engine with"
                + " OpenIdProvider.applyTo(builder)");
      }
    }
    return new OpenIdConfiguration(metadata.issuer(), fields);
  }

  /** The issuer identifier. */
  public String issuer() {
    return issuer;
  }

  /**
   * The path to serve the document at: the issuer's path, without a terminating slash, followed by
   * {@value #WELL_KNOWN} (Discovery section 4.1 appends where RFC 8414 inserts).
   */
  public String wellKnownPath() {
    String path = URI.create(issuer).getRawPath();
    if (path == null) {
      path = "";
    }
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path + WELL_KNOWN;
  }

  /** The document's members, in the order written. */
  public Map<String, Object> fields() {
    return fields;
  }

  /**
   * Answers a request for the document: 200 with the JSON for {@code GET} (cacheable for five
   * minutes), 405 with {@code Allow: GET} for any other method.
   */
  public EndpointResponse handle(EndpointRequest request) {
    Objects.requireNonNull(request, "request");
    if (!request.method().equals("GET")) {
      return EndpointResponse.error(
              405, "invalid_request", "the configuration document is served to GET only")
          .withHeader("Allow", "GET");
    }
    EndpointResponse json = EndpointResponse.json(200, fields);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", EndpointResponse.JSON);
    headers.put("Cache-Control", "public, max-age=300");
    return new EndpointResponse(200, headers, json.body());
  }
}

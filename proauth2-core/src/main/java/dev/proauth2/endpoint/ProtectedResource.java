package dev.proauth2.endpoint;

import dev.proauth2.Proauth2;
import dev.proauth2.TokenSubject;
import dev.proauth2.internal.Loopback;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A protected resource, such as an API or an MCP server, that accepts only tokens issued for it
 * (RFC 8707) and tells clients where to get them (RFC 9728):
 *
 * <pre>{@code
 * ProtectedResource mcp = ProtectedResource.builder(oauth, "https://api.example/mcp")
 *     .scopesSupported(List.of("read")).build();
 * // GET mcp.wellKnownPath()            ->  mcp.handleMetadata(request)
 * // any request to the resource:
 * ProtectedResource.Access access = mcp.authorize(request);
 * if (!access.granted()) return access.refusal();    // 401 with resource_metadata="..."
 * TokenSubject subject = access.subject();
 * }</pre>
 *
 * <p>The resource identifier must be one the engine knows ({@code
 * Proauth2.builder().resource(...)}), so that clients can ask tokens for it. The metadata document
 * names the engine's issuer as the authorization server, and every 401 carries {@code
 * resource_metadata} (RFC 9728 section 5.1), which is how a client such as an MCP client discovers
 * the whole chain from one refused request.
 *
 * <p>An API that names no resource identifier is guarded the same way by {@link #unbound(Proauth2,
 * String)}: it takes only tokens issued for no resource in particular, and has no metadata.
 */
public final class ProtectedResource {

  /** The well-known path segment of RFC 9728 section 3. */
  public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

  /** The longest realm an {@link #unbound} guard takes, in characters. */
  static final int MAX_REALM_LENGTH = 2048;

  private final Proauth2 oauth;

  /** The realm of its challenges: the resource identifier, or an unbound guard's realm. */
  private final String realm;

  /** What a resource bound to an identifier publishes; {@code null} for an unbound guard. */
  private final Document document;

  /** The metadata of a resource with an identifier, and the scope its challenges name. */
  private record Document(
      String resource,
      String wellKnownPath,
      String metadataUrl,
      Map<String, Object> metadata,
      String scope) {}

  private ProtectedResource(Builder builder) {
    this.oauth = builder.oauth;
    this.realm = builder.resource;
    URI uri = URI.create(builder.resource);
    String wellKnownPath = WellKnown.forResource(WELL_KNOWN, uri);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("resource", builder.resource);
    fields.put("authorization_servers", List.of(builder.issuer));
    if (!builder.scopes.isEmpty()) {
      fields.put("scopes_supported", builder.scopes);
    }
    fields.put("bearer_methods_supported", List.of("header"));
    if (builder.resourceName != null) {
      fields.put("resource_name", builder.resourceName);
    }
    if (builder.documentation != null) {
      fields.put("resource_documentation", builder.documentation);
    }
    this.document =
        new Document(
            builder.resource,
            wellKnownPath,
            uri.getScheme() + "://" + uri.getRawAuthority() + wellKnownPath,
            Collections.unmodifiableMap(fields),
            builder.scopes.isEmpty() ? null : String.join(" ", builder.scopes));
  }

  private ProtectedResource(Proauth2 oauth, String realm) {
    this.oauth = oauth;
    this.realm = realm;
    this.document = null;
  }

  /**
   * Starts the description of a resource.
   *
   * @param resource the resource identifier: an https URL (http on a loopback host) without query
   *     or fragment, as RFC 9728 section 1.2 requires, that the engine knows
   * @throws IllegalArgumentException when the identifier is not such a URL, the engine does not
   *     know it, or the engine has no issuer
   */
  public static Builder builder(Proauth2 oauth, String resource) {
    return new Builder(oauth, resource);
  }

  /**
   * A guard for an API that names no resource identifier: it accepts only tokens bound to no
   * resource (a token a client asked for one resource, RFC 8707, is refused here, so it cannot be
   * replayed), serves no metadata document, and its challenges name the realm and nothing more.
   *
   * <pre>{@code
   * ProtectedResource api = ProtectedResource.unbound(oauth, "api");
   * ProtectedResource.Access access = api.authorize(request);    // 401 Bearer realm="api"
   * }</pre>
   *
   * @param realm the realm named in {@code WWW-Authenticate}, such as the API's name: 1 to 2,048
   *     characters, not blank
   * @throws IllegalArgumentException when the realm is blank or longer
   */
  public static ProtectedResource unbound(Proauth2 oauth, String realm) {
    Objects.requireNonNull(oauth, "oauth");
    Objects.requireNonNull(realm, "realm");
    if (realm.isBlank() || realm.length() > MAX_REALM_LENGTH) {
      throw new IllegalArgumentException(
          "the realm must be 1 to "
              + MAX_REALM_LENGTH
              + " characters and not blank, such as the API's name; it was "
              + realm.length()
              + " characters");
    }
    return new ProtectedResource(oauth, realm);
  }

  /**
   * Whether a request to this path asks for the metadata document: the path is {@link
   * #wellKnownPath()}. Always {@code false} for an {@link #unbound} guard, which has none.
   */
  public boolean servesMetadataAt(String path) {
    return document != null && document.wellKnownPath().equals(path);
  }

  /**
   * The resource identifier.
   *
   * @throws IllegalStateException for an {@link #unbound} guard, which names none
   */
  public String resource() {
    return document().resource();
  }

  /**
   * The path to serve the metadata at: {@value #WELL_KNOWN}, followed by the resource's path as
   * spelled, a trailing slash too, when it has one beyond the {@code /} after the host (RFC 9728
   * section 3.1), such as {@code /.well-known/oauth-protected-resource/mcp}.
   *
   * @throws IllegalStateException for an {@link #unbound} guard, which serves no metadata
   */
  public String wellKnownPath() {
    return document().wellKnownPath();
  }

  /**
   * The metadata document's full URL, as the {@code resource_metadata} challenge names it.
   *
   * @throws IllegalStateException for an {@link #unbound} guard, which serves no metadata
   */
  public String metadataUrl() {
    return document().metadataUrl();
  }

  /**
   * The document's members, in the order written.
   *
   * @throws IllegalStateException for an {@link #unbound} guard, which serves no metadata
   */
  public Map<String, Object> metadata() {
    return document().metadata();
  }

  /**
   * The document as JSON.
   *
   * @throws IllegalStateException for an {@link #unbound} guard, which serves no metadata
   */
  public String toJson() {
    return JsonWriter.write(metadata());
  }

  private Document document() {
    if (document == null) {
      throw new IllegalStateException(
          "this guard was made with ProtectedResource.unbound(...): it names no resource and"
              + " serves no metadata; build one with ProtectedResource.builder(oauth, resource)"
              + " for that");
    }
    return document;
  }

  /**
   * Answers a request for the metadata: 200 with the JSON for {@code GET} (cacheable for five
   * minutes), 405 with {@code Allow: GET} for any other method; 404 from an {@link #unbound} guard,
   * which has no document.
   */
  public EndpointResponse handleMetadata(EndpointRequest request) {
    Objects.requireNonNull(request, "request");
    if (document == null) {
      return EndpointResponse.error(
          404,
          Proauth2Exception.INVALID_REQUEST,
          "this API names no resource identifier and publishes no protected resource metadata");
    }
    if (!request.method().equals("GET")) {
      return Responses.methodNotAllowed("GET", "protected resource metadata endpoint");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", EndpointResponse.JSON);
    headers.put("Cache-Control", "public, max-age=300");
    return new EndpointResponse(200, headers, toJson());
  }

  /**
   * Checks the bearer token of a request to this resource: it must be live and issued for this
   * resource, or, at an {@link #unbound} guard, issued for no resource in particular.
   *
   * @return the subject, or the refusal to answer with: 401 when the token is missing or refused,
   *     its challenge naming the {@code resource_metadata} when there is a document, 400 for a
   *     malformed header, 503 when the store is down
   */
  public Access authorize(EndpointRequest request) {
    return authorize(request, null);
  }

  /**
   * Checks the bearer token as {@link #authorize(EndpointRequest)} does, and that it carries a
   * scope value; a token without it is 403 {@code insufficient_scope} naming the scope (RFC 6750
   * section 3.1).
   */
  public Access authorize(EndpointRequest request, String requiredScope) {
    Objects.requireNonNull(request, "request");
    if (!oauth.capabilities().dpopSigningAlgorithms().isEmpty()
        && DPoPHeader.token(request).isPresent()) {
      return new Access(
          null,
          DPoPHeader.refused(
              oauth,
              realm,
              new Proauth2Exception(
                  Proauth2Exception.INVALID_DPOP_PROOF,
                  "this resource cannot check DPoP proofs: its host gave it no request URL")));
    }
    String scope = document == null ? null : document.scope();
    String metadataUrl = document == null ? null : document.metadataUrl();
    try {
      Optional<BearerToken> token = BearerToken.from(request);
      if (token.isEmpty()) {
        return new Access(null, BearerToken.missing(realm, scope, metadataUrl));
      }
      TokenSubject subject =
          document == null
              ? oauth.authenticateToken(token.get().value())
              : oauth.authenticateToken(token.get().value(), document.resource());
      if (requiredScope != null && !subject.hasScope(requiredScope)) {
        Proauth2Exception insufficient =
            new Proauth2Exception(
                BearerToken.INSUFFICIENT_SCOPE,
                "the access token lacks the scope " + requiredScope);
        return new Access(
            null, BearerToken.refused(realm, insufficient, requiredScope, metadataUrl));
      }
      return new Access(subject, null);
    } catch (Proauth2Exception e) {
      return new Access(null, BearerToken.refused(realm, e, scope, metadataUrl));
    } catch (RuntimeException e) {
      return new Access(
          null, BearerToken.refused(realm, Responses.unexpected(e, "protected resource")));
    }
  }

  /**
   * Checks an access token sent either as a bearer token or with {@code Authorization: DPoP} and a
   * {@code DPoP} proof (RFC 9449 section 7), as {@link #authorize(EndpointRequest, String)} does
   * for bearer tokens: a DPoP-bound token is accepted only with a proof by its key over this
   * request's method and {@code url} and this token ({@code ath}), and never as a bearer token. A
   * refused DPoP request gets the {@code DPoP} challenge with {@code algs} (and {@code DPoP-Nonce}
   * when the engine asks for a nonce).
   *
   * @param url the URL the client sent the request to, as it addressed it (scheme, host, port,
   *     path); the query is ignored
   * @param requiredScope a scope value the token must carry, or {@code null}
   */
  public Access authorize(EndpointRequest request, URI url, String requiredScope) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(url, "url");
    if (oauth.capabilities().dpopSigningAlgorithms().isEmpty()) {
      return authorize(request, requiredScope);
    }
    Optional<String> token;
    try {
      token = DPoPHeader.token(request);
    } catch (Proauth2Exception e) {
      return new Access(null, DPoPHeader.refused(oauth, realm, e));
    }
    if (token.isEmpty()) {
      return authorize(request, requiredScope);
    }
    try {
      TokenSubject subject =
          oauth.authenticateToken(
              token.get(),
              document == null ? null : document.resource(),
              DPoPHeader.required(request, url.toString()));
      if (requiredScope != null && !subject.hasScope(requiredScope)) {
        return new Access(
            null,
            DPoPHeader.refused(
                oauth,
                realm,
                new Proauth2Exception(
                    BearerToken.INSUFFICIENT_SCOPE,
                    "the access token lacks the scope " + requiredScope)));
      }
      return new Access(subject, null);
    } catch (Proauth2Exception e) {
      return new Access(null, DPoPHeader.refused(oauth, realm, e));
    } catch (RuntimeException e) {
      return new Access(
          null, BearerToken.refused(realm, Responses.unexpected(e, "protected resource")));
    }
  }

  /**
   * The outcome of {@link #authorize}: the token's subject, or the response that refuses the
   * request.
   *
   * @param subject who the token speaks for, or {@code null} when refused
   * @param refusal the response to send, or {@code null} when granted
   */
  public record Access(TokenSubject subject, EndpointResponse refusal) {

    /** Whether the request may go on. */
    public boolean granted() {
      return subject != null;
    }
  }

  /** Builds a {@link ProtectedResource}. */
  public static final class Builder {
    private final Proauth2 oauth;
    private final String resource;
    private final String issuer;
    private List<String> scopes = List.of();
    private String resourceName;
    private String documentation;

    private Builder(Proauth2 oauth, String resource) {
      this.oauth = Objects.requireNonNull(oauth, "oauth");
      this.resource = Objects.requireNonNull(resource, "resource");
      this.issuer =
          oauth
              .issuer()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "a protected resource names its authorization server by the engine's"
                              + " issuer: build the engine with"
                              + " Proauth2.builder().issuer(\"https://auth.example\")"));
      checkIdentifier(resource);
      if (!oauth.capabilities().resources().contains(resource)) {
        throw new IllegalArgumentException(
            "the engine does not know the resource "
                + resource
                + ", so no client could get a token for it; add it with"
                + " Proauth2.builder().resource(\""
                + resource
                + "\")");
      }
    }

    /** The scopes to advertise as {@code scopes_supported}, and to name in 401 challenges. */
    public Builder scopesSupported(List<String> scopes) {
      this.scopes = List.copyOf(new ArrayList<>(Objects.requireNonNull(scopes, "scopes")));
      return this;
    }

    /** A name for people, {@code resource_name}. */
    public Builder resourceName(String name) {
      this.resourceName = name;
      return this;
    }

    /** A page about the resource for developers, {@code resource_documentation}. */
    public Builder documentation(String url) {
      this.documentation = url;
      return this;
    }

    /** Builds it. */
    public ProtectedResource build() {
      return new ProtectedResource(this);
    }

    private static void checkIdentifier(String resource) {
      URI uri;
      try {
        uri = new URI(resource);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("the resource identifier is not a URI: " + resource, e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme();
      boolean loopback = Loopback.isLoopbackHost(uri.getHost());
      if (!(scheme.equals("https") || scheme.equals("http") && loopback)
          || uri.getHost() == null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "a protected resource's identifier must be an https URL without query or fragment"
                + " (http only on a loopback host), RFC 9728 section 1.2: "
                + resource);
      }
    }
  }
}

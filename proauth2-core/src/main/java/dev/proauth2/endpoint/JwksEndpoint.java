package dev.proauth2.endpoint;

import dev.proauth2.Proauth2;
import dev.proauth2.PublicKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code jwks_uri}: the engine's public signing keys (RFC 7517), which resource servers fetch
 * to verify JWT access tokens alone. It may be cached for {@link PublicKeys#maxAge()}, shorter than
 * the time a new key is published before it signs, so a cache holds every key before it meets a
 * token signed with it.
 */
public final class JwksEndpoint {

  /** The media type of a JWK Set (RFC 7517 section 8.5). */
  public static final String JWK_SET = "application/jwk-set+json";

  private final Proauth2 oauth;

  /** Creates the endpoint on an engine; it holds no other state and is thread-safe. */
  public JwksEndpoint(Proauth2 oauth) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
  }

  /**
   * Answers a request: 200 with the key set for {@code GET}, 404 when the engine signs nothing, 405
   * with {@code Allow: GET} for any other method. Never throws for anything the request contains.
   */
  public EndpointResponse handle(EndpointRequest request) {
    Objects.requireNonNull(request, "request");
    if (!request.method().equals("GET")) {
      return Responses.methodNotAllowed("GET", "JWKS endpoint");
    }
    Optional<PublicKeys> keys;
    try {
      keys = oauth.publicKeys();
    } catch (RuntimeException e) {
      return Responses.error(Responses.unexpected(e, "JWKS endpoint"), Responses.realm(oauth));
    }
    if (keys.isEmpty()) {
      return EndpointResponse.error(
          404, "not_found", "this server signs nothing, so it publishes no keys");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", JWK_SET);
    headers.put("Cache-Control", "public, max-age=" + keys.get().maxAge().toSeconds());
    return new EndpointResponse(200, headers, keys.get().json());
  }
}

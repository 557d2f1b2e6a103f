package dev.proauth2.servlet;

import dev.proauth2.Proauth2;
import dev.proauth2.TokenSubject;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.ProtectedResource;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;

/**
 * Guards an API: a request passes only with a live bearer access token (RFC 6750) in its {@code
 * Authorization} header, and carries the token's {@link TokenSubject} on to the API as a request
 * attribute ({@link #subject(HttpServletRequest)}). Otherwise it is answered here with the refusal
 * its {@link ProtectedResource} gives: 401 without an error when there is no token, 401 {@code
 * invalid_token} for an unknown, expired or revoked one, 400 {@code invalid_request} for a
 * malformed header.
 *
 * <pre>{@code
 * servletContext.addFilter("api", new BearerTokenFilter(oauth, "api"))
 *     .addMappingForUrlPatterns(null, false, "/api/*");
 * }</pre>
 *
 * <p>Every check is its {@link ProtectedResource}'s: that filter's is {@link
 * ProtectedResource#unbound(Proauth2, String) ProtectedResource.unbound(oauth, "api")}, which takes
 * only tokens issued for no resource in particular. For a resource that takes only tokens issued
 * for it (RFC 8707), such as an MCP server, build it on a {@link ProtectedResource#builder bound}
 * one instead: it then also serves the resource's metadata (RFC 9728) at {@link
 * ProtectedResource#wellKnownPath()}, and every 401 names that document. Map it to the metadata
 * path as well as the resource's:
 *
 * <pre>{@code
 * ProtectedResource mcp = ProtectedResource.builder(oauth, "https://api.example/mcp").build();
 * servletContext.addFilter("mcp", new BearerTokenFilter(mcp))
 *     .addMappingForUrlPatterns(null, false, "/mcp", "/mcp/*", mcp.wellKnownPath());
 * }</pre>
 */
public final class BearerTokenFilter implements Filter {

  /** The request attribute that holds the {@link TokenSubject} of an accepted request. */
  public static final String SUBJECT_ATTRIBUTE = TokenSubject.class.getName();

  private final ProtectedResource resource;

  /**
   * Creates a filter for an API that names no resource: it takes tokens issued for no resource in
   * particular, as {@link ProtectedResource#unbound(Proauth2, String)} checks them.
   *
   * @param realm the realm named in {@code WWW-Authenticate}, such as the API's name
   */
  public BearerTokenFilter(Proauth2 oauth, String realm) {
    this(ProtectedResource.unbound(oauth, realm));
  }

  /**
   * Creates a filter on a guard: for a resource with an identifier ({@link
   * ProtectedResource#builder}) it takes only tokens issued for it and serves its metadata.
   */
  public BearerTokenFilter(ProtectedResource resource) {
    this.resource = Objects.requireNonNull(resource, "resource");
  }

  /** The subject of the token this request was accepted with; empty outside the filter. */
  public static Optional<TokenSubject> subject(HttpServletRequest request) {
    return request.getAttribute(SUBJECT_ATTRIBUTE) instanceof TokenSubject subject
        ? Optional.of(subject)
        : Optional.empty();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    EndpointRequest.Builder authorization = EndpointRequest.builder(req.getMethod());
    for (String value : Collections.list(req.getHeaders("Authorization"))) {
      authorization.header("Authorization", value);
    }
    for (String value : Collections.list(req.getHeaders("DPoP"))) {
      authorization.header("DPoP", value);
    }
    String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    if (resource.servesMetadataAt(path)) {
      ServletExchange.send(resp, resource.handleMetadata(authorization.build()));
      return;
    }
    ProtectedResource.Access access = resource.authorize(authorization.build(), url(req), null);
    if (!access.granted()) {
      ServletExchange.send(resp, access.refusal());
      return;
    }
    req.setAttribute(SUBJECT_ATTRIBUTE, access.subject());
    chain.doFilter(req, resp);
  }

  /** The URL the client addressed, for a DPoP proof's {@code htu}. */
  private static URI url(HttpServletRequest req) {
    try {
      return URI.create(req.getRequestURL().toString());
    } catch (IllegalArgumentException e) {
      return URI.create("http://invalid.invalid/");
    }
  }
}

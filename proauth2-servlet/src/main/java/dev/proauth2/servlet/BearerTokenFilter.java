package dev.proauth2.servlet;

import dev.proauth2.Proauth2;
import dev.proauth2.TokenSubject;
import dev.proauth2.endpoint.BearerToken;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.spi.Proauth2Exception;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;

/**
 * Guards an API: a request passes only with a live bearer access token (RFC 6750) in its {@code
 * Authorization} header, and carries the token's {@link TokenSubject} on to the API as a request
 * attribute ({@link #subject(HttpServletRequest)}). Otherwise it is answered here with the
 * challenge {@link BearerToken} gives: 401 without an error when there is no token, 401 {@code
 * invalid_token} for an unknown, expired or revoked one, 400 {@code invalid_request} for a
 * malformed header.
 *
 * <pre>{@code
 * servletContext.addFilter("api", new BearerTokenFilter(oauth, "api"))
 *     .addMappingForUrlPatterns(null, false, "/api/*");
 * }</pre>
 */
public final class BearerTokenFilter implements Filter {

  /** The request attribute that holds the {@link TokenSubject} of an accepted request. */
  public static final String SUBJECT_ATTRIBUTE = TokenSubject.class.getName();

  private final Proauth2 oauth;
  private final String realm;

  /**
   * Creates a filter that checks tokens with this engine.
   *
   * @param realm the realm named in {@code WWW-Authenticate}, such as the API's name
   */
  public BearerTokenFilter(Proauth2 oauth, String realm) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
    this.realm = Objects.requireNonNull(realm, "realm");
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
    TokenSubject subject;
    try {
      Optional<BearerToken> bearer = BearerToken.from(authorization.build());
      if (bearer.isEmpty()) {
        ServletExchange.send(resp, BearerToken.missing(realm));
        return;
      }
      subject = oauth.authenticateToken(bearer.get().value());
    } catch (Proauth2Exception e) {
      ServletExchange.send(resp, BearerToken.refused(realm, e));
      return;
    }
    req.setAttribute(SUBJECT_ATTRIBUTE, subject);
    chain.doFilter(req, resp);
  }
}

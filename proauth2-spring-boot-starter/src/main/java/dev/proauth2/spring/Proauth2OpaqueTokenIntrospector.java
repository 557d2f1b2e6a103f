package dev.proauth2.spring;

import dev.proauth2.Proauth2;
import dev.proauth2.TokenSubject;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Spring Security's resource server on proauth2's own engine, in the same process: a token is
 * checked with one store lookup ({@link Proauth2#authenticateToken}) rather than an HTTP call to
 * the introspection endpoint. The principal is the token's subject (the user, or the client for
 * {@code client_credentials}), and each scope is a {@code SCOPE_} authority, as Spring's own
 * introspector makes them, so {@code hasAuthority("SCOPE_read")} and {@code @PreAuthorize} work.
 *
 * <pre>{@code
 * http.oauth2ResourceServer(o -> o.opaqueToken(t -> t.introspector(introspector)));
 * }</pre>
 */
public final class Proauth2OpaqueTokenIntrospector implements OpaqueTokenIntrospector {

  private final Proauth2 oauth;
  private final String resource;

  /**
   * Creates an introspector.
   *
   * @param resource the resource (RFC 8707) the API is, whose tokens alone it accepts; {@code null}
   *     for an API that names none, which accepts only tokens issued for none
   */
  public Proauth2OpaqueTokenIntrospector(Proauth2 oauth, String resource) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
    this.resource = resource;
  }

  @Override
  public OAuth2AuthenticatedPrincipal introspect(String token) {
    TokenSubject subject;
    try {
      subject =
          resource == null
              ? oauth.authenticateToken(token)
              : oauth.authenticateToken(token, resource);
    } catch (DataStoreUnavailableException e) {
      throw new OAuth2IntrospectionException("the token store did not answer", e);
    } catch (Proauth2Exception e) {
      // Never the token itself: the description says only why it was refused.
      throw new BadOpaqueTokenException(
          "the token is unknown, expired, revoked or not for this API");
    }
    String principal = subject.isClient() ? subject.clientId() : subject.userId();
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(OAuth2TokenIntrospectionClaimNames.ACTIVE, true);
    attributes.put(OAuth2TokenIntrospectionClaimNames.SUB, principal);
    attributes.put(OAuth2TokenIntrospectionClaimNames.CLIENT_ID, subject.clientId());
    List<GrantedAuthority> authorities = new ArrayList<>();
    if (subject.scope() != null && !subject.scope().isEmpty()) {
      List<String> scopes = List.of(subject.scope().split(" "));
      attributes.put(OAuth2TokenIntrospectionClaimNames.SCOPE, scopes);
      scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
    }
    if (!subject.audience().isEmpty()) {
      attributes.put(OAuth2TokenIntrospectionClaimNames.AUD, subject.audience());
    }
    return new OAuth2IntrospectionAuthenticatedPrincipal(principal, attributes, authorities);
  }
}
